# shellcheck shell=bash
# shellcheck disable=SC2154 # APP, ETC, ALLOWED_ROLES, MIGRATE_SERVICE: the header runtimes/deploy.ts and runtimes/container.ts render
# The container runtime's part of the deploy command (runtimes/deploy/ has the rest): pull_release,
# activate_release, apply_roles. Each role of ALLOWED_ROLES is a compose service in the profile of
# the same name; MIGRATE_SERVICE is the one-off migration service (empty: no migration configured).

compose() {
  local release=$1
  shift
  docker compose --project-name "$APP" --file "$ETC/compose.yaml" --env-file "$release" "$@"
}

pull_release() {
  local ref=$1
  docker pull --quiet "$ref" >/dev/null
}

activate_release() {
  local version=$1 migrate=$2
  local next=$ETC/release.env.next
  printf 'APP_IMAGE=%s\n' "$version" >"$next"
  if ((migrate)); then
    if [[ -n $MIGRATE_SERVICE ]]; then
      compose "$next" --profile "$MIGRATE_SERVICE" run --rm --no-deps "$MIGRATE_SERVICE"
    else
      log 'no migration is configured'
    fi
  fi
  mv -f "$next" "$ETC/release.env"
}

apply_roles() {
  local service
  local -a up=()
  for service in $ALLOWED_ROLES; do
    if has_role "$service"; then
      up+=(--profile "$service")
    else
      compose "$ETC/release.env" --profile "$service" rm --stop --force "$service"
    fi
  done
  if ((${#up[@]})); then compose "$ETC/release.env" "${up[@]}" up --detach --remove-orphans; fi
}
