# shellcheck shell=bash
# shellcheck disable=SC2154 # APP, STATE, SETTINGS: the header runtimes/backup.ts renders
# shellcheck disable=SC2034 # RCLONE_FLAGS: read by copy.sh and dump.sh
# The backup script (/usr/local/sbin/<app>-backup), first part: what every job shares. Then copy.sh
# and dump.sh (with dump-mysql.sh or dump-pg.sh) for the jobs this Droplet runs, and main.sh
# (runtimes/backup.ts puts them together).

set -euo pipefail
umask 0077

readonly RCLONE_FLAGS=(--fast-list --stats-one-line --stats 10m --stats-log-level NOTICE)

log() { printf '%s-backup: %s\n' "$APP" "$*"; }
die() { printf '%s-backup: %s\n' "$APP" "$*" >&2; exit 1; }
need() {
  local name
  for name in "$@"; do
    [[ -n ${!name:-} ]] || die "$name is not set in $SETTINGS: run npm run deploy for this stack (docs/backups.md)"
  done
}

succeeded() {
  touch "$STATE/$1.ok"
  rm -f "$STATE/$1.failed"
  log "$1: done"
  cmd_check || true
}
