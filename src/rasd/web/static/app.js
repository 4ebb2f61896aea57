// rasd dashboard: plain DOM, text always set with textContent (article text is untrusted).
"use strict";
const I18N = {
  ar: {title: "رصد", events: "الأحداث", timeline: "الخط الزمني", digest: "الحصاد اليومي", lang: "English",
       type: "النوع", country: "البلد", since: "من", until: "إلى", search: "بحث", apply: "تطبيق", date: "التاريخ",
       source: "المصدر", target: "الهدف", place: "المكان", reports: "التقارير", back: "رجوع", outlets: "منافذ",
       map: "الخريطة", network: "شبكة الفاعلين", nobasemap: "الخريطة الأساسية غير مثبتة (make install)"},
  en: {title: "rasd", events: "Events", timeline: "Timeline", digest: "Daily digest", lang: "عربي",
       type: "Type", country: "Country", since: "From", until: "To", search: "Search", apply: "Apply", date: "Date",
       source: "Source", target: "Target", place: "Place", reports: "Reports", back: "Back", outlets: "outlets",
       map: "Map", network: "Actor network", nobasemap: "Basemap not installed (make install)"},
};
const TYPES = ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
               "REJECT", "THREATEN", "SANCTION", "PROTEST", "MOBILIZE", "COERCE", "ASSAULT"];
const COLORS = ["#2a9d8f", "#264653", "#8ab17d", "#e9c46a", "#f4a261", "#e76f51", "#6d597a", "#b56576",
                "#e63946", "#457b9d", "#1d3557", "#a8dadc", "#ff006e", "#8338ec", "#3a86ff", "#d62828"];
let lang = "ar", offset = 0;
const PAGE = 50;
const $ = (sel) => document.querySelector(sel);

function el(tag, text, cls) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = String(text);
  if (cls) e.className = cls;
  return e;
}

async function api(path, params) {
  const url = new URL(path, location.origin);
  for (const [k, v] of Object.entries(params || {})) if (v) url.searchParams.set(k, v);
  const r = await fetch(url);
  const body = await r.json();
  if (!r.ok) throw new Error(body.error || r.statusText);
  return body;
}

function show(view) {
  document.querySelectorAll(".view").forEach((v) => { v.hidden = v.id !== view; });
  if (view === "timeline") drawTimeline();
  if (view === "map") drawMap();
  if (view === "network") drawNetwork();
}

function applyLang() {
  document.documentElement.lang = lang;
  document.documentElement.dir = lang === "ar" ? "rtl" : "ltr";
  document.querySelectorAll("[data-i18n]").forEach((n) => { n.textContent = I18N[lang][n.dataset.i18n]; });
}

async function loadEvents() {
  const f = new FormData($("#filters"));
  const params = Object.fromEntries(f.entries());
  params.limit = PAGE; params.offset = offset;
  const tbody = $("#event-table tbody");
  tbody.replaceChildren();
  const data = await api("/api/events", params);
  for (const ev of data.items) {
    const tr = el("tr");
    tr.dataset.id = ev.id;
    tr.append(el("td", ev.day || ""), el("td", ev.type + (ev.mode ? " / " + ev.mode : "")),
              el("td", ev.source_name || ""), el("td", ev.target_name || ""), el("td", ev.location_name || ""),
              el("td", `${ev.n_reports} (${ev.n_outlets} ${I18N[lang].outlets})`));
    tr.addEventListener("click", () => openEvent(ev.id));
    tbody.append(tr);
  }
  $("#page").textContent = `${offset + 1}–${offset + data.items.length} / ${data.total}`;
}

async function openEvent(id) {
  const ev = await api(`/api/events/${encodeURIComponent(id)}`);
  if (ev.reports.length) await openDocument(ev.reports[0].doc_id, ev.reports[0].report_event);
}

// Flat segments: every boundary of every span cuts the text; a segment carries the classes of
// all spans over it, so overlapping spans never need nested markup.
function segments(text, spans) {
  const cuts = new Set([0, text.length]);
  for (const s of spans) { cuts.add(s.start); cuts.add(s.end); }
  const points = [...cuts].filter((x) => x >= 0 && x <= text.length).sort((a, b) => a - b);
  const out = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i], b = points[i + 1];
    out.push({a, b, spans: spans.filter((s) => s.start <= a && b <= s.end)});
  }
  return out;
}

async function openDocument(docId, focusEvent) {
  const d = await api(`/api/documents/${encodeURIComponent(docId)}`);
  show("reader");
  $("#doc-title").textContent = d.title || d.id;
  $("#doc-meta").textContent = [d.published, ...d.reports.map((r) => r.source)].filter(Boolean).join(" · ");
  const spans = [];
  d.entities.forEach((m) => spans.push({start: m.start, end: m.end, cls: `ent ${m.type}`, title: m.name || m.type}));
  d.events.forEach((e) => spans.push({start: e.trigger_start, end: e.trigger_end, cls: "trigger", title: e.type}));
  d.quotes.forEach((q) => spans.push({start: q.start, end: q.end, cls: "quote", title: "quote"}));
  d.framing.forEach((f) => spans.push({start: f.start, end: f.end, cls: "framing", title: f.kind}));
  const article = $("#doc-text");
  article.replaceChildren();
  let para = el("p");
  for (const seg of segments(d.text, spans)) {
    const piece = d.text.slice(seg.a, seg.b);
    const parts = piece.split("\n\n");
    parts.forEach((part, i) => {
      if (i > 0) { article.append(para); para = el("p"); }
      if (!part) return;
      const node = seg.spans.length ? el("mark", part, seg.spans.map((s) => s.cls).join(" ")) : el("span", part);
      node.dataset.start = seg.a; node.dataset.end = seg.b;
      if (seg.spans.length) node.title = seg.spans.map((s) => s.title).join(", ");
      para.append(node);
    });
  }
  article.append(para);
  const list = $("#doc-events");
  list.replaceChildren();
  for (const e of d.events) {
    const li = el("li", `${e.type}${e.mode ? " / " + e.mode : ""}: ${e.trigger_text} — ${e.source_text || "؟"} → ${e.target_text || "؟"}`);
    li.dataset.id = e.id;
    li.addEventListener("click", () => highlight(e));
    list.append(li);
    if (e.id === focusEvent) highlight(e);
  }
}

function highlight(e) {
  document.querySelectorAll("#doc-text [data-start]").forEach((n) => {
    const a = +n.dataset.start, b = +n.dataset.end;
    n.classList.toggle("sentence", a >= e.sentence_start && b <= e.sentence_end);
    n.classList.toggle("active", a >= e.sentence_start && b <= e.sentence_end);
    const actor = [[e.source_start, e.source_end], [e.target_start, e.target_end]]
      .some(([s, t]) => s !== null && a >= s && b <= t);
    n.classList.toggle("actor-active", actor);
  });
  const first = document.querySelector("#doc-text .active");
  if (first) first.scrollIntoView({block: "center"});
}

async function drawTimeline() {
  const data = await api("/api/timeline");
  const svg = $("#timeline-svg");
  svg.replaceChildren();
  const months = [...new Set(data.items.map((r) => r.month))].sort();
  const totals = {};
  data.items.forEach((r) => { totals[r.month] = (totals[r.month] || 0) + r.events; });
  const max = Math.max(1, ...Object.values(totals));
  const w = 900, h = 300, bw = Math.max(4, Math.floor((w - 40) / Math.max(1, months.length)) - 2);
  const ns = "http://www.w3.org/2000/svg";
  months.forEach((m, i) => {
    let y = h;
    TYPES.forEach((t, k) => {
      const row = data.items.find((r) => r.month === m && r.type === t);
      if (!row) return;
      const bh = (row.events / max) * (h - 20);
      y -= bh;
      const rect = document.createElementNS(ns, "rect");
      rect.setAttribute("x", 20 + i * (bw + 2)); rect.setAttribute("y", y);
      rect.setAttribute("width", bw); rect.setAttribute("height", bh); rect.setAttribute("fill", COLORS[k]);
      const tip = document.createElementNS(ns, "title");
      tip.textContent = `${m} ${t}: ${row.events}`;
      rect.append(tip);
      svg.append(rect);
    });
  });
  const legend = $("#legend");
  legend.replaceChildren();
  TYPES.forEach((t, k) => { const li = el("li"); const sw = el("span"); sw.style.background = COLORS[k]; li.append(sw, el("b", t)); legend.append(li); });
}

const SVG = "http://www.w3.org/2000/svg";
function svgEl(tag, attrs) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  return e;
}
const project = (lon, lat) => [(lon + 180) / 360 * 1000, (90 - lat) / 180 * 500];

async function drawMap() {
  const svg = $("#map-svg");
  svg.replaceChildren();
  $("#map-note").textContent = "";
  if (!window.topojsonMissing && window.topojson) {
    const world = await (await fetch("/static/vendor/countries-110m.json")).json();
    const land = window.topojson.feature(world, world.objects.countries);
    for (const f of land.features) {
      const polys = f.geometry.type === "Polygon" ? [f.geometry.coordinates] : f.geometry.coordinates;
      let d = "";
      for (const poly of polys) for (const ring of poly) {
        let prev = null;  // a ring that crosses the antimeridian is cut instead of drawn across the map
        ring.forEach(([lon, lat]) => {
          const [x, y] = project(lon, lat);
          d += (prev === null || Math.abs(lon - prev) > 180 ? "M" : "L") + x.toFixed(1) + "," + y.toFixed(1);
          prev = lon;
        });
        d += "Z";
      }
      const path = svgEl("path", {d, fill: "#e9ecef", stroke: "#adb5bd", "stroke-width": "0.5"});
      const t = document.createElementNS(SVG, "title"); t.textContent = f.properties.name; path.append(t);
      svg.append(path);
    }
  } else {
    $("#map-note").textContent = I18N[lang].nobasemap;
  }
  const data = await api("/api/events", {limit: 500});
  for (const ev of data.items) {
    if (ev.lat === null || ev.lon === null) continue;
    const [x, y] = project(ev.lon, ev.lat);
    const c = svgEl("circle", {cx: x, cy: y, r: 2 + Math.min(6, ev.n_reports), fill: COLORS[TYPES.indexOf(ev.type)], "fill-opacity": "0.7"});
    const t = document.createElementNS(SVG, "title");
    t.textContent = `${ev.day || ""} ${ev.type} ${ev.location_name || ""}`;
    c.append(t);
    c.addEventListener("click", () => openEvent(ev.id));
    svg.append(c);
  }
}

async function drawNetwork() {
  const svg = $("#network-svg");
  svg.replaceChildren();
  const data = await api("/api/events", {limit: 500});
  const edges = new Map(), degree = new Map(), names = new Map();
  for (const ev of data.items) {
    if (!ev.source_actor || !ev.target_actor || ev.source_actor === ev.target_actor) continue;
    const key = ev.source_actor + "\u0000" + ev.target_actor;
    const e = edges.get(key) || {s: ev.source_actor, t: ev.target_actor, n: 0, types: new Set()};
    e.n += 1; e.types.add(ev.type); edges.set(key, e);
    for (const [id, name] of [[ev.source_actor, ev.source_name], [ev.target_actor, ev.target_name]]) {
      degree.set(id, (degree.get(id) || 0) + 1); names.set(id, name || id);
    }
  }
  const nodes = [...degree.entries()].sort((a, b) => b[1] - a[1]).slice(0, 24).map(([id]) => id);
  const pos = new Map(nodes.map((id, i) => {
    const a = 2 * Math.PI * i / nodes.length;
    return [id, [450 + 280 * Math.cos(a), 350 + 280 * Math.sin(a)]];
  }));
  for (const e of edges.values()) {
    if (!pos.has(e.s) || !pos.has(e.t)) continue;
    const [x1, y1] = pos.get(e.s), [x2, y2] = pos.get(e.t);
    const line = svgEl("line", {x1, y1, x2, y2, stroke: COLORS[TYPES.indexOf([...e.types][0])], "stroke-width": 1 + e.n, "stroke-opacity": "0.6"});
    const t = document.createElementNS(SVG, "title");
    t.textContent = `${names.get(e.s)} → ${names.get(e.t)}: ${e.n} (${[...e.types].join(", ")})`;
    line.append(t);
    svg.append(line);
  }
  for (const id of nodes) {
    const [x, y] = pos.get(id);
    svg.append(svgEl("circle", {cx: x, cy: y, r: 4 + Math.min(12, degree.get(id)), fill: "#1d3557"}));
    const label = svgEl("text", {x, y: y - 14, "text-anchor": "middle", "font-size": "12"});
    label.textContent = names.get(id);
    svg.append(label);
  }
}

async function loadDigest(ev) {
  if (ev) ev.preventDefault();
  const f = Object.fromEntries(new FormData($("#digest-form")).entries());
  const body = $("#digest-body");
  body.replaceChildren();
  try {
    const d = await api("/api/digest", f);
    body.append(el("h2", d.title));
    if (d.lead.length) body.append(el("p", d.lead.join(" — ")));
    for (const s of d.stories) {
      const sec = el("section");
      sec.append(el("h3", s.headline));
      const ul = el("ul");
      s.what_happened.forEach((h) => ul.append(el("li", `${h.sentence} (${h.type}; ${h.reports}/${h.outlets})`)));
      s.quotes.forEach((q) => ul.append(el("li", `${q.speaker_name || q.speaker_text}: «${q.text}»`)));
      sec.append(ul);
      const src = el("p");
      s.sources.forEach((r) => {
        const a = el("a", r.source || r.input_id);
        if (r.url && /^https?:\/\//.test(r.url)) a.href = r.url;
        src.append(a, document.createTextNode(" "));
      });
      sec.append(src);
      body.append(sec);
    }
  } catch (err) { body.append(el("p", err.message)); }
}

function init() {
  const select = document.querySelector("#filters select[name=type]");
  TYPES.forEach((t) => select.append(el("option", t)));
  document.querySelectorAll("nav [data-view]").forEach((b) => b.addEventListener("click", () => show(b.dataset.view)));
  $("#lang").addEventListener("click", () => { lang = lang === "ar" ? "en" : "ar"; applyLang(); });
  $("#filters").addEventListener("submit", (e) => { e.preventDefault(); offset = 0; loadEvents(); });
  $("#prev").addEventListener("click", () => { offset = Math.max(0, offset - PAGE); loadEvents(); });
  $("#next").addEventListener("click", () => { offset += PAGE; loadEvents(); });
  $("#back").addEventListener("click", () => show("events"));
  $("#digest-form").addEventListener("submit", loadDigest);
  applyLang();
  loadEvents();
}
document.addEventListener("DOMContentLoaded", init);
