// eventwire dashboard views: each draws one panel from API rows. Text from the database only ever
// reaches the page through textContent or setAttribute (never innerHTML): article text is hostile.
"use strict";

const SVG = "http://www.w3.org/2000/svg";
const QUAD_COLOURS = {1: "#2b8cbe", 2: "#31a354", 3: "#fd8d3c", 4: "#de2d26"};
const QUAD_NAMES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"};

function el(tag, attrs = {}, text = null) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== null && text !== undefined) node.textContent = String(text);
  return node;
}

function svgEl(tag, attrs = {}, title = null) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (title !== null) {
    const t = document.createElementNS(SVG, "title");
    t.textContent = String(title);
    node.appendChild(t);
  }
  return node;
}

function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }

function viewSize(svg) {
  const box = svg.viewBox.baseVal;
  return [box.width, box.height];
}

// Timeline: a bar per day, stacked by QuadClass (cooperation below, conflict on top).
function drawTimeline(svg, legend, rows, onPick) {
  clear(svg); clear(legend);
  const [w, h] = viewSize(svg), pad = {l: 36, r: 8, t: 8, b: 22};
  if (!rows.length) { svg.appendChild(svgEl("text", {x: w / 2, y: h / 2, "text-anchor": "middle"})).textContent = "no events"; return; }
  const byDay = new Map();
  for (const r of rows) {
    if (!byDay.has(r.day)) byDay.set(r.day, []);
    byDay.get(r.day).push(r);
  }
  const days = [...byDay.keys()].sort();
  const dayMs = 86400000, t0 = Date.parse(days[0]), t1 = Date.parse(days[days.length - 1]) + dayMs;
  const max = Math.max(...[...byDay.values()].map(list => list.reduce((s, r) => s + r.events, 0)));
  const x = d => pad.l + (Date.parse(d) - t0) / (t1 - t0) * (w - pad.l - pad.r);
  const barWidth = Math.max(1, (w - pad.l - pad.r) * dayMs / (t1 - t0) - 1);
  const y = v => (h - pad.t - pad.b) * v / max;
  svg.appendChild(svgEl("line", {x1: pad.l, x2: w - pad.r, y1: h - pad.b, y2: h - pad.b, class: "axis"}));
  for (const [value, at] of [[max, pad.t + 8], [0, h - pad.b]]) {
    svg.appendChild(svgEl("text", {x: pad.l - 4, y: at, "text-anchor": "end", class: "tick"})).textContent = value;
  }
  for (const [i, d] of [[0, days[0]], [1, days[days.length - 1]]]) {
    svg.appendChild(svgEl("text", {x: i ? w - pad.r : pad.l, y: h - 6, "text-anchor": i ? "end" : "start", class: "tick"})).textContent = d;
  }
  for (const [day, list] of byDay) {
    let base = h - pad.b;
    for (const r of list.sort((a, b) => a.key - b.key)) {
      const height = y(r.events);
      base -= height;
      const bar = svgEl("rect", {x: x(day), y: base, width: barWidth, height, fill: QUAD_COLOURS[r.key], class: "day"},
        `${day}: ${r.events} ${QUAD_NAMES[r.key] || ""} events, mean Goldstein ${r.goldstein.toFixed(1)}`);
      bar.addEventListener("click", () => onPick({since: day, until: day, quad_class: String(r.key)}));
      svg.appendChild(bar);
    }
  }
  for (const quad of [1, 2, 3, 4]) legend.appendChild(el("span", {class: `swatch q${quad}`}, `${quad} ${QUAD_NAMES[quad]}`));
}

// Map: countries shaded by how many events they take part in, points where events happened.
function drawMap(svg, world, isoNumeric, countryRows, placeRows, onPick) {
  clear(svg);
  const [w, h] = viewSize(svg);
  if (!world || !window.d3 || !window.topojson) {
    svg.appendChild(svgEl("text", {x: w / 2, y: h / 2, "text-anchor": "middle"})).textContent = "map data not installed (make dashboard-assets)";
    return;
  }
  const land = topojson.feature(world, world.objects.countries);
  const projection = d3.geoNaturalEarth1().fitSize([w, h], {type: "Sphere"});
  const path = d3.geoPath(projection);
  const byNumeric = new Map();
  for (const r of countryRows) {
    const known = isoNumeric[r.country];
    if (known) byNumeric.set(known.numeric, r);
  }
  const max = Math.max(1, ...countryRows.map(r => r.events));
  svg.appendChild(svgEl("path", {d: path({type: "Sphere"}), class: "sphere"}));
  for (const feature of land.features) {
    const row = byNumeric.get(String(feature.id).padStart(3, "0"));
    const share = row ? Math.sqrt(row.events / max) : 0;
    const name = feature.properties && feature.properties.name;
    const shape = svgEl("path", {d: path(feature) || "", class: row ? "country counted" : "country",
      fill: row ? d3.interpolateOranges(0.15 + 0.85 * share) : "#e8e8e8"},
      row ? `${name}: ${row.events} events, mean Goldstein ${row.goldstein.toFixed(1)}` : name);
    if (row) {
      shape.dataset.country = row.country;
      shape.addEventListener("click", () => onPick({country: row.country}));
    }
    svg.appendChild(shape);
  }
  const most = Math.max(1, ...placeRows.map(r => r.events));
  for (const p of placeRows) {
    const at = projection([p.lon, p.lat]);
    if (!at) continue;
    svg.appendChild(svgEl("circle", {cx: at[0], cy: at[1], r: 2 + 6 * Math.sqrt(p.events / most), class: "place"},
      `${p.name}: ${p.events} events`));
  }
}

// Network: actors as nodes, an arrow per (source, target) pair, thicker for more events.
function drawNetwork(svg, edges, onPick) {
  clear(svg);
  const [w, h] = viewSize(svg);
  if (!edges.length || !window.d3) {
    svg.appendChild(svgEl("text", {x: w / 2, y: h / 2, "text-anchor": "middle"})).textContent = edges.length ? "d3 not installed" : "no actor pairs";
    return;
  }
  const names = new Map();
  for (const e of edges) { names.set(e.source, e.source_name); names.set(e.target, e.target_name); }
  const nodes = [...names.keys()].map(id => ({id, name: names.get(id) || id,
    weight: edges.filter(e => e.source === id || e.target === id).reduce((s, e) => s + e.events, 0)}));
  const links = edges.map(e => ({...e}));
  const most = Math.max(...links.map(l => l.events));
  const sim = d3.forceSimulation(nodes).randomSource(d3.randomLcg(42))
    .force("link", d3.forceLink(links).id(n => n.id).distance(60))
    .force("charge", d3.forceManyBody().strength(-70))
    .force("x", d3.forceX(w / 2).strength(0.06))
    .force("y", d3.forceY(h / 2).strength(0.09))
    .force("collide", d3.forceCollide(16)).stop();
  sim.tick(200);  // laid out once, no animation: the picture is the same on every load
  for (const n of nodes) { n.x = Math.max(20, Math.min(w - 20, n.x)); n.y = Math.max(14, Math.min(h - 14, n.y)); }
  const defs = svgEl("defs");
  const marker = svgEl("marker", {id: "arrow", viewBox: "0 0 10 10", refX: 22, refY: 5, markerWidth: 8, markerHeight: 8, markerUnits: "userSpaceOnUse", orient: "auto"});
  marker.appendChild(svgEl("path", {d: "M 0 0 L 10 5 L 0 10 z", class: "arrowhead"}));
  defs.appendChild(marker);
  svg.appendChild(defs);
  for (const l of links) {
    const colour = l.goldstein < 0 ? "#de2d26" : "#2b8cbe";
    svg.appendChild(svgEl("line", {x1: l.source.x, y1: l.source.y, x2: l.target.x, y2: l.target.y, stroke: colour,
      "stroke-width": 0.8 + 5 * l.events / most, "marker-end": "url(#arrow)", class: "edge"},
      `${l.source.id} → ${l.target.id}: ${l.events} events, mean Goldstein ${l.goldstein.toFixed(1)}`));
  }
  const mostNode = Math.max(...nodes.map(n => n.weight));
  for (const n of nodes) {
    const g = svgEl("g", {class: "node", transform: `translate(${n.x.toFixed(1)},${n.y.toFixed(1)})`}, `${n.id} ${n.name}: ${n.weight} events`);
    g.appendChild(svgEl("circle", {r: 4 + 8 * Math.sqrt(n.weight / mostNode)}));
    g.appendChild(svgEl("text", {x: 10, y: 4})).textContent = n.id;
    g.addEventListener("click", () => onPick({actor: n.id}));
    svg.appendChild(g);
  }
}

// Event table: one row per event; a click opens it.
function drawTable(tbody, events, onOpen) {
  clear(tbody);
  for (const e of events) {
    const tr = el("tr", {tabindex: "0", "data-event": `${e.article_id}/${e.idx}`});
    const cells = [e.day || "", e.source_code || "", `${e.cameo} ${e.plover || ""}`, e.target_code || "",
      e.modality || "", e.speaker || "", e.sentence || ""];
    for (const value of cells) tr.appendChild(el("td", {}, value));
    tr.classList.add(`q${e.quad_class}`);
    tr.addEventListener("click", () => onOpen(e.article_id, e.idx));
    tr.addEventListener("keydown", ev => { if (ev.key === "Enter") onOpen(e.article_id, e.idx); });
    tbody.appendChild(tr);
  }
}

// Article view: the cleaned text with the event's sentence highlighted and its trigger marked.
function drawArticle(container, article, event) {
  clear(container);
  const text = article.text || "";
  const [start, end] = event.span || [0, 0];
  container.appendChild(document.createTextNode(text.slice(0, start)));
  const mark = el("mark", {id: "evidence"});
  const sentence = text.slice(start, end);
  const at = event.trigger ? sentence.indexOf(event.trigger) : -1;
  if (at >= 0) {
    mark.appendChild(document.createTextNode(sentence.slice(0, at)));
    mark.appendChild(el("strong", {class: "trigger"}, event.trigger));
    mark.appendChild(document.createTextNode(sentence.slice(at + event.trigger.length)));
  } else {
    mark.textContent = sentence;
  }
  container.appendChild(mark);
  container.appendChild(document.createTextNode(text.slice(end)));
}

function drawAttribution(container, event) {
  clear(container);
  container.appendChild(el("h3", {}, "According to"));
  const a = event.attribution;
  if (!a) {
    container.appendChild(el("p", {id: "speaker"}, "the article itself (no speaker named)"));
    return;
  }
  container.appendChild(el("p", {id: "speaker"}, a.speaker));
  const facts = el("dl");
  const rows = [["speaker type", a.speaker_type], ["speaker actor", a.speaker_actor ? a.speaker_actor.code : ""],
    ["via", (a.via || []).join(", ")], ["direct quote", a.quote ? "yes" : "no"]];
  for (const [k, v] of rows) { facts.appendChild(el("dt", {}, k)); facts.appendChild(el("dd", {}, v || "—")); }
  container.appendChild(facts);
}

function drawReports(list, reports) {
  clear(list);
  if (!reports.length) list.appendChild(el("li", {class: "none"}, "none"));
  for (const r of reports) {
    const li = el("li");
    li.appendChild(el("span", {class: "outlet"}, `${r.outlet || "unknown outlet"} · ${r.modality || ""}${r.speaker ? " · " + r.speaker : ""}`));
    li.appendChild(el("q", {}, r.sentence || ""));
    list.appendChild(li);
  }
}

window.views = {drawTimeline, drawMap, drawNetwork, drawTable, drawArticle, drawAttribution, drawReports, el, clear, QUAD_NAMES};
