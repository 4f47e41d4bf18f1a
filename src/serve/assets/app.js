// proviso serve: the page. It only shows what the API computed: amounts, prices and dates are
// the `display`, `value` and date strings of the JSON output, never recomputed or reformatted
// here (a decimal string is turned into a number only to place it on a chart).
"use strict";

const SVG = "http://www.w3.org/2000/svg";
const state = {
  scenario: null, // the evaluation of the chosen scenario
  file: null, // the clause file in the editor
  timer: null,
  seq: {}, // the number of the last edit sent, by file
  sending: Promise.resolve(), // the edits in flight, one after the other
  highlight: false, // whether the server highlights clause text
};

function $(id) {
  return document.getElementById(id);
}

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") e.className = v;
    else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v);
  }
  for (const c of children) {
    if (c === null || c === undefined) continue;
    e.append(typeof c === "string" ? document.createTextNode(c) : c);
  }
  return e;
}

function svg(tag, attrs, text) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

async function api(method, path, body) {
  const init = { method, headers: {} };
  // the server takes a change only as JSON from its own page
  if (method !== "GET") init.headers["content-type"] = "application/json";
  if (body !== undefined) init.body = JSON.stringify(body);
  const r = await fetch(path, init);
  const data = await r.json().catch(() => ({ error: { message: r.statusText } }));
  if (!r.ok) throw new Error((data.error && data.error.message) || r.statusText);
  return data;
}

function status(text) {
  $("status").textContent = text;
}

// ---- dates: ISO strings to day numbers, for placing only -----------------------------------

function day(iso) {
  return Date.parse(iso + "T00:00:00Z") / 86400000;
}

// ---- scenarios ------------------------------------------------------------------------------

async function loadScenarios() {
  const data = await api("GET", "/api/scenarios");
  $("folder").textContent = data.folder;
  const list = $("scenario-list");
  list.replaceChildren();
  for (const s of data.scenarios) {
    const b = el(
      "button",
      { type: "button", id: "scenario-" + s.name, "data-name": s.name, onclick: () => chooseScenario(s.name) },
      el("span", { class: "name" }, s.name),
      el("span", { class: "description" }, s.description || ""),
    );
    list.append(el("li", {}, b));
  }
}

async function chooseScenario(name) {
  for (const b of document.querySelectorAll("#scenario-list button")) {
    b.classList.toggle("chosen", b.dataset.name === name);
  }
  status("evaluating " + name + "…");
  try {
    const data = await api("GET", "/api/scenarios/" + encodeURIComponent(name));
    state.scenario = data;
    showScenario(data);
    status("");
  } catch (e) {
    status(e.message);
  }
}

function showScenario(data) {
  const s = data.scenario;
  $("scenario-title").textContent = s.name + (s.as_of ? " — as of " + s.as_of : "");
  $("scenario-description").textContent = s.description || "";
  showDiagnostics($("scenario-problems"), data.diagnostics || []);
  $("explanation").replaceChildren();
  $("explanation-title").textContent = "Explanation";
  if (!data.outcome) {
    $("timeline").replaceChildren();
    $("chart").replaceChildren();
    return;
  }
  $("market-name").textContent = s.market || "";
  drawTimeline(data);
  drawChart(data, null);
}

// ---- the items of an outcome ----------------------------------------------------------------

function items(outcome) {
  const out = [];
  for (const o of outcome.obligations) {
    out.push({
      kind: "obligation",
      id: o.id,
      section: o.section,
      who: o.obligor + " → " + o.obligee,
      what: o.display || o.kind,
      date: o.due,
      status: o.status,
      explanation: o.explanation,
      fulfilled: o.fulfilled_by,
    });
  }
  for (const r of outcome.rights) {
    out.push({
      kind: "right",
      id: r.id,
      section: r.section,
      who: r.holder + " (right) → " + r.against,
      what: r.display || r.kind,
      from: r.window.from,
      until: r.window.until,
      status: r.status,
      explanation: r.explanation,
    });
  }
  for (const f of outcome.findings) {
    out.push({
      kind: "finding",
      id: f.id,
      section: f.section,
      who: "",
      what: "",
      date: f.date,
      status: f.status,
      explanation: f.explanation,
    });
  }
  return out;
}

// ---- the timeline ---------------------------------------------------------------------------

function drawTimeline(data) {
  const outcome = data.outcome;
  const all = items(outcome);
  const root = $("timeline");
  root.replaceChildren();
  const dates = [outcome.as_of];
  for (const it of all) for (const d of [it.date, it.from, it.until]) if (d) dates.push(d);
  let lo = Math.min(...dates.map(day));
  let hi = Math.max(...dates.map(day));
  if (hi - lo < 10) {
    lo -= 5;
    hi += 5;
  }
  const left = 620;
  const width = 1100;
  const rowH = 26;
  const top = 24;
  const height = top + rowH * all.length + 10;
  root.setAttribute("viewBox", `0 0 ${width} ${height}`);
  root.setAttribute("height", height);
  const x = (iso) => left + ((day(iso) - lo) / (hi - lo)) * (width - left - 30);
  // the evaluation date, and the first and last dates
  const asOf = x(outcome.as_of);
  root.append(svg("line", { x1: asOf, x2: asOf, y1: 14, y2: height, class: "as-of" }));
  root.append(svg("text", { x: asOf - 4, y: 11, class: "axis", "text-anchor": "end" }, "as of " + outcome.as_of));
  all.forEach((it, i) => {
    const y = top + i * rowH + rowH / 2;
    const g = svg("g", {
      class: "item " + it.kind + " status-" + it.status,
      "data-item": it.id,
      "data-kind": it.kind,
      tabindex: 0,
    });
    g.append(svg("rect", { x: 0, y: y - rowH / 2, width, height: rowH, class: "row" }));
    const label = svg("text", { x: 6, y: y + 4, class: "label" });
    label.append(svg("tspan", { class: "id" }, it.id + " "));
    label.append(svg("tspan", { class: "section" }, "[" + it.section + "] "));
    label.append(svg("tspan", { class: "amount" }, it.what));
    g.append(label);
    const note = [];
    if (it.kind === "right") {
      const a = it.from ? x(it.from) : left;
      const b = it.until ? x(it.until) : asOf;
      g.append(svg("rect", { x: a, y: y - 5, width: Math.max(3, b - a), height: 10, class: "window" }));
      note.push((it.from ? "from " + it.from : "") + (it.until ? " until " + it.until : ""));
    } else if (it.date) {
      const cx = x(it.date);
      g.append(svg("circle", { cx, cy: y, r: 6, class: "due" }));
      note.push((it.kind === "obligation" ? "due " : "") + it.date);
    }
    note.push(it.status.replaceAll("_", " "));
    label.append(svg("tspan", { class: "note" }, "  " + note.join(" · ")));
    g.append(svg("title", {}, `${it.id} [${it.section}] ${it.who}: ${it.what} — ${note.join(", ")}`));
    g.addEventListener("click", () => chooseItem(it));
    g.addEventListener("keydown", (e) => {
      if (e.key === "Enter") chooseItem(it);
    });
    root.append(g);
  });
}

function chooseItem(it) {
  for (const g of document.querySelectorAll("#timeline .item")) {
    g.classList.toggle("chosen", g.dataset.item === it.id);
  }
  const outcome = state.scenario.outcome;
  $("explanation-title").textContent = "Explanation of " + it.id;
  const box = $("explanation");
  box.replaceChildren();
  box.append(
    el("p", { class: "summary" }, `${it.id} [${it.section}] ${it.who}: ${it.what} — ${it.status.replaceAll("_", " ")}`),
  );
  if (it.explanation === null || it.explanation === undefined) {
    box.append(el("p", { class: "muted" }, "No explanation."));
  } else {
    box.append(explainNode(outcome, it.explanation, new Set(), true));
  }
  drawChart(state.scenario, reachable(outcome, it.explanation));
}

// ---- the explanation tree -------------------------------------------------------------------

function reachable(outcome, rootId) {
  const seen = new Set();
  if (rootId === null || rootId === undefined) return seen;
  const stack = [rootId];
  while (stack.length) {
    const id = stack.pop();
    if (seen.has(id)) continue;
    seen.add(id);
    const n = outcome.nodes[id];
    if (n) stack.push(...n.children);
  }
  return seen;
}

function explainNode(outcome, id, shown, open) {
  const n = outcome.nodes[id];
  const d = el("details", { class: "node", "data-node": id });
  if (open) d.open = true;
  const value = n.display || n.value;
  const summary = el("summary", {}, el("span", { class: "node-label" }, n.label));
  if (value) summary.append(" = ", el("span", { class: "node-value" }, value));
  if (n.section) summary.append(" ", el("span", { class: "section" }, "[" + n.section + "]"));
  d.append(summary);
  if (shown.has(id)) {
    summary.append(" ", el("span", { class: "muted" }, "(derived above)"));
    d.classList.add("leaf");
    return d;
  }
  shown.add(id);
  const body = el("div", { class: "node-body" });
  const rule = n.rule !== undefined ? outcome.rules[n.rule] : null;
  if (rule) {
    if (rule.formula) body.append(el("pre", { class: "formula" }, rule.formula));
    if (rule.quote) body.append(el("blockquote", { class: "quote" }, "“" + rule.quote + "”"));
    for (const r of rule.interpretations || []) body.append(el("p", { class: "reading" }, "reading: " + r));
  }
  for (const note of n.notes || []) body.append(el("p", { class: "note" }, "· " + note));
  d.append(body);
  if (!n.children.length && !body.childNodes.length) d.classList.add("leaf");
  // children are built when the node is opened, so a large derivation costs nothing until read
  let built = false;
  const build = () => {
    if (built) return;
    built = true;
    for (const c of n.children) d.append(explainNode(outcome, c, shown, false));
  };
  if (open) build();
  d.addEventListener("toggle", () => {
    if (d.open) build();
  });
  return d;
}

// ---- the price chart ------------------------------------------------------------------------

function drawChart(data, nodes) {
  const root = $("chart");
  root.replaceChildren();
  const m = data.market;
  if (!m || !m.dates.length) return;
  const marks = (data.marks || []).filter((k) => !nodes || nodes.has(k.node));
  // the range: from a little before the earliest window the rules used, to the as-of date
  const asOf = data.outcome.as_of;
  let from = m.dates[Math.max(0, m.dates.length - 90)];
  for (const k of marks) {
    if (k.kind === "window" && k.from < from) from = k.from;
    if (k.kind === "point" && k.date < from) from = k.date;
  }
  const idx = m.dates.findIndex((d) => d >= from);
  const start = Math.max(0, idx - 5);
  const dates = m.dates.slice(start);
  const series = { close: m.close.slice(start), vwap: m.vwap.slice(start), low: m.low.slice(start) };
  const levels = marks.filter((k) => k.kind === "level");
  const values = [].concat(series.close, series.vwap, series.low, levels.map((l) => l.value)).map(Number);
  let ymin = Math.min(...values);
  let ymax = Math.max(...values);
  if (ymax - ymin < 1e-9) ymax = ymin + 1;
  const pad = (ymax - ymin) * 0.08;
  ymin -= pad;
  ymax += pad;
  const width = 1100;
  const height = 300;
  const L = 60;
  const B = 24;
  root.setAttribute("viewBox", `0 0 ${width} ${height}`);
  root.setAttribute("height", height);
  const lo = day(dates[0]);
  const hi = Math.max(day(dates[dates.length - 1]), day(asOf));
  const x = (iso) => L + ((day(iso) - lo) / Math.max(1, hi - lo)) * (width - L - 20);
  const y = (v) => 10 + (1 - (Number(v) - ymin) / (ymax - ymin)) * (height - B - 10);
  // windows
  for (const k of marks.filter((k) => k.kind === "window")) {
    const a = x(k.from);
    const b = x(k.until);
    const r = svg("rect", { x: a - 2, y: 10, width: Math.max(4, b - a + 4), height: height - B - 10, class: "mark-window" });
    r.append(svg("title", {}, k.label + ": " + k.from + " … " + k.until));
    root.append(r);
    root.append(svg("text", { x: a, y: 22, class: "mark-label" }, k.label));
  }
  // axes: the first and last dates, and the price range
  root.append(svg("line", { x1: L, x2: width - 20, y1: height - B, y2: height - B, class: "axis-line" }));
  root.append(svg("text", { x: L, y: height - 6, class: "axis" }, dates[0]));
  root.append(svg("text", { x: width - 20, y: height - 6, class: "axis", "text-anchor": "end" }, dates[dates.length - 1]));
  for (const [name, cls] of [["close", "close"], ["vwap", "vwap"], ["low", "low"]]) {
    const pts = dates.map((d, i) => `${x(d).toFixed(1)},${y(series[name][i]).toFixed(1)}`).join(" ");
    root.append(svg("polyline", { points: pts, class: "series " + cls }));
  }
  // the as-of date
  const ax = x(asOf);
  root.append(svg("line", { x1: ax, x2: ax, y1: 10, y2: height - B, class: "as-of" }));
  // levels (the floor)
  for (const k of levels) {
    const ly = y(k.value);
    root.append(svg("line", { x1: L, x2: width - 20, y1: ly, y2: ly, class: "mark-level" }));
    root.append(svg("text", { x: L + 4, y: ly - 4, class: "mark-label level" }, k.label + " " + (k.display || k.value)));
  }
  // the values the rules read, and those a selection kept
  const picked = new Set();
  for (const k of marks.filter((k) => k.kind === "picked")) for (const d of k.dates) picked.add(d);
  for (const k of marks.filter((k) => k.kind === "point")) {
    const c = svg("circle", {
      cx: x(k.date),
      cy: y(k.value),
      r: picked.has(k.date) ? 5 : 2.5,
      class: "mark-point" + (picked.has(k.date) ? " picked" : ""),
    });
    c.append(svg("title", {}, k.label + " = " + (k.display || k.value)));
    root.append(c);
  }
  // the price range, as the market file writes it
  const lowest = values.reduce((a, b) => Math.min(a, b));
  const highest = values.reduce((a, b) => Math.max(a, b));
  const find = (v) => [].concat(series.close, series.vwap, series.low, levels.map((l) => l.value)).find((s) => Number(s) === v);
  root.append(svg("text", { x: L - 4, y: y(highest) + 4, class: "axis", "text-anchor": "end" }, find(highest)));
  root.append(svg("text", { x: L - 4, y: y(lowest) + 4, class: "axis", "text-anchor": "end" }, find(lowest)));
  const legend = $("chart-legend");
  legend.replaceChildren(
    el("span", { class: "key close" }, "close"),
    el("span", { class: "key vwap" }, "VWAP"),
    el("span", { class: "key low" }, "low"),
    el("span", { class: "key window" }, "windows the rules used"),
    el("span", { class: "key picked" }, "values a selection kept"),
    el("span", { class: "key level" }, "bounds (the floor)"),
  );
}

// ---- the editor -----------------------------------------------------------------------------

async function loadFiles() {
  const data = await api("GET", "/api/files");
  const sel = $("file-select");
  const current = sel.value;
  sel.replaceChildren();
  for (const f of data.files) {
    sel.append(el("option", { value: f.name }, f.name + (f.edited ? " (edited)" : "")));
  }
  if (current) sel.value = current;
}

async function openFile(name) {
  // the last keystrokes of the file being left are sent before it is
  clearTimeout(state.timer);
  await sendEdit();
  await loadFile(name);
}

// Show a file's text (edited, else saved) in the editor, sending nothing.
async function loadFile(name) {
  const data = await api("GET", "/api/files/" + encodeURIComponent(name));
  state.file = name;
  $("file-select").value = name;
  $("editor").value = data.text;
  paint();
}

function edited() {
  clearTimeout(state.timer);
  // what the edit changed is for the text as it was: say so until Evaluate is run again
  const diff = $("diff");
  if (diff.childNodes.length && !diff.querySelector(".stale")) {
    diff.prepend(el("p", { class: "stale" }, "The text has changed since: Evaluate again."));
  }
  paint();
  state.timer = setTimeout(sendEdit, 300);
}

// Edits are sent one after the other, each with its number; the server ignores one older than
// an edit it applied, and a reply is shown only if no newer edit of that file was sent since.
function sendEdit() {
  if (!state.file) return state.sending;
  const file = state.file;
  const text = $("editor").value;
  const seq = (state.seq[file] || 0) + 1;
  state.seq[file] = seq;
  const put = async () => {
    try {
      const data = await api("PUT", "/api/files/" + encodeURIComponent(file), { text, seq });
      if (data.stale || seq !== state.seq[file] || file !== state.file) return;
      showChecked(data);
      await loadFiles();
    } catch (e) {
      status(e.message);
    }
  };
  state.sending = state.sending.then(put);
  return state.sending;
}

function showChecked(data) {
  const box = $("diagnostics");
  showDiagnostics(box, data.diagnostics);
  if (data.checks) box.prepend(el("p", { class: "ok" }, "The clauses check."));
  box.dataset.checks = data.checks ? "yes" : "no";
}

function showDiagnostics(box, diagnostics) {
  box.replaceChildren();
  // errors first; the warnings (of the document's text, often) folded below them
  const errors = diagnostics.filter((d) => d.severity === "error");
  const others = diagnostics.filter((d) => d.severity !== "error");
  let warnings = null;
  if (others.length) {
    warnings = el("details", { class: "warnings" }, el("summary", {}, `${others.length} warning(s)`));
  }
  for (const d of errors.concat(others)) {
    const target = d.severity === "error" || !warnings ? box : warnings;
    const where = d.labels.length ? d.labels[0] : null;
    const head = el("div", { class: "diagnostic-head" });
    head.append(el("span", { class: "severity " + d.severity }, d.severity));
    if (where) head.append(" ", el("span", { class: "where" }, `${where.file || ""}:${where.line}:${where.column}`));
    else if (d.file) head.append(" ", el("span", { class: "where" }, d.file));
    if (d.code) head.append(" ", el("span", { class: "code" }, d.code));
    const item = el("div", { class: "diagnostic " + d.severity }, head, el("div", { class: "message" }, d.message));
    for (const l of d.labels) {
      if (l.text) item.append(el("div", { class: "label-text" }, `${l.line}:${l.column}–${l.end_line}:${l.end_column} ${l.text}`));
    }
    if (d.help) item.append(el("div", { class: "help" }, "help: " + d.help));
    if (where && where.file === state.file) {
      item.classList.add("jump");
      item.addEventListener("click", () => {
        const t = $("editor");
        const index = utf16(t.value);
        const start = index[where.start] ?? 0;
        const end = index[where.end] ?? start;
        t.focus();
        t.setSelectionRange(start, Math.max(start, end));
        const lineHeight = parseFloat(getComputedStyle(t).lineHeight) || 17;
        t.scrollTop = Math.max(0, (where.line - 4) * lineHeight);
        syncScroll();
      });
    }
    target.append(item);
  }
  if (warnings) box.append(warnings);
}

async function evaluateEdit() {
  clearTimeout(state.timer);
  await sendEdit();
  status("evaluating every scenario under the edit…");
  const box = $("diff");
  box.replaceChildren(el("p", { class: "muted" }, "Evaluating…"));
  try {
    const data = await api("POST", "/api/evaluate");
    showDiff(data);
    status("");
  } catch (e) {
    status(e.message);
  }
}

function showDiff(data) {
  const box = $("diff");
  box.replaceChildren();
  if (!data.report) {
    box.append(el("p", { class: "error" }, `The ${data.version || "edited"} clauses do not check: nothing was compared.`));
    const d = el("div", { class: "diagnostics" });
    showDiagnostics(d, data.diagnostics);
    box.append(d);
    return;
  }
  const r = data.report;
  if (!data.edited.length) box.append(el("p", { class: "muted" }, "No file is edited."));
  if (r.rules.length) {
    const ul = el("ul", { class: "rules" });
    for (const c of r.rules) {
      ul.append(el("li", {}, `[${c.section}] ${c.what}` + (c.old || c.new ? `: ${c.old || "—"} → ${c.new || "—"}` : "")));
    }
    box.append(el("h4", {}, "Rules"), ul);
  }
  // the chosen scenario first
  const chosen = state.scenario ? state.scenario.scenario.name : null;
  const changed = r.scenarios
    .filter((s) => s.changed)
    .sort((a, b) => (b.name === chosen) - (a.name === chosen));
  box.append(
    el("p", { class: "diff-summary" }, `${changed.length} of ${r.scenarios.length} scenario(s) change.`),
  );
  for (const s of changed) {
    const sec = el("section", { class: "scenario-diff", "data-scenario": s.name });
    sec.append(el("h4", {}, s.name), el("p", { class: "muted" }, s.description || ""));
    const ul = el("ul", {});
    for (const c of s.changes) {
      const li = el("li", { class: "change " + c.change, "data-item": c.id });
      li.append(el("span", { class: "id" }, `${c.id}${c.section ? " [" + c.section + "]" : ""} ${c.change}`));
      if (c.summary) li.append(": ", c.summary);
      for (const f of c.fields || []) {
        li.append(el("div", { class: "field" }, `${f.name}: ${f.old || "—"} → ${f.new || "—"}`));
      }
      if (c.parting) {
        const p = c.parting;
        li.append(el("div", { class: "parting" }, `where it parts: ${p.label}${p.section ? " [" + p.section + "]" : ""}: ${p.old || "—"} → ${p.new || "—"}`));
      }
      ul.append(li);
    }
    for (const p of s.new_problems) ul.append(el("li", { class: "problem" }, "edited: " + p.message));
    for (const p of s.old_problems) ul.append(el("li", { class: "problem" }, "saved: " + p.message));
    sec.append(ul);
    box.append(sec);
  }
}

async function save() {
  if (!state.file) return;
  clearTimeout(state.timer);
  await sendEdit();
  try {
    const data = await api("POST", "/api/files/" + encodeURIComponent(state.file) + "/save");
    showChecked(data);
    status(data.saved ? "saved " + state.file : "nothing to save");
    await loadFiles();
  } catch (e) {
    status(e.message);
  }
}

async function revert() {
  if (!state.file) return;
  clearTimeout(state.timer);
  // let the edits in flight land first, so none of them comes back after the revert
  await state.sending;
  try {
    const data = await api("DELETE", "/api/files/" + encodeURIComponent(state.file));
    showChecked(data);
    await loadFile(state.file);
    await loadFiles();
  } catch (e) {
    status(e.message);
  }
}

// ---- highlighting: the server's classes painted under the transparent textarea --------------

// The text shows at once, uncoloured; its colours follow when the typing pauses.
function paint() {
  $("highlight").textContent = $("editor").value + "\n";
  syncScroll();
  clearTimeout(state.paintTimer);
  if (state.highlight) state.paintTimer = setTimeout(colour, 150);
}

async function colour() {
  const pre = $("highlight");
  const text = $("editor").value;
  try {
    const data = await api("POST", "/api/highlight", { text });
    if (text !== $("editor").value) return;
    pre.replaceChildren();
    const index = utf16(text);
    let at = 0;
    for (const h of data.highlights) {
      const start = index[h.start];
      const end = index[h.end];
      if (start === undefined || end === undefined || start < at) continue;
      pre.append(document.createTextNode(text.slice(at, start)));
      pre.append(el("span", { class: "hl-" + h.class }, text.slice(start, end)));
      at = end;
    }
    pre.append(document.createTextNode(text.slice(at) + "\n"));
  } catch (e) {
    pre.textContent = text + "\n";
  }
  syncScroll();
}

// The API counts UTF-8 bytes (as Rust does), JavaScript UTF-16 units: the index in `text` of
// each byte offset that starts a character, and of its end.
function utf16(text) {
  const index = [];
  let b = 0;
  for (let i = 0; i < text.length; ) {
    const cp = text.codePointAt(i);
    index[b] = i;
    b += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    i += cp > 0xffff ? 2 : 1;
  }
  index[b] = text.length;
  return index;
}

function syncScroll() {
  const t = $("editor");
  const pre = $("highlight");
  pre.scrollTop = t.scrollTop;
  pre.scrollLeft = t.scrollLeft;
}

async function start() {
  $("file-select").addEventListener("change", (e) => openFile(e.target.value));
  $("editor").addEventListener("input", edited);
  $("editor").addEventListener("scroll", syncScroll);
  $("evaluate").addEventListener("click", evaluateEdit);
  $("save").addEventListener("click", save);
  $("revert").addEventListener("click", revert);
  try {
    const probe = await fetch("/api/highlight", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ text: "" }),
    });
    state.highlight = probe.ok;
  } catch (e) {
    state.highlight = false;
  }
  await loadScenarios();
  await loadFiles();
  const first = $("file-select").value;
  if (first) await openFile(first);
  document.body.dataset.ready = "yes";
}

start().catch((e) => status(e.message));
