// The dashboard's live map, the one JS module of the dashboard (STYLE §12). Bundled by ../build.sh into
// ../../wwwroot/js/meshMap.js (committed, so the .NET build needs no node). The Blazor component MeshMap imports it as
// an IJSObjectReference and drives it with diffs computed in C# (MapDiff): nodes and edges are added, changed or
// removed one by one, never redrawn whole, so existing nodes keep their positions; only new nodes are placed, by an
// fCoSE run in which every existing node is fixed where it is.
//
// Test hook for browser tests and benchmarks: window.babelwireMap.describe() returns
//   {
//     version,    // the MeshView.Version of the last diff applied (null before the first)
//     nodes: [{ id, state }],                          // state: "online" | "offline" | "disabled"
//     edges: [{ id, source, target, up, quality }],    // id "<nodeA>|<nodeB>"; quality: "good" | "medium" | "down" | "unknown"
//     path: [ids],                                     // node and edge ids highlighted by the path view
//     appliedAt   // Date.now() when the last diff (or path) was drawn
//   }
// It describes the map that is on screen (the cytoscape elements), not the diff that was sent.

import cytoscape from "cytoscape";
import fcose from "cytoscape-fcose";

cytoscape.use(fcose);

const state = {
  cy: null,
  dotnet: null,
  version: null,
  appliedAt: null,
  path: [],
};

const style = [
  {
    selector: "node",
    style: {
      label: "data(label)",
      "font-size": 11,
      "text-valign": "bottom",
      "text-margin-y": 4,
      width: 26,
      height: 26,
      "border-width": 2,
      "border-color": "#1d2530",
    },
  },
  { selector: 'node[state = "online"]', style: { "background-color": "#2e9d57", shape: "ellipse" } },
  { selector: 'node[state = "offline"]', style: { "background-color": "#c9ced6", shape: "ellipse", "border-style": "dashed" } },
  { selector: 'node[state = "disabled"]', style: { "background-color": "#6b7280", shape: "diamond", opacity: 0.7 } },
  {
    selector: "edge",
    style: {
      width: 3,
      label: "data(label)",
      "font-size": 9,
      "text-rotation": "autorotate",
      "text-background-color": "#f6f7f9",
      "text-background-opacity": 1,
      "curve-style": "bezier",
    },
  },
  { selector: 'edge[quality = "good"]', style: { "line-color": "#2e9d57" } },
  { selector: 'edge[quality = "medium"]', style: { "line-color": "#e0a020" } },
  { selector: 'edge[quality = "unknown"]', style: { "line-color": "#8aa0b8" } },
  { selector: 'edge[quality = "down"]', style: { "line-color": "#9ca3af", "line-style": "dashed", width: 2 } },
  { selector: ".path", style: { "overlay-color": "#2563eb", "overlay-opacity": 0.25, "overlay-padding": 6 } },
  { selector: "node.path", style: { "border-color": "#2563eb", "border-width": 4 } },
  { selector: "edge.path", style: { width: 6 } },
];

/** Creates the map in the element; dotnet receives OnNodeClickedAsync(id), OnEdgeClickedAsync(id) and OnBackgroundClickedAsync(). */
export function init(container, dotnet) {
  dispose();
  state.dotnet = dotnet;
  state.cy = cytoscape({
    container,
    headless: !container, // no element: a headless map (tests of this module under node)
    styleEnabled: true,
    style,
    elements: [],
    minZoom: 0.2,
    maxZoom: 4,
  });
  state.cy.on("tap", "node", (e) => notify("OnNodeClickedAsync", e.target.id()));
  state.cy.on("tap", "edge", (e) => notify("OnEdgeClickedAsync", e.target.id()));
  state.cy.on("tap", (e) => {
    if (e.target === state.cy) notify("OnBackgroundClickedAsync");
  });
}

function notify(method, ...args) {
  if (state.dotnet) state.dotnet.invokeMethodAsync(method, ...args).catch(() => {});
}

/**
 * Applies one diff: { version, addNodes, updateNodes, removeNodes, addEdges, updateEdges, removeEdges }.
 * Nodes are { id, label, state }; edges { id, source, target, up, quality, label }.
 */
export function apply(diff) {
  const cy = state.cy;
  if (!cy) return;
  const existing = cy.nodes().map((n) => n.id());
  const added = [];
  cy.batch(() => {
    for (const id of diff.removeEdges ?? []) cy.getElementById(id).remove();
    for (const id of diff.removeNodes ?? []) cy.getElementById(id).remove();
    for (const n of diff.addNodes ?? []) {
      added.push(cy.add({ group: "nodes", data: { ...n } }));
    }
    for (const n of diff.updateNodes ?? []) cy.getElementById(n.id).data({ ...n });
    for (const e of diff.addEdges ?? []) cy.add({ group: "edges", data: { ...e } });
    for (const e of diff.updateEdges ?? []) cy.getElementById(e.id).data({ ...e });
  });
  if (added.length > 0) placeNewNodes(added, existing);
  state.version = diff.version;
  state.appliedAt = Date.now();
}

// Puts each new node near the nodes it is linked to, then lets fCoSE settle the new ones with every old node fixed.
function placeNewNodes(added, existingIds) {
  const cy = state.cy;
  const kept = existingIds.map((id) => cy.getElementById(id)).filter((n) => n.nonempty());
  if (kept.length === 0) {
    cy.layout({ name: "fcose", animate: false, randomize: true, nodeRepulsion: 8000, idealEdgeLength: 110, fit: true, padding: 30 }).run();
    return;
  }
  const box = cy.nodes().difference(cy.collection(added)).boundingBox();
  for (const node of added) {
    const around = node.neighborhood("node").filter((n) => !added.includes(n));
    let x = box.x2 + 60;
    let y = (box.y1 + box.y2) / 2;
    if (around.nonempty()) {
      x = around.reduce((s, n) => s + n.position("x"), 0) / around.length;
      y = around.reduce((s, n) => s + n.position("y"), 0) / around.length;
    }
    node.position({ x: x + (Math.random() - 0.5) * 80, y: y + (Math.random() - 0.5) * 80 });
  }
  cy.layout({
    name: "fcose",
    animate: false,
    randomize: false,
    fit: false,
    nodeRepulsion: 8000,
    idealEdgeLength: 110,
    fixedNodeConstraint: kept.map((n) => ({ nodeId: n.id(), position: { ...n.position() } })),
  }).run();
}

/** Highlights the nodes and edges with these ids (the path view); an empty list clears it. */
export function highlight(ids) {
  const cy = state.cy;
  state.path = [...(ids ?? [])];
  if (!cy) return;
  cy.batch(() => {
    cy.elements().removeClass("path");
    for (const id of state.path) cy.getElementById(id).addClass("path");
  });
  state.appliedAt = Date.now();
}

/** Fits the whole mesh in view. */
export function fit() {
  if (state.cy) state.cy.fit(undefined, 30);
}

/** Copies text to the clipboard (the secrets shown once); false when the browser refuses. */
export async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

/** Releases the map (the component's DisposeAsync). */
export function dispose() {
  if (state.cy) state.cy.destroy();
  state.cy = null;
  state.dotnet = null;
  state.version = null;
  state.appliedAt = null;
  state.path = [];
}

function describe() {
  const cy = state.cy;
  return {
    version: state.version,
    nodes: cy ? cy.nodes().map((n) => ({ id: n.id(), state: n.data("state") })) : [],
    edges: cy
      ? cy.edges().map((e) => ({
          id: e.id(),
          source: e.data("source"),
          target: e.data("target"),
          up: e.data("up"),
          quality: e.data("quality"),
        }))
      : [],
    path: [...state.path],
    appliedAt: state.appliedAt,
  };
}

window.babelwireMap = { describe };
