#!/usr/bin/env python3
"""The mesh as the controller sees it, for demo.sh: reads the REST API (nodes, links, routes) with an admin API key.

    demo_mesh.py URL show                    nodes, links and each node's next hop to every other node
    demo_mesh.py URL converged N             exit 0 when N nodes are online and each has a route to all the others
    demo_mesh.py URL snapshot FILE           save every online node's next hop to every other node
    demo_mesh.py URL watch FILE [TIMEOUT [START]]
                                             wait until the next hops differ from FILE, then until they hold still
                                             for 6 s (at most TIMEOUT s, default 60, counted from START, seconds
                                             since the epoch, default now); print what changed and when

The API key is taken from the environment (BW_API_KEY), never from the command line (ps would show it).
"""
import json
import os
import sys
import time
import urllib.request

# No proxy: the controller is on an address of the demo's own veth.
OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def get(url, resource):
    request = urllib.request.Request(f"{url}/api/v1/{resource}", headers={"X-Api-Key": os.environ["BW_API_KEY"]})
    with OPENER.open(request, timeout=10) as response:
        return json.load(response)


def view(url):
    nodes = get(url, "nodes")
    return nodes, get(url, "links"), get(url, "routes")


def hops(nodes, routes):
    """{(from, to): next hop name, "direct", or None} from every online node to every other node, by overlay IPv4."""
    name = {n["id"]: n["name"] for n in nodes}
    online = [n for n in nodes if n["online"]]
    by_prefix = {(r["nodeId"], r["prefix"]): r for r in routes}
    result = {}
    for a in online:
        for b in nodes:
            if a["id"] == b["id"]:
                continue
            route = by_prefix.get((a["id"], f"{b['overlayIPv4']}/32"))
            if route is None:
                result[(a["name"], b["name"])] = None
            elif route["nextHopNodeId"] == b["id"]:
                result[(a["name"], b["name"])] = "direct"
            else:
                result[(a["name"], b["name"])] = name.get(route["nextHopNodeId"], route["nextHop"])
    return result


def key(name):
    digits = "".join(c for c in name if c.isdigit())
    return (int(digits) if digits else 0, name)


def cell(hop):
    return "-" if hop is None else ("direct" if hop == "direct" else f"via {hop}")


def show(url):
    nodes, links, routes = view(url)
    name = {n["id"]: n["name"] for n in nodes}
    nodes.sort(key=lambda n: key(n["name"]))
    print("Nodes")
    print(f"  {'NAME':5} {'STATE':8} {'OVERLAY IPV4':14} {'OVERLAY IPV6':22} ENDPOINTS")
    for n in nodes:
        state = "online" if n["online"] else "offline"
        print(f"  {n['name']:5} {state:8} {n['overlayIPv4']:14} {n['overlayIPv6']:22} {', '.join(n['endpoints'])}")
    up = [l for l in links if l["up"]]
    down = [l for l in links if not l["up"]]

    def side(s):
        if s is None:
            return "-"
        rtt = f", rtt {s['rttMilliseconds']:.1f} ms" if s["rttMilliseconds"] is not None else ""
        return f"{s['cost']}{rtt}"

    print(f"Links up ({len(up)}): the Babel cost each side reports")
    rows = []
    for l in up:
        a, b, fa, fb = name.get(l["nodeA"], l["nodeA"]), name.get(l["nodeB"], l["nodeB"]), l["fromA"], l["fromB"]
        if key(b) < key(a):
            a, b, fa, fb = b, a, fb, fa
        rows.append((key(a), key(b), f"  {a:>4} - {b:<4} cost from {a}: {side(fa)}; from {b}: {side(fb)}"))
    for row in sorted(rows):
        print(row[2])
    pairs = sorted((sorted((name.get(l["nodeA"], "?"), name.get(l["nodeB"], "?")), key=key) for l in down))
    print(f"Links down ({len(down)}): " + (", ".join(f"{a}-{b}" for a, b in pairs) if pairs else "none"))
    table = hops(nodes, routes)
    online = [n["name"] for n in nodes if n["online"]]
    print("Next hops (row: from, column: to; the route each node selected to the other's overlay IPv4)")
    everyone = [n["name"] for n in nodes]
    print("  " + " " * 5 + "".join(f"{b:>9}" for b in everyone))
    for a in online:
        print(f"  {a:5}" + "".join(f"{'·' if a == b else cell(table[(a, b)]):>9}" for b in everyone))


def converged(url, count):
    nodes, _, routes = view(url)
    online = [n for n in nodes if n["online"]]
    if len(online) < count or len(nodes) != len(online):
        return False
    table = hops(nodes, routes)
    ipv6 = {(r["nodeId"], r["prefix"]) for r in routes}
    return all(hop is not None for hop in table.values()) and all(
        (a["id"], f"{b['overlayIPv6']}/128") in ipv6 for a in online for b in online if a is not b)


def snapshot(url):
    nodes, _, routes = view(url)
    return {f"{a} {b}": hop for (a, b), hop in hops(nodes, routes).items()}


def watch(url, baseline_file, timeout, start):
    """start: when the command was given (seconds since the epoch), before the change it made."""
    with open(baseline_file, encoding="utf-8") as f:
        baseline = json.load(f)
    first = last = None
    current = baseline
    while time.time() - start < timeout:
        try:
            now = snapshot(url)
        except OSError:
            now = current
        if now != current:
            last = time.time() - start
            first = first if first is not None else last
            current = now
        if last is not None and time.time() - start - last >= 6:
            break
        time.sleep(0.5)
    if first is None:
        print(f"The controller's next hops did not change in {timeout} s.")
        return
    print(f"The controller's next hops changed {first:.1f} s after the command and held still from {last:.1f} s "
          "(1 s Hellos; agents report route changes at once):")
    for pair in sorted(set(baseline) | set(current), key=lambda p: tuple(key(x) for x in p.split())):
        before, after = baseline.get(pair, "(offline)"), current.get(pair, "(offline)")
        if before != after:
            a, b = pair.split()
            fmt = lambda h: h if h == "(offline)" else cell(h)
            print(f"  {a} -> {b}: {fmt(before)} => {fmt(after)}")


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    url, command = argv[1], argv[2]
    if command == "show":
        show(url)
    elif command == "converged":
        try:
            return 0 if converged(url, int(argv[3])) else 1
        except OSError:
            return 1
    elif command == "snapshot":
        with open(argv[3], "w", encoding="utf-8") as f:
            json.dump(snapshot(url), f)
    elif command == "watch":
        watch(url, argv[3], float(argv[4]) if len(argv) > 4 else 60, float(argv[5]) if len(argv) > 5 else time.time())
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
