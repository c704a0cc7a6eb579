# shellcheck shell=bash
# shellcheck disable=SC2154 # COPY_PREFIX: the header runtimes/backup.ts renders; RCLONE_FLAGS: common.sh; SOURCE_BUCKET, BACKUPS_BUCKET: the settings file (systemd's EnvironmentFile=)
# The copy job: the source bucket into the backups bucket, under COPY_PREFIX.

cmd_copy() {
  need SOURCE_BUCKET BACKUPS_BUCKET
  log "copy: $SOURCE_BUCKET -> $BACKUPS_BUCKET/$COPY_PREFIX"
  # Deleted or overwritten objects stay old versions in the versioned destination.
  rclone sync "source:$SOURCE_BUCKET" "backups:$BACKUPS_BUCKET/$COPY_PREFIX" "${RCLONE_FLAGS[@]}"
  succeeded copy
}
