# shellcheck shell=bash
# shellcheck disable=SC2154 # APP, ETC, RUN_AS, ALLOWED_ROLES, HEALTH_URL, HEALTH_HOST, PROTOCOL: the header runtimes/deploy.ts renders
# The deploy command (/usr/local/sbin/<app>-deploy), first part: what every runtime shares up to
# the health check. Then backup-env.sh where the backup jobs run, archive.sh or image.sh, the
# runtime's deploy.sh (runtimes/<kind>/deploy.sh), and main.sh (runtimes/deploy.ts puts them together).

set -euo pipefail
umask 0022

readonly HEALTH_ATTEMPTS=30
ROLES=''
INCOMPLETE=''

die() { printf '%s-deploy: %s\n' "$APP" "$*" >&2; exit 1; }
log() { printf '%s-deploy: %s\n' "$APP" "$*"; }
cleanup() { if [[ -n $INCOMPLETE ]]; then rm -rf "$INCOMPLETE"; fi; }
trap cleanup EXIT

# A Droplet still being made is waited for; one whose cloud-init failed is refused, since only a new
# Droplet gets what it missed. `cloud-init status` exits 1 on a critical error and, from 23.4, 2 on
# recoverable ones (cloud-init docs, "Why did cloud-init status start returning exit code 2?").
wait_for_boot() {
  local status=0
  timeout 900 cloud-init status --wait >/dev/null 2>&1 || status=$?
  case $status in
    0) ;;
    124) die 'cloud-init has not finished after 15 minutes: see cloud-init status --long' ;;
    127) die 'cloud-init is not installed: this is not a Droplet the platform made' ;;
    1) die 'cloud-init failed on this Droplet (cloud-init status --long says where): roll this Droplet' ;;
    *) log "cloud-init finished with recoverable errors (cloud-init status --long); going on" ;;
  esac
}

has_role() { [[ " $ROLES " == *" $1 "* ]]; }

set_roles() {
  local role
  local -a wanted
  ROLES=''
  if [[ $1 == none ]]; then return 0; fi
  IFS=, read -r -a wanted <<<"$1"
  for role in "${wanted[@]}"; do
    [[ " $ALLOWED_ROLES " == *" $role "* ]] || die "role '$role' is not allowed on this Droplet; allowed: $ALLOWED_ROLES"
    has_role "$role" || ROLES+="$role "
  done
  ROLES=${ROLES% }
}

cmd_env() {
  local tmp
  tmp=$(mktemp "$ETC/.app.env.XXXXXX")
  INCOMPLETE=$tmp
  cat >"$tmp"
  if grep -qvE '^([A-Za-z_][A-Za-z0-9_]*=.*|#.*|)$' "$tmp"; then
    die 'settings must be KEY=value lines'
  fi
  grep -qE '^[A-Za-z_][A-Za-z0-9_]*=' "$tmp" || die 'no settings on stdin'
  chown "root:$RUN_AS" "$tmp"
  chmod 0640 "$tmp"
  mv -f "$tmp" "$ETC/app.env"
  INCOMPLETE=''
  log 'settings replaced'
}

cmd_ca() {
  local tmp
  tmp=$(mktemp "$ETC/.database-ca.XXXXXX")
  INCOMPLETE=$tmp
  cat >"$tmp"
  grep -q -- '-----BEGIN CERTIFICATE-----' "$tmp" || die 'no PEM certificate on stdin'
  chmod 0644 "$tmp"
  mv -f "$tmp" "$ETC/database-ca.pem"
  INCOMPLETE=''
  log 'database CA replaced'
}

# Where HTTPS ends on the Droplet, :80 redirects (certbot): follow it to this Droplet's :443,
# so a redirect never passes for healthy.
wait_healthy() {
  local attempt
  for attempt in $(seq 1 "$HEALTH_ATTEMPTS"); do
    if curl -fsS -o /dev/null --max-time 5 --location --proto-redir =https --resolve "$HEALTH_HOST:443:127.0.0.1" -H "Host: $HEALTH_HOST" "$HEALTH_URL"; then
      log "healthy: $HEALTH_URL answers 200 (attempt $attempt)"
      return 0
    fi
    if ((attempt < HEALTH_ATTEMPTS)); then sleep 2; fi
  done
  die "$HEALTH_URL did not answer 200 after $HEALTH_ATTEMPTS attempts"
}
