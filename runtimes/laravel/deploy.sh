# shellcheck shell=bash
# shellcheck disable=SC2154 # APP, BASE, ETC, RUN_AS, FPM_SERVICE: the header runtimes/deploy.ts and runtimes/laravel.ts render
# The Laravel runtime's part of the deploy command (runtimes/deploy/ has the rest): prepare_release,
# activate_release, apply_roles. FPM_SERVICE is php-fpm's unit on web groups, empty on the others
# (no php-fpm there). The worker and the scheduler are supervisor programs, linked in by role.

readonly SUPERVISOR_CONF_D=/etc/supervisor/conf.d

# As the app, with no access for others to what it writes: `optimize` caches every setting, secrets
# included, in bootstrap/cache/config.php (the deploy command's own umask 0022 would make it 0644).
artisan() {
  local dir=$1
  shift
  runuser -u "$RUN_AS" -- /bin/sh -c 'umask 0027 && exec "$@"' artisan php "$dir/artisan" "$@"
}

prepare_release() {
  local dir=$1
  [[ -f $dir/artisan ]] || die 'the archive has no artisan at its top: pack the root of the Laravel app'
  # Nothing from the archive runs as root: dependencies come built (composer in CI), never
  # installed here, where composer's scripts and plugins would run with root's rights.
  [[ -f $dir/vendor/autoload.php ]] || die 'the archive has no vendor/: build it in CI (composer install --no-dev --optimize-autoloader)'
  # The paths root works on below must be the release's own, not links the archive planted.
  if [[ -L $dir/bootstrap || -L $dir/bootstrap/cache ]]; then die 'bootstrap/ and bootstrap/cache must be directories, not links'; fi
  rm -rf "$dir/storage" "$dir/.env"
  ln -s "$BASE/shared/storage" "$dir/storage"
  ln -s "$ETC/app.env" "$dir/.env"
  # The app reads its code and writes only bootstrap/cache (and the shared storage); others may
  # not even list them: the caches hold the settings.
  install -d -m 2770 -o root -g "$RUN_AS" "$dir/bootstrap/cache"
  chmod -R g+w "$dir/bootstrap/cache"
}

activate_release() {
  local version=$1 migrate=$2
  local dir=$BASE/releases/$version
  artisan "$dir" optimize
  if ((migrate)); then artisan "$dir" migrate --force; fi
  switch_current "$dir"
  if [[ -n $FPM_SERVICE ]]; then systemctl reload "$FPM_SERVICE"; fi
  # Workers finish their job and exit; supervisor starts them again on the new release.
  artisan "$dir" queue:restart
}

apply_roles() {
  local role link
  for role in worker scheduler; do
    link=$SUPERVISOR_CONF_D/$APP-$role.conf
    if has_role "$role"; then ln -sfn "$ETC/supervisor/$role.conf" "$link"; else rm -f "$link"; fi
  done
  supervisorctl reread >/dev/null
  supervisorctl update
  # schedule:work holds the release it started with: start it again on the new one.
  if has_role scheduler; then supervisorctl restart "$APP-scheduler:*"; fi
}
