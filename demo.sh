#!/usr/bin/env bash
# The demo mesh (until the controller and dashboard exist, the agent on its own): three hosts in network namespaces
# on this machine, each running babelwire-agent in WireGuard mode with one interface and the two others as peers.
# The underlay is a line, A — B — C: A and C cannot reach each other directly, so Babel routes A's traffic to C
# through B by putting C's addresses into the AllowedIPs of A's peer B. Prints each host's view and pings from A
# to C over the overlay (IPv6 and IPv4), then keeps running until Ctrl+C (or exits at once with --once). Run as root.
set -euo pipefail
cd "$(dirname "$0")"

once=false
[ "${1:-}" = "--once" ] && once=true
[ "$(id -u)" -eq 0 ] || { echo "demo.sh: run as root (it creates network namespaces)" >&2; exit 1; }

bash scripts/install-deps.sh
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build Agent/Babelwire.Agent.csproj -c Release -nologo -v quiet >/dev/null
agent_dll="$PWD/Agent/bin/Release/net10.0/babelwire-agent.dll"

run="bwd$$"          # per-run prefix: namespaces and WireGuard interface names (UAPI sockets are machine-wide)
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  for n in a b c; do ip netns del "$run-$n" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

declare -A underlay=([a]=192.0.2.1 [b]=192.0.2.2 [c]=198.51.100.2)
declare -A overlay6=([a]=2001:db8:ff::a [b]=2001:db8:ff::b [c]=2001:db8:ff::c)
declare -A overlay4=([a]=198.18.0.10 [b]=198.18.0.11 [c]=198.18.0.12)
declare -A pub

for n in a b c; do
  ip netns add "$run-$n"
  ip -n "$run-$n" link set lo up
  mkdir -p "$work/state-$n"
  (umask 077; wg genkey > "$work/state-$n/wireguard.key")
  pub[$n]=$(wg pubkey < "$work/state-$n/wireguard.key")
done
ip link add ab-a netns "$run-a" type veth peer name ab-b netns "$run-b"
ip link add bc-b netns "$run-b" type veth peer name bc-c netns "$run-c"
ip -n "$run-a" addr add 192.0.2.1/30 dev ab-a
ip -n "$run-b" addr add 192.0.2.2/30 dev ab-b
ip -n "$run-b" addr add 198.51.100.1/30 dev bc-b
ip -n "$run-c" addr add 198.51.100.2/30 dev bc-c
for l in "a ab-a" "b ab-b" "b bc-b" "c bc-c"; do set -- $l; ip -n "$run-$1" link set "$2" up; done

peer() { # this host, peer host, endpoint address as this host knows it
  echo "{ \"publicKey\": \"${pub[$2]}\", \"endpoint\": \"$3:51820\", \"persistentKeepalive\": \"10s\" }"
}
config() { # host, peers json
  cat > "$work/$1.json" <<JSON
{
  "stateDirectory": "$work/state-$1",
  "statusSocket": "$work/$1.sock",
  "wireguard": {
    "interface": "$run$1",
    "mode": "create",
    "backend": "userspace",
    "listenPort": 51820,
    "addresses": [ "${overlay6[$1]}/128", "${overlay4[$1]}/32" ],
    "helloInterval": "1s",
    "peers": [ $2 ]
  }
}
JSON
}
# Every host has both others as peers; A's endpoint for C (and C's for A) is unreachable over this underlay.
config a "$(peer a b 192.0.2.2), $(peer a c 198.51.100.2)"
config b "$(peer b a 192.0.2.1), $(peer b c 198.51.100.2)"
config c "$(peer c b 198.51.100.1), $(peer c a 192.0.2.1)"

for n in a b c; do
  ip netns exec "$run-$n" dotnet "$agent_dll" run --config "$work/$n.json" >"$work/$n.log" 2>&1 &
  pids+=($!)
done

echo "Waiting for A to reach C's overlay addresses through B (up to 60 s)..."
converged=false
for _ in $(seq 1 60); do
  if ip netns exec "$run-a" ping -6 -c 1 -W 1 "${overlay6[c]}" >/dev/null 2>&1 \
     && ip netns exec "$run-a" ping -4 -c 1 -W 1 "${overlay4[c]}" >/dev/null 2>&1; then
    converged=true; break
  fi
  sleep 1
done

status() { dotnet "$agent_dll" status --socket "$work/$1.sock" "${@:2}"; }
echo; echo "=== host A: babelwire-agent status ==="; status a || true
echo; echo "=== host A: wg show (C's addresses sit in B's AllowedIPs) ==="; ip netns exec "$run-a" wg show "${run}a" || true
echo; echo "=== ping from A to C over the overlay ==="
ip netns exec "$run-a" ping -6 -c 3 -i 0.2 "${overlay6[c]}" || true
ip netns exec "$run-a" ping -4 -c 3 -i 0.2 "${overlay4[c]}" || true

if [ "$converged" != true ]; then
  echo; echo "demo.sh: A could not reach C in 60 s; logs:" >&2
  tail -n 20 "$work"/*.log >&2
  exit 1
fi
echo; echo "Converged: A reaches C through B over one WireGuard interface per host."
$once && exit 0
echo "Running; press Ctrl+C to stop and clean up. Logs in $work"
wait
