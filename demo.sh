#!/usr/bin/env bash
# The demo mesh: a throwaway PostgreSQL and the controller in a namespace of their own, and three hosts in network
# namespaces, each running babelwire-agent in WireGuard mode with nothing configured but the controller's URL, an
# enrolment token (created through the REST API with curl) and a node name. The agents enrol, get their overlay addresses and each
# other as WireGuard peers from the controller, and stream their state to it. The underlay is a line, A — B — C:
# A and C cannot reach each other directly, so Babel routes A's traffic to C through B by putting C's addresses into
# the AllowedIPs of A's peer B. Prints the controller's view (nodes, links, routes), A's status and `wg show`, pings
# C from A over the overlay (IPv6 and IPv4), then keeps running until Ctrl+C (or exits at once with --once). Run as root.
set -euo pipefail
cd "$(dirname "$0")"

once=false
[ "${1:-}" = "--once" ] && once=true
[ "$(id -u)" -eq 0 ] || { echo "demo.sh: run as root (it creates network namespaces)" >&2; exit 1; }

bash scripts/install-deps.sh
command -v curl >/dev/null || { echo "demo.sh: curl is needed (apt-get install curl)" >&2; exit 1; }
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "$pg_bin/postgres" ] || { echo "demo.sh: no PostgreSQL server under /usr/lib/postgresql (Debian package postgresql)" >&2; exit 1; }
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build Agent/Babelwire.Agent.csproj -c Release -nologo -v quiet >/dev/null
dotnet build Controller/Babelwire.Controller.csproj -c Release -nologo -v quiet >/dev/null
agent_dll="$PWD/Agent/bin/Release/net10.0/babelwire-agent.dll"
controller_dll="$PWD/Controller/bin/Release/net10.0/babelwire-controller.dll"

run="bwd$$"          # per-run prefix: namespaces and WireGuard interface names (UAPI sockets are machine-wide)
work=$(mktemp -d)
chmod 711 "$work"    # PostgreSQL runs as the postgres user and needs to reach its data directory in here
pids=()
cleanup() {
  # Agents first (they retract their routes), then the controller, then PostgreSQL (SIGINT: fast shutdown).
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    if [ "${pids[i]}" = "${pg_pid:-}" ]; then kill -INT "${pids[i]}" 2>/dev/null || true; else kill "${pids[i]}" 2>/dev/null || true; fi
  done
  for _ in $(seq 1 50); do   # up to 10 s for a clean stop, then SIGKILL
    alive=false
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=true; done
    $alive || break
    sleep 0.2
  done
  for pid in "${pids[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  for n in a b c ctl; do
    for pid in $(ip netns pids "$run-$n" 2>/dev/null); do kill -9 "$pid" 2>/dev/null || true; done
    ip netns del "$run-$n" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

for n in a b c ctl; do
  ip netns add "$run-$n"
  ip -n "$run-$n" link set lo up
done
# Underlay: A — B — C, and the controller's namespace hangs off B. B forwards between them (not between A and C:
# they have no route to each other's underlay address).
ip link add ab-a netns "$run-a" type veth peer name ab-b netns "$run-b"
ip link add bc-b netns "$run-b" type veth peer name bc-c netns "$run-c"
ip link add ct-b netns "$run-b" type veth peer name ct-c netns "$run-ctl"
ip -n "$run-a" addr add 192.0.2.1/30 dev ab-a
ip -n "$run-b" addr add 192.0.2.2/30 dev ab-b
ip -n "$run-b" addr add 198.51.100.1/30 dev bc-b
ip -n "$run-c" addr add 198.51.100.2/30 dev bc-c
ip -n "$run-b" addr add 203.0.113.2/30 dev ct-b
ip -n "$run-ctl" addr add 203.0.113.1/30 dev ct-c
for l in "a ab-a" "b ab-b" "b bc-b" "c bc-c" "b ct-b" "ctl ct-c"; do set -- $l; ip -n "$run-$1" link set "$2" up; done
ip netns exec "$run-b" sysctl -qw net.ipv4.ip_forward=1
ip -n "$run-a" route add 203.0.113.0/30 via 192.0.2.2
ip -n "$run-a" route add 198.51.100.1/32 via 192.0.2.2     # B's other address (one of B's endpoints)
ip -n "$run-c" route add 203.0.113.0/30 via 198.51.100.1
ip -n "$run-c" route add 192.0.2.2/32 via 198.51.100.1
ip -n "$run-ctl" route add default via 203.0.113.2

# PostgreSQL, as the postgres user, on 127.0.0.1 inside the controller's namespace.
mkdir "$work/pg"; chown postgres:postgres "$work/pg"
pg() { setpriv --reuid=postgres --regid=postgres --init-groups -- "$@"; }
pg "$pg_bin/initdb" -D "$work/pg" -U babelwire --auth=trust -E UTF8 --locale=C --no-sync >"$work/initdb.log" 2>&1 \
  || { cat "$work/initdb.log" >&2; exit 1; }
ip netns exec "$run-ctl" setpriv --reuid=postgres --regid=postgres --init-groups -- "$pg_bin/postgres" -D "$work/pg" \
  -c listen_addresses=127.0.0.1 -c "unix_socket_directories=$work/pg" >"$work/postgres.log" 2>&1 &
pg_pid=$!
pids+=($pg_pid)
for _ in $(seq 1 60); do ip netns exec "$run-ctl" "$pg_bin/pg_isready" -q -h 127.0.0.1 && break; sleep 0.5; done
ip netns exec "$run-ctl" "$pg_bin/createdb" -h 127.0.0.1 -U babelwire babelwire

# The controller, on the controller namespace's underlay address.
controller="http://203.0.113.1:8080"
admin_key=$(head -c 32 /dev/urandom | base64)
ip netns exec "$run-ctl" env \
  ConnectionStrings__Mesh="Host=127.0.0.1;Database=babelwire;Username=babelwire" \
  Admin__BootstrapApiKey="$admin_key" \
  Mesh__OverlayIPv4Prefix=198.18.0.0/16 Mesh__OverlayIPv6Prefix=fd00:b:3::/48 Mesh__StateReportInterval=00:00:02 \
  dotnet "$controller_dll" --urls "$controller" >"$work/controller.log" 2>&1 &
pids+=($!)
api() { ip netns exec "$run-ctl" curl -sS --max-time 10 -H "X-Api-Key: $admin_key" -H 'Content-Type: application/json' "$@"; }
echo "Waiting for the controller ($controller) to be ready..."
ready=false
for _ in $(seq 1 120); do
  api -o /dev/null -f "$controller/health/ready" 2>/dev/null && { ready=true; break; }
  sleep 0.5
done
$ready || { echo "demo.sh: the controller did not become ready in 60 s:" >&2; tail -n 30 "$work/controller.log" >&2; exit 1; }

token=$(api -f -X POST -d '{ "name": "demo", "maxUses": 3, "expiresIn": "01:00:00" }' "$controller/api/v1/tokens" \
  | python3 -c 'import json, sys; print(json.load(sys.stdin)["secret"])')
echo "Created an enrolment token for three nodes."

# Each agent: one WireGuard interface, and only the controller's URL, the token and a name: no peers, no addresses.
for n in a b c; do
  mkdir -p "$work/state-$n"
  cat > "$work/$n.json" <<JSON
{
  "stateDirectory": "$work/state-$n",
  "statusSocket": "$work/$n.sock",
  "wireguard": { "interface": "$run$n", "mode": "create", "backend": "userspace", "listenPort": 51820, "helloInterval": "1s" },
  "controller": { "url": "$controller", "token": "$token", "nodeName": "host-$n" }
}
JSON
  ip netns exec "$run-$n" dotnet "$agent_dll" run --config "$work/$n.json" >"$work/$n.log" 2>&1 &
  pids+=($!)
done

status() { dotnet "$agent_dll" status --socket "$work/$1.sock" "${@:2}"; }
# C's overlay addresses, as the controller allocated them.
overlay() { # node name, field
  api -f "$controller/api/v1/nodes" | python3 -c "import json, sys; print(next(n['$2'] for n in json.load(sys.stdin) if n['name'] == '$1'))" 2>/dev/null
}
echo "Waiting for the agents to enrol and for A to reach C's overlay addresses through B (up to 90 s)..."
converged=false
c6="" c4=""
for _ in $(seq 1 90); do
  [ -n "$c6" ] || { c6=$(overlay host-c overlayIPv6 || true); c4=$(overlay host-c overlayIPv4 || true); }
  if [ -n "$c6" ] && [ -n "$c4" ] \
     && ip netns exec "$run-a" ping -6 -c 1 -W 1 "$c6" >/dev/null 2>&1 \
     && ip netns exec "$run-a" ping -4 -c 1 -W 1 "$c4" >/dev/null 2>&1; then
    converged=true; break
  fi
  sleep 1
done
# Give the agents' state reports (every 2 s here) time to show both links in the controller's view.
for _ in $(seq 1 30); do
  [ "$(api -f "$controller/api/v1/links" | python3 -c 'import json, sys; print(sum(1 for l in json.load(sys.stdin) if l["up"] and l["fromA"] and l["fromB"]))' 2>/dev/null)" = 2 ] && break
  sleep 1
done

echo; echo "=== the controller's view: curl $controller/api/v1/{nodes,links,routes} ==="
for r in nodes links routes; do api "$controller/api/v1/$r" >"$work/$r.json" || echo '[]' >"$work/$r.json"; done
python3 - "$work" "$c6" "$c4" <<'PY' || cat "$work"/{nodes,links,routes}.json
import json, sys
work, c6, c4 = sys.argv[1:4]
load = lambda name: json.load(open(f"{work}/{name}.json"))
nodes, links, routes = load("nodes"), load("links"), load("routes")
name = {n["id"]: n["name"] for n in nodes}
print("Nodes")
print(f"  {'NAME':8} {'OVERLAY IPV6':16} {'OVERLAY IPV4':14} {'STATE':8} ENDPOINTS")
for n in sorted(nodes, key=lambda n: n["name"]):
    state = "online" if n["online"] else "offline"
    print(f"  {n['name']:8} {n['overlayIPv6']:16} {n['overlayIPv4']:14} {state:8} {', '.join(n['endpoints'])}")
print("Links (the cost each side reports; 65535: the other side is not reachable)")
for l in links:
    side = lambda s: "-" if s is None else f"{s['cost']}" + (f" (rtt {s['rttMilliseconds']:.1f} ms)" if s["rttMilliseconds"] is not None else "")
    print(f"  {name.get(l['nodeA'], l['nodeA'])} - {name.get(l['nodeB'], l['nodeB'])}: {'up' if l['up'] else 'down':4} "
          f"cost from {name.get(l['nodeA'])} {side(l['fromA'])}, from {name.get(l['nodeB'])} {side(l['fromB'])}")
print(f"Routes to host-c's overlay addresses ({c6}, {c4})")
for r in sorted(routes, key=lambda r: (name.get(r["nodeId"], ""), r["prefix"])):
    if r["prefix"] in (f"{c6}/128", f"{c4}/32"):
        print(f"  {name.get(r['nodeId'], r['nodeId']):8} {r['prefix']:16} metric {r['metric']:5} via {name.get(r['nextHopNodeId'], r['nextHop'])}")
PY
echo; echo "=== host A: babelwire-agent status ==="; status a || true
echo; echo "=== host A: wg show (peers from the controller; C's addresses sit in B's AllowedIPs) ==="; ip netns exec "$run-a" wg show "${run}a" || true
echo; echo "=== ping from A to C over the overlay ==="
[ -n "$c6" ] && ip netns exec "$run-a" ping -6 -c 3 -i 0.2 "$c6" || true
[ -n "$c4" ] && ip netns exec "$run-a" ping -4 -c 3 -i 0.2 "$c4" || true

if [ "$converged" != true ]; then
  echo; echo "demo.sh: A could not reach C in 90 s; logs:" >&2
  tail -n 20 "$work"/{a,b,c,controller}.log >&2
  exit 1
fi
echo; echo "Converged: three agents enrolled with the controller, and A reaches C through B over one WireGuard interface per host."
$once && exit 0
echo "Running; press Ctrl+C to stop and clean up. Logs in $work"
wait
