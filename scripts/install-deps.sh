#!/usr/bin/env bash
# Installs what Babelwire needs on Debian: the .NET SDK is assumed; the rest comes from Debian's packages.
# Idempotent and quiet: does nothing when everything is already there.
set -euo pipefail

# postgresql: the controller tests start throwaway servers from its binaries (tests/Babelwire.Testing).
# docker-compose: only to validate docker-compose.yml (`docker-compose config`); no container engine is needed.
# curl and python3: demo.sh talks to the controller's API with them.
# chromium and fonts-liberation: the dashboard's browser tests (Playwright drives Debian's Chromium, headless).
packages=(wireguard-go wireguard-tools babeld iproute2 iputils-ping nftables postgresql docker-compose curl python3 chromium fonts-liberation)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: missing Debian packages: ${missing[*]} (run as root to install them)" >&2
  exit 1
fi
echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
