# shellcheck shell=bash
# shellcheck disable=SC2154 # APP, STATE, HEARTBEAT, JOBS, STALE_HOURS, USAGE: the header runtimes/backup.ts renders
# shellcheck disable=SC2004 # STALE_HOURS[$job]: the header declares an associative array (declare -rA), whose key needs its $
# The backup script, last part: the heartbeat (`check`), the failure handler (`failed JOB`) and the
# command line. cmd_copy and cmd_dump come from copy.sh and dump.sh, only for the jobs in JOBS.

cmd_check() {
  local job stamp age fresh=1
  local -a report=()
  for job in $JOBS; do
    if [[ -e $STATE/$job.failed ]]; then
      log "$job: the last run failed (journalctl -u $APP-backup-$job.service)"
      fresh=0
      continue
    fi
    stamp=$(stat -c %Y "$STATE/$job.ok" 2>/dev/null || echo 0)
    age=$((($(date +%s) - stamp) / 3600))
    if ((age >= STALE_HOURS[$job])); then
      log "$job: no successful run for ${age}h (allowed: ${STALE_HOURS[$job]}h)"
      fresh=0
      continue
    fi
    report+=("$job ok $(date -u -d "@$stamp" +%Y-%m-%dT%H:%M:%SZ)")
  done
  if ((fresh)); then
    printf '%s\n' "${report[@]}" >"$HEARTBEAT.tmp"
    chmod 0644 "$HEARTBEAT.tmp"
    mv -f "$HEARTBEAT.tmp" "$HEARTBEAT"
    return 0
  fi
  rm -f "$HEARTBEAT"
  return 1
}

# The timer's run: the heartbeat is the report (and the journal says why it went); the unit fails
# only when the check itself cannot run, so `systemctl --failed` does not fill with stale jobs.
cmd_check_unit() {
  cmd_check || log "heartbeat withdrawn"
}

cmd_failed() {
  local job=${1:-}
  [[ " $JOBS " == *" $job "* ]] || die "failed: unknown job '$job'; jobs: $JOBS"
  touch "$STATE/$job.failed"
  log "$job: failed; heartbeat withdrawn"
  cmd_check || true
}

main() {
  local command=${1:-}
  if (($#)); then shift; fi
  case $command in
    copy | dump) if [[ " $JOBS " == *" $command "* ]]; then "cmd_$command"; else die "usage: $APP-backup $USAGE"; fi ;;
    check) cmd_check_unit ;;
    failed) cmd_failed "$@" ;;
    *) die "usage: $APP-backup $USAGE" ;;
  esac
}

main "$@"
