// Installed by the dashboard benchmark in every page before the page's own scripts (Playwright AddInitScript).
// It keeps a log of what the map drew, one entry per draw, read (and emptied) by the bench with __bwBench.take().
// The map's own test hook window.babelwireMap.describe() (Web/map/src/meshMap.js) gives version, nodes, edges, path
// and appliedAt = Date.now() when the diff or path was drawn; each new appliedAt is logged with:
//   appliedAt, version, nodes, edges (counts), path (ids, when short), edge (the watched edge: up, quality, label),
//   received: Date.now() of the last WebSocket message (Blazor's circuit) that arrived at or before appliedAt.
// A draw is noticed right after the task that made it (a cytoscape event queues a microtask; the cytoscape instance is
// found through its container's _cyreg), and by a poll every 50 ms in case the instance is not found.
(() => {
  const w = {
    log: [],
    received: [],
    firstReceived: null, // Date.now() of the first WebSocket message (the circuit is up)
    watchEdge: null,
    cy: null,
    last: undefined,
    queued: false,
  };
  window.__bwBench = w;

  const NativeWebSocket = window.WebSocket;
  window.WebSocket = class extends NativeWebSocket {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", () => {
        const now = Date.now();
        if (w.firstReceived === null) w.firstReceived = now;
        w.received.push(now);
        if (w.received.length > 4000) w.received.splice(0, 2000);
      });
    }
  };

  function lastReceived(at) {
    for (let i = w.received.length - 1; i >= 0; i--) if (w.received[i] <= at) return w.received[i];
    return null;
  }

  function findCy() {
    if (w.cy && !w.cy.destroyed()) return w.cy;
    w.cy = null;
    for (const el of document.querySelectorAll("div")) {
      if (el._cyreg && el._cyreg.cy && !el._cyreg.cy.destroyed()) {
        w.cy = el._cyreg.cy;
        w.cy.on("add remove data class", queue);
        break;
      }
    }
    return w.cy;
  }

  function queue() {
    if (w.queued) return;
    w.queued = true;
    queueMicrotask(() => {
      w.queued = false;
      record();
    });
  }

  function record() {
    const map = window.babelwireMap;
    if (!map) return;
    const d = map.describe();
    if (d.appliedAt === w.last || d.appliedAt == null) return;
    w.last = d.appliedAt;
    const entry = {
      appliedAt: d.appliedAt,
      version: d.version,
      nodes: d.nodes.length,
      edges: d.edges.length,
      path: d.path.length <= 200 ? d.path : null,
      edge: null,
      received: lastReceived(d.appliedAt),
    };
    if (w.watchEdge) {
      const e = d.edges.find((x) => x.id === w.watchEdge);
      const cy = findCy();
      const label = cy ? cy.getElementById(w.watchEdge).data("label") : null;
      if (e) entry.edge = { up: e.up, quality: e.quality, label: label ?? null };
    }
    w.log.push(entry);
    if (w.log.length > 20000) w.log.splice(0, 10000);
  }

  w.take = () => {
    record();
    return w.log.splice(0);
  };

  // Node positions as [id, x, y], or null when the cytoscape instance is not found.
  w.positions = () => {
    const cy = findCy();
    return cy ? cy.nodes().map((n) => [n.id(), n.position("x"), n.position("y")]) : null;
  };

  w.describe = () => (window.babelwireMap ? window.babelwireMap.describe() : null);

  setInterval(() => {
    if (!window.babelwireMap) return; // a page without the map
    findCy();
    record();
  }, 50);
})();
