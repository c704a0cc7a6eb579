# shellcheck shell=bash
# shellcheck disable=SC2154 # CACHE: the header runtimes/backup.ts renders; DB_*: the settings file (systemd's EnvironmentFile=)
# shellcheck disable=SC2034 # DUMP_SUFFIX: read by dump.sh
# MySQL's dump_database FILE CA for dump.sh: mysqldump, gzipped, checked complete.

readonly DUMP_SUFFIX=sql.gz

dump_database() {
  local file=$1 ca=$2
  local options=$CACHE/client.cnf
  printf '[client]\npassword="%s"\n' "$(printf '%s' "$DB_PASSWORD" | sed 's/[\\"]/\\&/g')" >"$options"
  # A consistent snapshot without locks (InnoDB); no tablespaces, no GTIDs: restorable into a new cluster.
  mysqldump --defaults-extra-file="$options" --host="$DB_HOST" --port="$DB_PORT" --user="$DB_USER" \
    --ssl-mode=VERIFY_CA --ssl-ca="$ca" --single-transaction --quick --no-tablespaces --set-gtid-purged=OFF \
    "$DB_NAME" | gzip -c >"$file"
  gzip -t "$file"
  zcat "$file" | tail -n 1 | grep -q '^-- Dump completed' || die 'dump: the dump is incomplete (no "Dump completed" line)'
}
