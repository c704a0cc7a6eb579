# shellcheck shell=bash
# shellcheck disable=SC2154 # BASE: the header runtimes/deploy.ts renders
# shellcheck disable=SC2034 # INCOMPLETE: read by common.sh's cleanup (the EXIT trap)
# The deploy command of runtimes whose release is an archive (laravel, python): `release VERSION`
# unpacks a .tar.gz from stdin into releases/VERSION, and the runtime's prepare_release readies it;
# `activate` points `current` at it. What main.sh calls: cmd_release, live_release, check_release,
# prune_releases (image.sh has the same).

readonly KEEP_RELEASES=3

check_version() {
  [[ $1 =~ ^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$ ]] || die "version '$1' is not allowed: 1-64 letters, digits, dots, dashes, underscores"
}

live_release() {
  [[ -L $BASE/current ]] || die 'no release is live yet: activate a VERSION'
  basename "$(readlink -f "$BASE/current")"
}

switch_current() {
  ln -sfn "$1" "$BASE/current.next"
  mv -Tf "$BASE/current.next" "$BASE/current"
}

prune_releases() {
  local live dir
  live=$(readlink -f "$BASE/current")
  find "$BASE/releases" -mindepth 1 -maxdepth 1 -type d -printf '%T@ %p\n' | sort -rn | tail -n +$((KEEP_RELEASES + 1)) | cut -d' ' -f2- |
    while IFS= read -r dir; do
      if [[ $(readlink -f "$dir") != "$live" ]]; then rm -rf "$dir"; fi
    done
}

cmd_release() {
  local version=${1:-} dir
  [[ -n $version ]] || die 'usage: release VERSION < RELEASE.tar.gz'
  check_version "$version"
  dir=$BASE/releases/$version
  # A retried deploy finds its release prepared: nothing to do. One left half-done (no marker) is redone.
  if [[ -f $dir/.prepared ]]; then
    cat >/dev/null
    log "release $version is prepared already"
    return 0
  fi
  rm -rf "$dir"
  mkdir "$dir"
  INCOMPLETE=$dir
  tar -xzf - -C "$dir" --no-same-owner
  # Root's, readable by all, writable by none: tar keeps the archive's modes (0700 from a mktemp build dir).
  chown -R root:root "$dir"
  chmod -R u+rwX,go+rX,go-w "$dir"
  prepare_release "$dir"
  touch "$dir/.prepared"
  INCOMPLETE=''
  log "release $version prepared"
}

# Only a prepared release goes live.
check_release() {
  check_version "$1"
  [[ -f $BASE/releases/$1/.prepared ]] || die "release $1 is not prepared: run release $1 first"
}
