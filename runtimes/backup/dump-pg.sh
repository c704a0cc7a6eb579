# shellcheck shell=bash
# shellcheck disable=SC2154 # PG_BIN: the header runtimes/backup.ts renders; DB_*: the settings file (systemd's EnvironmentFile=)
# shellcheck disable=SC2034 # DUMP_SUFFIX: read by dump.sh
# PostgreSQL's dump_database FILE CA for dump.sh: pg_dump of the engine's major version (PG_BIN; an
# older client refuses a newer server), checked by pg_restore.

readonly DUMP_SUFFIX=dump

dump_database() {
  local file=$1 ca=$2
  # Custom format: compressed, restorable table by table with pg_restore.
  PGPASSWORD=$DB_PASSWORD "$PG_BIN/pg_dump" --format=custom --no-owner --no-privileges --file="$file" \
    "host=$DB_HOST port=$DB_PORT dbname=$DB_NAME user=$DB_USER sslmode=verify-ca sslrootcert=$ca"
  "$PG_BIN/pg_restore" --list "$file" >/dev/null || die 'dump: pg_restore cannot read the dump'
}
