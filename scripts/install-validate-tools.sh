#!/usr/bin/env bash
# Installs what `npm run validate` runs in its runtime and boot stages, from Debian 12's own
# packages, as root: nginx, supervisor, shellcheck, php-fpm, systemd-analyze, cloud-init's schema
# check, and systemd-nspawn with mmdebstrap (the boot stage builds its Debian root itself). Idempotent.
#
# - Daemons are not started by the install: a temporary /usr/sbin/policy-rc.d answering 101 is put
#   in place when there is none (and removed afterwards); an existing one is left as it is.
# - cloud-init is UNPACKED into <repo>/.tools/cloud-init, not installed, so the machine's boot is
#   untouched; its schema check runs with Debian's python3 and the python3-* packages below.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tools="$repo/.tools"
policy=/usr/sbin/policy-rc.d

if [[ $(id -u) -ne 0 ]]; then
  echo "install-validate-tools: run as root (sudo bash scripts/install-validate-tools.sh)" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive

created_policy=""
scratch=""
cleanup() {
  if [[ -n $created_policy ]]; then rm -f "$policy"; fi
  if [[ -n $scratch ]]; then rm -rf "$scratch"; fi
}
trap cleanup EXIT
if [[ ! -e $policy ]]; then
  printf '#!/bin/sh\n# install-validate-tools.sh: no daemon starts during the install\nexit 101\n' >"$policy"
  chmod 0755 "$policy"
  created_policy=1
fi

packages=(nginx supervisor shellcheck php-fpm systemd-container mmdebstrap
  python3-yaml python3-jsonschema python3-requests python3-configobj python3-jsonpatch)
if ! command -v systemd-analyze >/dev/null 2>&1; then packages+=(systemd); fi

apt-get update -q
apt-get install -y -q --no-install-recommends "${packages[@]}"

# cloud-init: the candidate version, unpacked once per version.
version="$(apt-cache policy cloud-init | awk '/Candidate:/ { print $2 }')"
if [[ -z $version || $version == "(none)" ]]; then
  echo "install-validate-tools: apt knows no cloud-init package" >&2
  exit 1
fi
stamp="$tools/cloud-init/.version"
if [[ -f $stamp && $(<"$stamp") == "$version" ]]; then
  echo "cloud-init $version already unpacked in $tools/cloud-init"
else
  mkdir -p "$tools"
  scratch="$(mktemp -d "$tools/.cloud-init.XXXXXX")"
  (cd "$scratch" && apt-get download -q -o APT::Sandbox::User=root "cloud-init=$version")
  dpkg-deb -x "$scratch"/cloud-init_*.deb "$scratch/root"
  printf '%s\n' "$version" >"$scratch/root/.version"
  rm -rf "$tools/cloud-init"
  mv "$scratch/root" "$tools/cloud-init"
  echo "cloud-init $version unpacked in $tools/cloud-init"
fi
