# shellcheck shell=bash
# shellcheck disable=SC2154 # ETC, ALLOWED_ROLES, USAGE, BACKUP_SETTINGS: the header runtimes/deploy.ts renders
# The deploy command, last part: `activate`, `status` and the command line. Functions from the
# other parts: check_release, live_release, prune_releases, cmd_release (archive.sh or image.sh),
# activate_release and apply_roles (the runtime's deploy.sh), cmd_backup_env (backup-env.sh, only
# where BACKUP_SETTINGS is set).

cmd_activate() {
  local version='' migrate=0 roles=''
  while (($#)); do
    case $1 in
      --roles) roles=${2:-}; shift 2 || die '--roles needs a value' ;;
      --migrate) migrate=1; shift ;;
      -*) die "unknown option $1" ;;
      *) version=$1; shift ;;
    esac
  done
  [[ -n $roles ]] || die "--roles is required: none, or a comma-separated subset of $ALLOWED_ROLES"
  set_roles "$roles"
  if [[ -z $version ]]; then version=$(live_release); fi
  check_release "$version"
  activate_release "$version" "$migrate"
  printf '%s\n' "${ROLES:-none}" >"$ETC/roles"
  apply_roles
  if has_role web; then wait_healthy; fi
  prune_releases
  log "$version is live with roles: $ROLES"
}

# `protocol` first: npm run deploy reads it before anything else and refuses a Droplet whose deploy
# command is older or newer than its own (user_data, and so this script, is fixed at creation).
cmd_status() {
  printf 'protocol: %s\n' "$PROTOCOL"
  printf 'release: %s\n' "$( (live_release) 2>/dev/null || echo none)"
  printf 'roles: %s\n' "$(cat "$ETC/roles" 2>/dev/null || echo none)"
}

main() {
  [[ $(id -u) -eq 0 ]] || die "run it as root: sudo $0 $*"
  wait_for_boot
  # One deploy at a time on this Droplet.
  exec 9>"$ETC/.deploy.lock"
  flock -n 9 || die 'another deploy is running on this Droplet'
  local command=${1:-}
  if (($#)); then shift; fi
  case $command in
    env) cmd_env ;;
    ca) cmd_ca ;;
    release) cmd_release "$@" ;;
    activate) cmd_activate "$@" ;;
    status) cmd_status ;;
    backup-env) if [[ -n $BACKUP_SETTINGS ]]; then cmd_backup_env; else die "usage: $APP-deploy $USAGE"; fi ;;
    *) die "usage: $APP-deploy $USAGE" ;;
  esac
}

main "$@"
