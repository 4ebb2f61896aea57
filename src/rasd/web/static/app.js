// rasd dashboard: plain DOM, text always set with textContent (article text is untrusted).
"use strict";
const I18N = {
  ar: {title: "رصد", events: "الأحداث", timeline: "الخط الزمني", digest: "الحصاد اليومي", lang: "English",
       type: "النوع", country: "البلد", since: "من", until: "إلى", search: "بحث", apply: "تطبيق", date: "التاريخ",
       source: "المصدر", target: "الهدف", place: "المكان", reports: "التقارير", back: "رجوع", outlets: "منافذ"},
  en: {title: "rasd", events: "Events", timeline: "Timeline", digest: "Daily digest", lang: "عربي",
       type: "Type", country: "Country", since: "From", until: "To", search: "Search", apply: "Apply", date: "Date",
       source: "Source", target: "Target", place: "Place", reports: "Reports", back: "Back", outlets: "outlets"},
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
