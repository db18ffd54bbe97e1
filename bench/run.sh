#!/usr/bin/env bash
# Runs every benchmark and prints one table: codec rates, then full-table ingest (our agent and babeld as the
# baseline) over veth in network namespaces, the WireGuard mesh rows, and the controller with N simulated agents.
# Must run as root (namespaces). Installs nothing beyond what test.sh's scripts/install-deps.sh installs.
# Arguments go to the bench, e.g. --sizes 10000, --no-babeld, --only controller --agents 100,1000,5000 [--quick].
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

# The controller benchmark holds one socket per simulated agent in the bench and one in the controller: 65,536 open
# files, or the hard limit where that is lower (a container without CAP_SYS_RESOURCE; 5,000 agents need ~5,100).
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

# The controller benchmark runs in this namespace (the bench makes and deletes it). If the bench dies or this script
# is interrupted or terminated, the bench is stopped, whatever is left in the namespace (controller, PostgreSQL) is
# killed by process id, and the namespace deleted. The bench runs in the background so that a signal to this script
# is handled at once rather than after the bench exits.
netns="bwbench-$$"
bench_pid=""
cleanup() {
  rm -f "$log"
  if [ -n "$bench_pid" ]; then
    kill "$bench_pid" 2>/dev/null || true
    wait "$bench_pid" 2>/dev/null || true
  fi
  if ip netns list | grep -qw "$netns"; then
    for pid in $(ip netns pids "$netns"); do kill -9 "$pid" 2>/dev/null || true; done
    ip netns del "$netns" 2>/dev/null || true
  fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
dotnet bench/Babelwire.Bench/bin/Release/net10.0/Babelwire.Bench.dll --netns "$netns" "$@" &
bench_pid=$!
status=0
wait "$bench_pid" || status=$?
bench_pid=""
exit "$status"
