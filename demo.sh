#!/usr/bin/env bash
# The demo mesh (until the controller and dashboard exist): three hosts in network namespaces on this machine,
#   A (babelwire-agent) --veth-- B (babelwire-agent) --veth-- C (babeld 1.12, the reference implementation)
# Each announces an IPv6 and an IPv4 prefix; A learns C's through B, babeld learns A's and B's and installs them.
# Prints every host's view, then keeps running until Ctrl+C (or exits at once with --once). Run as root.
set -euo pipefail
cd "$(dirname "$0")"

once=false
[ "${1:-}" = "--once" ] && once=true
[ "$(id -u)" -eq 0 ] || { echo "demo.sh: run as root (it creates network namespaces)" >&2; exit 1; }

bash scripts/install-deps.sh
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build Agent/Babelwire.Agent.csproj -c Release -nologo -v quiet >/dev/null
agent_dll="$PWD/Agent/bin/Release/net10.0/babelwire-agent.dll"

prefix="bwdemo$$"
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  for n in a b c; do ip netns del "$prefix-$n" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

for n in a b c; do
  ip netns add "$prefix-$n"
  ip -n "$prefix-$n" link set lo up
done
ip link add ab-a netns "$prefix-a" type veth peer name ab-b netns "$prefix-b"
ip link add bc-b netns "$prefix-b" type veth peer name bc-c netns "$prefix-c"
ip -n "$prefix-a" link set ab-a up
ip -n "$prefix-b" link set ab-b up
ip -n "$prefix-b" link set bc-b up
ip -n "$prefix-c" link set bc-c up

agent_config() { # name, router-id, interfaces json, announce json
  cat > "$work/$1.json" <<JSON
{
  "routerId": "$2",
  "stateDirectory": "$work/state-$1",
  "statusSocket": "$work/$1.sock",
  "interfaces": [ $3 ],
  "announce": [ $4 ]
}
JSON
}
iface() { echo "{ \"name\": \"$1\", \"kind\": \"multicast\", \"helloInterval\": \"1s\" }"; }
agent_config a 02:00:5e:ff:fe:00:00:0a "$(iface ab-a)" \
  '{ "prefix": "2001:db8:a::/48" }, { "prefix": "198.18.1.0/24" }'
agent_config b 02:00:5e:ff:fe:00:00:0b "$(iface ab-b), $(iface bc-b)" \
  '{ "prefix": "2001:db8:b::/48" }, { "prefix": "198.18.2.0/24" }'

# babeld redistributes kernel routes it did not make; "proto static" because it ignores proto boot.
ip -n "$prefix-c" -6 route add unreachable 2001:db8:c::/48 proto static
ip -n "$prefix-c" route add unreachable 198.18.3.0/24 proto static
cat > "$work/babeld.conf" <<CONF
redistribute ip 2001:db8:c::/48 allow
redistribute ip 198.18.3.0/24 allow
redistribute local deny
redistribute deny
CONF

for n in a b; do
  ip netns exec "$prefix-$n" dotnet "$agent_dll" run --config "$work/$n.json" >"$work/$n.log" 2>&1 &
  pids+=($!)
done
ip netns exec "$prefix-c" babeld -c "$work/babeld.conf" -I "$work/babeld.pid" -S "$work/babeld.state" \
  -h 1 -H 1 bc-c >"$work/babeld.log" 2>&1 &
pids+=($!)

status() { dotnet "$agent_dll" status --socket "$work/$1.sock" "${@:2}"; }
echo "Waiting for A to learn C's prefixes through B (up to 60 s)..."
for _ in $(seq 1 60); do
  routes=$(status a --json 2>/dev/null | tr -d ' \n' || true)
  if grep -q '"prefix":"2001:db8:c::/48"[^}]*"selected":true' <<<"$routes" \
     && grep -q '"prefix":"198.18.3.0/24"[^}]*"selected":true' <<<"$routes"; then
    converged=true; break
  fi
  sleep 1
done

for n in a b; do echo; echo "=== host ${n^^} (babelwire-agent) ==="; status "$n" || true; done
echo; echo "=== host C (babeld): routes it installed in its kernel table ==="
ip -n "$prefix-c" -6 route show proto babel
ip -n "$prefix-c" route show proto babel

if [ "${converged:-false}" != true ]; then
  echo; echo "demo.sh: the mesh did not converge in 60 s; logs:" >&2
  tail -n 20 "$work"/*.log >&2
  exit 1
fi
echo; echo "Converged: A reaches C's prefixes via B, and babeld installed A's and B's."
$once && exit 0
echo "Running; press Ctrl+C to stop and clean up. Logs in $work"
wait
