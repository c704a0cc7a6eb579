# shellcheck shell=bash
# The rolling resize's wait (constructs/app-tier.ts), run by Terraform's local-exec on the machine
# that runs `terraform apply`, after an app Droplet behind the load balancer was resized: the next
# Droplet is resized only once this one answers its health path again, as the load balancer checks
# it (HTTP on :80, HEALTHY_THRESHOLD good answers in a row, INTERVAL seconds apart). Never within
# TIMEOUT seconds: exit 1, which fails the apply and stops the roll, so the other Droplets keep
# serving. A Droplet created less than NEW_WITHIN seconds ago (a first apply, a replacement) runs no
# release yet (npm run deploy brings it): nothing to wait for.
# Header: HOST, HEALTH_PATH, HEALTHY_THRESHOLD, INTERVAL, TIMEOUT, NEW_WITHIN.
# Environment (from Terraform): DROPLET_NAME, DROPLET_IP, CREATED_AT (RFC 3339, UTC).

set -euo pipefail

log() { printf 'health wait %s: %s\n' "$DROPLET_NAME" "$*" >&2; }

# RFC 3339 UTC timestamps compare as text; GNU date takes -d @N, BSD date -r N.
utc() { date -u -d "@$1" +%Y-%m-%dT%H:%M:%SZ 2>/dev/null || date -u -r "$1" +%Y-%m-%dT%H:%M:%SZ; }
now=$(date +%s)
if [[ ! $CREATED_AT < $(utc $((now - NEW_WITHIN))) ]]; then
  log "created at $CREATED_AT, less than ${NEW_WITHIN}s ago: it runs no release until npm run deploy; not waiting"
  exit 0
fi
if ! command -v curl >/dev/null 2>&1; then
  log "curl is not installed on the machine running terraform apply; install it (apt-get install curl)"
  exit 1
fi

url="http://$DROPLET_IP$HEALTH_PATH"
deadline=$((now + TIMEOUT))
good=0
last="no answer yet"
while :; do
  code=$(curl --silent --output /dev/null --write-out '%{http_code}' --max-time 5 --header "Host: $HOST" "$url") || code="000"
  if [[ $code == 200 ]]; then
    good=$((good + 1))
    if ((good >= HEALTHY_THRESHOLD)); then
      log "$url answered 200 ${good} times in a row: serving again"
      exit 0
    fi
  else
    good=0
    last=$([[ $code == 000 ]] && echo "no connection" || echo "HTTP $code")
  fi
  if (($(date +%s) >= deadline)); then
    log "FAILED: $url (Host: $HOST) did not answer 200 ${HEALTHY_THRESHOLD} times in a row within ${TIMEOUT}s (last: $last)."
    if [[ $last == "no connection" ]]; then
      log "No connection: the Droplets' firewall lets :80 in from the load balancer and admin_cidrs only; run the apply from an address in admin_cidrs."
    fi
    log "The roll stops here; the Droplets not yet resized keep serving. Fix this Droplet (npm run deploy), then apply again."
    exit 1
  fi
  sleep "$INTERVAL"
done
