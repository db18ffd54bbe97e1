#!/usr/bin/env bash
# Runs every benchmark and prints one table: codec rates, then full-table ingest (our agent and babeld as the
# baseline) over veth in network namespaces. Must run as root (namespaces). Installs nothing beyond what
# test.sh's scripts/install-deps.sh installs. Arguments go to the bench, e.g. --sizes 10000 or --no-babeld.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(id -u)" -ne 0 ]; then
  echo "bench/run.sh: must run as root (it creates network namespaces)" >&2
  exit 1
fi

bash scripts/install-deps.sh
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! dotnet build Babelwire.slnx -c Release -nologo -v quiet >"$log" 2>&1; then
  grep -E 'error' "$log" | sort -u | head -n 40
  echo "bench/run.sh: build failed" >&2
  exit 1
fi

exec dotnet bench/Babelwire.Bench/bin/Release/net10.0/Babelwire.Bench.dll "$@"
