# shellcheck shell=bash
# shellcheck disable=SC2154 # APP, BASE, ETC, RUN_AS, ALLOWED_ROLES, MIGRATE, FRONTEND: the header runtimes/deploy.ts and runtimes/python.ts render
# The Python runtime's part of the deploy command (runtimes/deploy/ has the rest): prepare_release,
# activate_release, apply_roles. MIGRATE is the configured migration's argv (empty: none); FRONTEND
# is the release's directory of the frontend's static files where this Droplet serves it (empty: none); each
# role of ALLOWED_ROLES is a systemd unit of its own, <app>-<role>.service.

# Runs a command as the app, with its settings, in a release's venv (as the units do).
in_app_env() {
  local dir=$1
  shift
  systemd-run --quiet --wait --pipe --collect --uid="$RUN_AS" --gid="$RUN_AS" --working-directory="$dir" \
    --property=EnvironmentFile="$ETC/app.env" --setenv=PATH="$dir/.venv/bin:/usr/local/bin:/usr/bin:/bin" -- "$@"
}

prepare_release() {
  local dir=$1
  [[ -f $dir/requirements.txt ]] || die 'the archive has no requirements.txt at its top'
  # nginx serves the frontend's names from the live release's FRONTEND/: a release without it would answer them with errors.
  if [[ -n $FRONTEND && ! -f $dir/$FRONTEND/index.html ]]; then
    die "the archive has no $FRONTEND/index.html: this stack serves the frontend's built static files from $FRONTEND/ of the release"
  fi
  # Wheels built in CI (pip wheel -r requirements.txt -w wheels), installed offline and only as
  # wheels: installing a wheel runs none of its code, building an sdist here would, as root.
  [[ -d $dir/wheels ]] || die 'the archive has no wheels/: build them in CI (pip wheel -r requirements.txt -w wheels)'
  python3 -m venv "$dir/.venv"
  "$dir/.venv/bin/pip" install --quiet --no-cache-dir --no-index --only-binary=:all: --find-links "$dir/wheels" --requirement "$dir/requirements.txt"
  [[ -x $dir/.venv/bin/gunicorn ]] || die 'requirements.txt must install gunicorn (and uvicorn)'
}

# systemd-run finds a bare program with the caller's PATH (sudo's secure_path), never the venv's:
# the program is named by its path in the release's venv, as the units name theirs.
migrate_release() {
  local dir=$1 program=${MIGRATE[0]:-}
  if [[ -z $program ]]; then
    log 'no migration is configured'
    return 0
  fi
  if [[ $program != /* ]]; then program=$dir/.venv/bin/$program; fi
  in_app_env "$dir" "$program" "${MIGRATE[@]:1}"
}

activate_release() {
  local version=$1 migrate=$2
  local dir=$BASE/releases/$version
  if ((migrate)); then migrate_release "$dir"; fi
  switch_current "$dir"
}

apply_roles() {
  local role
  for role in $ALLOWED_ROLES; do
    if has_role "$role"; then
      systemctl enable --quiet "$APP-$role.service"
      systemctl restart "$APP-$role.service"
    else
      systemctl disable --quiet --now "$APP-$role.service"
    fi
  done
}
