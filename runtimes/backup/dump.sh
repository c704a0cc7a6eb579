# shellcheck shell=bash
# shellcheck disable=SC2154 # APP, CACHE, DATABASE_CA_CREDENTIAL, DUMP_PREFIX: the header runtimes/backup.ts renders; CREDENTIALS_DIRECTORY: systemd (LoadCredential=); RCLONE_FLAGS: common.sh; DUMP_SUFFIX: dump-mysql.sh or dump-pg.sh; BACKUPS_BUCKET, DB_*: the settings file (systemd's EnvironmentFile=)
# The dump job: the database dumped to a file in the private cache directory (dump_database, from
# dump-mysql.sh or dump-pg.sh: the engine's client checks its dump), then uploaded under DUMP_PREFIX.

cmd_dump() {
  need BACKUPS_BUCKET DB_HOST DB_PORT DB_NAME DB_USER DB_PASSWORD
  # systemd hands the CA over as a credential only this job's user can read (the unit's LoadCredential=).
  local ca=${CREDENTIALS_DIRECTORY:-}/$DATABASE_CA_CREDENTIAL
  [[ -n ${CREDENTIALS_DIRECTORY:-} && -r $ca ]] || die "the database's CA is not readable as credential $DATABASE_CA_CREDENTIAL: run the dump through its unit (systemctl start $APP-backup-dump.service)"
  local started file key
  started=$(date -u +%Y%m%dT%H%M%SZ)
  file=$CACHE/$DB_NAME-$started.$DUMP_SUFFIX
  key=$DUMP_PREFIX$(date -u +%Y/%m/%d)/${file##*/}
  # The dump and the client's password file live only in the private cache directory.
  trap 'rm -f "$CACHE"/*' EXIT
  dump_database "$file" "$ca"
  rclone copyto "$file" "backups:$BACKUPS_BUCKET/$key" "${RCLONE_FLAGS[@]}"
  log "dump: $(stat -c %s "$file") bytes to $BACKUPS_BUCKET/$key"
  succeeded dump
}
