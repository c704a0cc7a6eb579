# shellcheck shell=bash
# shellcheck disable=SC2154 # ETC: the header runtimes/deploy.ts renders
# The deploy command of runtimes whose release is an image (container): `release IMAGE` pulls it
# (the runtime's pull_release); `activate` names it in $ETC/release.env. What main.sh calls:
# cmd_release, live_release, check_release, prune_releases (archive.sh has the same).

check_image() {
  [[ $1 =~ ^[A-Za-z0-9][A-Za-z0-9._/:@-]*$ ]] || die "image '$1' is not an image reference"
  [[ $1 =~ @sha256:[0-9a-f]{64}$ || ${1##*/} =~ ^[a-z0-9][a-z0-9._-]*:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$ ]] || die "image '$1' has no tag or digest: name:tag or name@sha256:digest"
}

live_release() {
  [[ -f $ETC/release.env ]] || die 'no release is live yet: activate an IMAGE'
  sed -n 's/^APP_IMAGE=//p' "$ETC/release.env"
}

cmd_release() {
  local ref=${1:-}
  [[ -n $ref ]] || die 'usage: release IMAGE'
  check_image "$ref"
  pull_release "$ref"
  log "image $ref pulled"
}

check_release() {
  check_image "$1"
}

# Nothing to prune: an image leaves no release directory behind.
prune_releases() { :; }
