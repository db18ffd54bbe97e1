#!/usr/bin/env bash
# The demo mesh. Run as root:
#
#   ./demo.sh            start it and keep it running until Ctrl+C (or SIGTERM); everything it made is then removed
#   ./demo.sh --once     start it, print the mesh once it converged, clean up and exit (0 when it converged)
#
# and, from another terminal while it runs:
#
#   ./demo.sh cut 2 5    drop all underlay traffic between host 2 and host 5 (nftables, in both hosts' namespaces)
#   ./demo.sh heal 2 5   undo that
#   ./demo.sh stop 3     stop host 3's agent (its namespace stays; its WireGuard interface goes with the agent)
#   ./demo.sh start 3    start it again
#   ./demo.sh status     hosts, agents, cuts, and the mesh as the controller sees it
#
# cut, heal, stop and start then watch the controller's REST API and print which next hops changed and after how long.
#
# What it makes: a throwaway PostgreSQL and the controller (with the dashboard) in a namespace of their own, and six
# hosts in network namespaces, each running babelwire-agent in WireGuard mode (its own wireguard-go interface) with
# nothing configured but the controller's URL, an enrolment token (made through the REST API with curl), a node name
# and its underlay endpoints. The underlay is partial: three segments (bridges), joined in a ring by three dual-homed
# hosts, so hosts on different segments cannot reach each other directly and Babel relays their overlay traffic:
#
#                          [ west 192.0.2.0/24 ]
#                         /          |          \
#                       h1           h2           h3
#                       |                          |
#      [ south 203.0.113.0/25 ]          [ east 198.51.100.0/24 ]
#            |          \                  /        |
#            h6          '------ h5 ------'         h4
#
# Host i has the address .i on each of its segments; its WireGuard endpoint is the first of them, and hosts sharing a
# segment with it have a /32 route to that address through its address on the shared segment. A management network
# (one /30 per host from 203.0.113.128/26, the controller's namespace does not forward) takes each agent to the
# controller, and a veth from the root namespace (203.0.113.252/30) lets a browser on this machine open the dashboard
# at http://203.0.113.253:8080. Underlay addresses only from 192.0.2.0/24, 198.51.100.0/24 and 203.0.113.0/24.
set -euo pipefail
cd "$(dirname "$0")"
repo=$PWD

state_dir=/run/babelwire-demo
state_file=$state_dir/state

# The topology, as data: the segments, their /24 (or /25) and their hosts. Host numbers are 1..hosts.
hosts=6
segments=(west east south)
declare -A seg_net=([west]=192.0.2 [east]=198.51.100 [south]=203.0.113)
declare -A seg_len=([west]=24 [east]=24 [south]=25)
declare -A seg_hosts=([west]="1 2 3" [east]="3 4 5" [south]="5 6 1")
controller_ip=203.0.113.253     # on the controller's end of the veth from the root namespace
root_ip=203.0.113.254
controller="http://$controller_ip:8080"

die() { echo "demo.sh: $*" >&2; exit 1; }
usage() { sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; }

host_segments() { local s; for s in "${segments[@]}"; do [[ " ${seg_hosts[$s]} " != *" $1 "* ]] || echo "$s"; done; }
host_addresses() { local s; for s in $(host_segments "$1"); do echo "${seg_net[$s]}.$1"; done; }
shared_segments() { local s; for s in $(host_segments "$1"); do [[ " ${seg_hosts[$s]} " != *" $2 "* ]] || echo "$s"; done; }
mgmt_base() { echo $((128 + 4 * ($1 - 1))); }   # host i's /30 on the management network: .base+1 controller, .base+2 host

print_topology() {
  sed -n '/^#  *\[ west/,/^#  *h6/p' "$0" | sed 's/^#//'
  local s i j direct="" relayed=""
  for s in "${segments[@]}"; do
    printf '  %-6s %-17s hosts' "$s" "${seg_net[$s]}.0/${seg_len[$s]}"; printf ' h%s' ${seg_hosts[$s]}; echo
  done
  for ((i = 1; i <= hosts; i++)); do for ((j = i + 1; j <= hosts; j++)); do
    [ -n "$(shared_segments $i $j)" ] || relayed+=" h$i-h$j"
  done; done
  echo "  No direct underlay (overlay traffic relayed):$relayed"
}

# --- Subcommands: talk to the running demo through its state file ----------------------------------------------------

load_state() {
  [ "$(id -u)" -eq 0 ] || die "run as root"
  [ -r "$state_file" ] || die "no demo is running (no $state_file); start one with ./demo.sh"
  # shellcheck source=/dev/null
  . "$state_file"
  kill -0 "$main_pid" 2>/dev/null || die "the demo that wrote $state_file (pid $main_pid) is gone; remove the file (and any namespaces named $run-*)"
  export BW_API_KEY="$admin_key"
}
host_arg() {
  [[ "$1" =~ ^[0-9]+$ ]] && [ "$1" -ge 1 ] && [ "$1" -le "$hosts" ] || die "'$1' is not a host: hosts are 1 to $hosts"
}
mesh() { python3 "$repo/scripts/demo_mesh.py" "$controller" "$@"; }
agent_pid() { cat "$work/h$1/pid" 2>/dev/null || true; }
agent_running() { local p; p=$(agent_pid "$1"); [ -n "$p" ] && kill -0 "$p" 2>/dev/null; }
start_agent() { # host: started in its own session (Ctrl+C in the demo's terminal reaches only demo.sh), pid in h$1/pid
  setsid ip netns exec "$run-h$1" dotnet "$agent_dll" run --config "$work/h$1/agent.json" \
    >>"$work/h$1/agent.log" 2>&1 </dev/null &
  echo $! >"$work/h$1/pid"
}
stop_agent() { # host: SIGTERM (it retracts its routes), SIGKILL after 10 s
  local p; p=$(agent_pid "$1"); [ -n "$p" ] || return 0
  kill "$p" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.2; done
  kill -9 "$p" 2>/dev/null || true
  rm -f "$work/h$1/pid"
}
set_cut() { # add|delete, host a, host b: in a's namespace, (un)drop everything to and from b's underlay addresses
  local op=$1 a=$2 b=$3 ip
  for ip in $(host_addresses "$b"); do
    ip netns exec "$run-h$a" nft "$op" element inet babelwire_demo cut "{ $ip }" 2>/dev/null || true
  done
}
snapshot_routes() { # before a change: the controller's next hops, and the time
  command_time=$(date +%s.%N)
  mesh snapshot "$work/before.json" 2>/dev/null || echo '{}' >"$work/before.json"
}
watch_routes() { # after it: what the controller's next hops did, timed from the snapshot
  mesh watch "$work/before.json" 30 "$command_time" || true
}

case "${1:-}" in
  cut|heal)
    [ $# -eq 3 ] || die "usage: ./demo.sh $1 HOST HOST"
    load_state; host_arg "$2"; host_arg "$3"; [ "$2" != "$3" ] || die "a host cannot be cut from itself"
    a=$(( $2 < $3 ? $2 : $3 )) b=$(( $2 < $3 ? $3 : $2 ))
    [ -n "$(shared_segments $a $b)" ] || echo "note: h$a and h$b share no segment: they have no direct underlay path to cut"
    snapshot_routes
    if [ "$1" = cut ]; then
      set_cut add $a $b; set_cut add $b $a
      grep -qx "$a $b" "$work/cuts" 2>/dev/null || echo "$a $b" >>"$work/cuts"
      echo "Cut the underlay between h$a ($(host_addresses $a | xargs)) and h$b ($(host_addresses $b | xargs))."
    else
      set_cut delete $a $b; set_cut delete $b $a
      grep -vx "$a $b" "$work/cuts" >"$work/cuts.new" 2>/dev/null || true; mv "$work/cuts.new" "$work/cuts"
      echo "Healed the underlay between h$a and h$b."
    fi
    watch_routes
    exit 0 ;;
  stop|start)
    [ $# -eq 2 ] || die "usage: ./demo.sh $1 HOST"
    load_state; host_arg "$2"
    snapshot_routes
    if [ "$1" = stop ]; then
      agent_running "$2" || die "h$2's agent is not running"
      stop_agent "$2"; echo "Stopped h$2's agent."
    else
      agent_running "$2" && die "h$2's agent is already running (pid $(agent_pid "$2"))"
      start_agent "$2"; echo "Started h$2's agent (pid $(agent_pid "$2"))."
    fi
    watch_routes
    exit 0 ;;
  status)
    [ $# -eq 1 ] || die "usage: ./demo.sh status"
    load_state
    echo "Demo $run (pid $main_pid), work directory $work"
    echo "Dashboard $controller  user $dashboard_user  password $dashboard_password"
    for ((i = 1; i <= hosts; i++)); do
      if agent_running $i; then state="agent running (pid $(agent_pid $i))"; else state="agent stopped"; fi
      printf '  h%-2s namespace %-12s %-31s %s\n' "$i" "$run-h$i" "$(host_addresses $i | xargs)" "$state"
    done
    echo "Cuts: $( [ -s "$work/cuts" ] && sed 's/ /-h/; s/^/h/' "$work/cuts" | xargs || echo none)"
    echo; mesh show
    exit 0 ;;
  --once|"") ;;
  -h|--help) usage; exit 0 ;;
  *) usage >&2; exit 1 ;;
esac

# --- The demo itself --------------------------------------------------------------------------------------------------

once=false
[ "${1:-}" = "--once" ] && once=true
[ "$(id -u)" -eq 0 ] || die "run as root (it creates network namespaces)"
if [ -e "$state_file" ]; then
  old_pid=$(sed -n 's/^main_pid=//p' "$state_file")
  [ -n "$old_pid" ] && kill -0 "$old_pid" 2>/dev/null && die "a demo is already running (pid $old_pid); stop it first (Ctrl+C in its terminal)"
  echo "demo.sh: removing a stale $state_file" >&2; rm -f "$state_file"
fi

bash scripts/install-deps.sh
for tool in curl python3 nft wireguard-go wg; do command -v "$tool" >/dev/null || die "$tool is needed (scripts/install-deps.sh installs it)"; done
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "$pg_bin/postgres" ] || die "no PostgreSQL server under /usr/lib/postgresql (Debian package postgresql)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
t0=$SECONDS
echo "Building the agent and the controller (with its migrations and the dashboard) in Release..."
build_log="$(mktemp)"
for project in Controller/Babelwire.Controller.csproj Agent/Babelwire.Agent.csproj; do
  if ! dotnet build "$project" -c Release -nologo -v quiet >"$build_log" 2>&1; then
    grep -E 'error' "$build_log" | sort -u | head -n 20 >&2
    rm -f "$build_log"
    die "building $project failed"
  fi
done
rm -f "$build_log"
agent_dll="$repo/Agent/bin/Release/net10.0/babelwire-agent.dll"
controller_dll="$repo/Controller/bin/Release/net10.0/babelwire-controller.dll"
echo "Built in $((SECONDS - t0)) s."

run="bwd$$"          # per-run prefix: namespaces, the root veth and WireGuard interface names (UAPI sockets are machine-wide)
work=$(mktemp -d /tmp/babelwire-demo.XXXXXX)
chmod 711 "$work"    # PostgreSQL runs as the postgres user and needs to reach its data directory in here
admin_key=$(head -c 32 /dev/urandom | base64)
dashboard_user=admin
dashboard_password=${DEMO_PASSWORD:-$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 20)}
[ ${#dashboard_password} -ge 12 ] || die "DEMO_PASSWORD needs at least 12 characters (the controller refuses a shorter admin password)"
namespaces=("$run-ctl")
for ((i = 1; i <= hosts; i++)); do namespaces+=("$run-h$i"); done
namespaces+=("$run-sw")
pg_pid="" controller_pid=""

cleanup() {
  set +e
  trap '' INT TERM
  echo; echo "Cleaning up $run..."
  # Agents first (they retract their routes), then the controller, then PostgreSQL (SIGINT: fast shutdown). 10 s each
  # at most, then SIGKILL; then whatever is left in the namespaces.
  for ((i = 1; i <= hosts; i++)); do p=$(cat "$work/h$i/pid" 2>/dev/null) && [ -n "$p" ] && kill "$p" 2>/dev/null; done
  for _ in $(seq 1 50); do
    alive=false
    for ((i = 1; i <= hosts; i++)); do p=$(cat "$work/h$i/pid" 2>/dev/null) && kill -0 "$p" 2>/dev/null && alive=true; done
    $alive || break; sleep 0.2
  done
  [ -n "$controller_pid" ] && kill "$controller_pid" 2>/dev/null
  for _ in $(seq 1 50); do [ -n "$controller_pid" ] && kill -0 "$controller_pid" 2>/dev/null || break; sleep 0.2; done
  [ -n "$pg_pid" ] && kill -INT "$pg_pid" 2>/dev/null
  for _ in $(seq 1 50); do [ -n "$pg_pid" ] && kill -0 "$pg_pid" 2>/dev/null || break; sleep 0.2; done
  for ns in "${namespaces[@]}"; do
    for p in $(ip netns pids "$ns" 2>/dev/null); do kill -9 "$p" 2>/dev/null; done
  done
  for ((i = 1; i <= hosts; i++)); do p=$(cat "$work/h$i/pid" 2>/dev/null) && kill -9 "$p" 2>/dev/null; done
  [ -n "$pg_pid" ] && kill -9 "$pg_pid" 2>/dev/null
  wait 2>/dev/null
  # Deleting a namespace takes its veths (the root namespace's end too), bridges and nftables rules with it.
  for ns in "${namespaces[@]}"; do ip netns del "$ns" 2>/dev/null; done
  ip link del "${run}r" 2>/dev/null
  for ((i = 1; i <= hosts; i++)); do rm -f "/var/run/wireguard/${run}h$i.sock"; done
  [ "$(sed -n 's/^main_pid=//p' "$state_file" 2>/dev/null)" = "$$" ] && rm -f "$state_file"
  rm -rf "$work"
  echo "Removed the namespaces, veths, processes, state file and $work."
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- Namespaces and the underlay
for ns in "${namespaces[@]}"; do
  ip netns add "$ns"
  ip -n "$ns" link set lo up
done
sw="$run-sw"
for s in "${segments[@]}"; do
  ip -n "$sw" link add "br-$s" type bridge
  ip -n "$sw" link set "br-$s" up
done
for ((i = 1; i <= hosts; i++)); do
  h="$run-h$i"
  for s in $(host_segments $i); do
    ip link add "$s" netns "$h" type veth peer name "h$i-$s" netns "$sw"
    ip -n "$sw" link set "h$i-$s" master "br-$s" up
    ip -n "$h" addr add "${seg_net[$s]}.$i/${seg_len[$s]}" dev "$s"
    ip -n "$h" link set "$s" up
  done
  # The management link to the controller's namespace.
  base=$(mgmt_base $i)
  ip link add mgmt netns "$h" type veth peer name "h$i" netns "$run-ctl"
  ip -n "$run-ctl" addr add "203.0.113.$((base + 1))/30" dev "h$i"
  ip -n "$h" addr add "203.0.113.$((base + 2))/30" dev mgmt
  ip -n "$run-ctl" link set "h$i" up
  ip -n "$h" link set mgmt up
  ip -n "$h" route add "$controller_ip/32" via "203.0.113.$((base + 1))"
  # The nftables set `cut` holds the underlay addresses of the hosts ./demo.sh cut separated from this one.
  ip netns exec "$h" nft -f - <<NFT
table inet babelwire_demo {
  set cut { type ipv4_addr; }
  chain input { type filter hook input priority 0; ip saddr @cut drop; }
  chain output { type filter hook output priority 0; ip daddr @cut drop; }
}
NFT
done
# Each host reaches the endpoint (first address) of every host it shares a segment with, through that segment.
for ((i = 1; i <= hosts; i++)); do
  for ((j = 1; j <= hosts; j++)); do
    [ $i -ne $j ] || continue
    s=$(shared_segments $i $j | head -n 1); [ -n "$s" ] || continue
    endpoint=$(host_addresses $j | head -n 1)
    [ "$endpoint" = "${seg_net[$s]}.$j" ] || ip -n "$run-h$i" route add "$endpoint/32" via "${seg_net[$s]}.$j"
  done
done
# The root namespace's way to the controller (for the browser and for these subcommands).
ip link add "${run}r" type veth peer name root netns "$run-ctl"
ip addr add "$root_ip/30" dev "${run}r"
ip link set "${run}r" up
ip -n "$run-ctl" addr add "$controller_ip/30" dev root
ip -n "$run-ctl" link set root up

# --- PostgreSQL, as the postgres user, on 127.0.0.1 inside the controller's namespace.
mkdir "$work/pg"; chown postgres:postgres "$work/pg"
setpriv --reuid=postgres --regid=postgres --init-groups -- "$pg_bin/initdb" -D "$work/pg" -U babelwire --auth=trust \
  -E UTF8 --locale=C --no-sync >"$work/initdb.log" 2>&1 || { cat "$work/initdb.log" >&2; exit 1; }
setsid ip netns exec "$run-ctl" setpriv --reuid=postgres --regid=postgres --init-groups -- "$pg_bin/postgres" -D "$work/pg" \
  -c listen_addresses=127.0.0.1 -c "unix_socket_directories=$work/pg" >"$work/postgres.log" 2>&1 </dev/null &
pg_pid=$!
for _ in $(seq 1 60); do ip netns exec "$run-ctl" "$pg_bin/pg_isready" -q -h 127.0.0.1 && break; sleep 0.5; done
ip netns exec "$run-ctl" "$pg_bin/createdb" -h 127.0.0.1 -U babelwire babelwire

# --- The controller with the dashboard, on every address of its namespace.
t0=$SECONDS
setsid ip netns exec "$run-ctl" env \
  ConnectionStrings__Mesh="Host=127.0.0.1;Database=babelwire;Username=babelwire" \
  Admin__BootstrapApiKey="$admin_key" \
  Dashboard__Admin__UserName="$dashboard_user" Dashboard__Admin__Password="$dashboard_password" \
  Mesh__OverlayIPv4Prefix=198.18.0.0/16 Mesh__OverlayIPv6Prefix=fd00:b:3::/48 Mesh__StateReportInterval=00:00:02 \
  dotnet "$controller_dll" --urls "http://0.0.0.0:8080" >"$work/controller.log" 2>&1 </dev/null &
controller_pid=$!
api() { curl -sS --noproxy '*' --max-time 10 -H "X-Api-Key: $admin_key" -H 'Content-Type: application/json' "$@"; }
echo "Waiting for the controller ($controller) to be ready..."
ready=false
for _ in $(seq 1 120); do
  api -o /dev/null -f "$controller/health/ready" 2>/dev/null && { ready=true; break; }
  kill -0 "$controller_pid" 2>/dev/null || break
  sleep 0.5
done
$ready || { echo "demo.sh: the controller did not become ready:" >&2; tail -n 30 "$work/controller.log" >&2; exit 1; }
echo "Controller ready after $((SECONDS - t0)) s."

token=$(api -f -X POST -d "{ \"name\": \"demo\", \"maxUses\": $hosts, \"expiresIn\": \"01:00:00\" }" "$controller/api/v1/tokens" \
  | python3 -c 'import json, sys; print(json.load(sys.stdin)["secret"])')
echo "Created an enrolment token for $hosts nodes (POST /api/v1/tokens)."

# --- The state file the subcommands read (root only: it holds the admin key and the dashboard password).
mkdir -p "$state_dir"
( umask 077
  cat >"$state_file.new" <<STATE
main_pid=$$
run=$run
work=$work
agent_dll=$agent_dll
admin_key='$admin_key'
dashboard_user=$dashboard_user
dashboard_password='$dashboard_password'
STATE
  mv "$state_file.new" "$state_file" )
: >"$work/cuts"

# --- The agents: one WireGuard interface each, and only the controller's URL, the token, a name and the endpoints.
t0=$SECONDS
for ((i = 1; i <= hosts; i++)); do
  mkdir -p "$work/h$i/state"
  endpoints=$(host_addresses $i | sed 's/.*/"&:51820"/' | paste -sd, | sed 's/,/, /g')
  cat >"$work/h$i/agent.json" <<JSON
{
  "stateDirectory": "$work/h$i/state",
  "statusSocket": "$work/h$i/agent.sock",
  "wireguard": { "interface": "${run}h$i", "mode": "create", "backend": "userspace", "listenPort": 51820, "helloInterval": "1s" },
  "controller": { "url": "$controller", "token": "$token", "nodeName": "h$i", "endpoints": [ $endpoints ] }
}
JSON
  start_agent $i
done

echo
echo "The underlay:"
print_topology
echo
echo "Waiting for the $hosts agents to enrol and for every node to have a route to every other (up to 120 s)..."
export BW_API_KEY="$admin_key"
converged=false
for _ in $(seq 1 120); do
  if mesh converged $hosts; then converged=true; break; fi
  sleep 1
done
$converged && echo "Converged $((SECONDS - t0)) s after the agents started."

overlay() { api -f "$controller/api/v1/nodes" | python3 -c "import json, sys; print(next(n['$2'] for n in json.load(sys.stdin) if n['name'] == '$1'))"; }
if $converged; then
  # Let the link costs of the last state reports arrive, so the links table is whole.
  sleep 3
  echo; echo "=== The mesh as the controller sees it (GET $controller/api/v1/{nodes,links,routes}) ==="
  mesh show
  echo; echo "=== h2: wg show (h6's overlay addresses sit in the AllowedIPs of the relay's peer) ==="
  ip netns exec "$run-h2" wg show "${run}h2" | sed -n '1,40p'
  h6v4=$(overlay h6 overlayIPv4) h6v6=$(overlay h6 overlayIPv6)
  echo; echo "=== Ping from h2 to h6 over the overlay (no direct underlay between them) ==="
  ip netns exec "$run-h2" ping -4 -c 3 -i 0.2 "$h6v4" || converged=false
  ip netns exec "$run-h2" ping -6 -c 3 -i 0.2 "$h6v6" || converged=false
fi
if ! $converged; then
  echo; echo "demo.sh: the mesh did not converge in 120 s; the controller's view and the logs:" >&2
  mesh show >&2 || true
  for ((i = 1; i <= hosts; i++)); do echo "--- h$i" >&2; tail -n 10 "$work/h$i/agent.log" >&2; done
  echo "--- controller" >&2; tail -n 20 "$work/controller.log" >&2
  exit 1
fi

echo
echo "Converged: $hosts agents enrolled with the controller; hosts without a direct underlay path reach each other through relays."
$once && exit 0
cat <<EOF

Dashboard: $controller   (from a browser on this machine)
  user:     $dashboard_user
  password: $dashboard_password
REST API:  curl -H "X-Api-Key: \$(sed -n "s/^admin_key='\\(.*\\)'\$/\\1/p" $state_file)" $controller/api/v1/routes

From another terminal:
  ./demo.sh cut 2 3     cut the underlay between h2 and h3 (any pair); ./demo.sh heal 2 3 undoes it
  ./demo.sh stop 3      stop h3's agent; ./demo.sh start 3 starts it again
  ./demo.sh status      hosts, agents, cuts and the mesh as the controller sees it
Logs in $work. Press Ctrl+C to stop and remove everything.
EOF
while true; do sleep 1 & wait $! || true; done
