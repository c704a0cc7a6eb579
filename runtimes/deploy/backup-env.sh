# shellcheck shell=bash
# shellcheck disable=SC2154 # APP, ETC, BACKUP_SETTINGS, BACKUP_STATE, BACKUP_JOBS: the header runtimes/deploy.ts renders
# shellcheck disable=SC2034 # INCOMPLETE: read by common.sh's cleanup (the EXIT trap)
# The deploy command's `backup-env`, only on the Droplet that runs the backup jobs (runtimes/backup.ts).

# The backup jobs' keys and database password: root's alone (systemd reads it for the jobs).
cmd_backup_env() {
  local tmp
  tmp=$(mktemp "$ETC/.backup.env.XXXXXX")
  INCOMPLETE=$tmp
  cat >"$tmp"
  if grep -qvE '^([A-Za-z_][A-Za-z0-9_]*=".*"|#.*|)$' "$tmp"; then
    die 'backup settings must be KEY="value" lines'
  fi
  grep -qE '^[A-Za-z_][A-Za-z0-9_]*=' "$tmp" || die 'no backup settings on stdin'
  chmod 0600 "$tmp"
  mv -f "$tmp" "$BACKUP_SETTINGS"
  INCOMPLETE=''
  log 'backup settings replaced'
  start_first_runs
}

# A job that never succeeded runs now rather than at its next schedule: the heartbeat stays away
# until every job succeeded once, and a weekly dump would otherwise keep it away for days.
start_first_runs() {
  local job
  local -a units=()
  for job in $BACKUP_JOBS; do
    [[ -e $BACKUP_STATE/$job.ok ]] || units+=("$APP-backup-$job.service")
  done
  if ((${#units[@]})); then
    systemctl start --no-block "${units[@]}"
    log "first run started: ${units[*]} (journalctl -u to follow; the heartbeat comes once all succeeded)"
  fi
}
