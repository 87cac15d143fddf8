/*
 * The dermatome and leg-pain explorer (front end).
 *
 * Everything clinical arrives in the widget's synced state, computed in Python from the course's
 * knowledge base: the evidence tables that rank candidate roots and nerves (`tables`), each
 * root's facts (`roots_info`), each nerve's skin field (`nerves_info`) and the vocabulary. This
 * file only draws and ranks. It runs in JupyterLab (anywidget) and in the static book, where a
 * small model with the same get/set/on/off/save_changes API stands in and
 * `model.legpainStatic === true`. No imports, no network.
 */

const SVG_NS = "http://www.w3.org/2000/svg";
const SIDES = ["left", "right"];
const TOOLS = ["pain", "numbness", "normal_sensation"];
const TOOL_LABELS = { pain: "pain", numbness: "numbness", normal_sensation: "normal sensation (tested)" };
const TOOL_FILLS = { pain: "pain", numbness: "numb", normal_sensation: "felt" };
const MODES = ["findings", "root"];

/**
 * Posterior probabilities from an evidence table, exactly as `legpain.reasoning.localization.localize`.
 *
 * Log posterior = ln prior + the ln likelihood of every finding, added in the order of
 * `findingKeys`; candidates are sorted by it (ties in table order), and probability =
 * exp(log posterior - max) / sum. A finding's reason supports a candidate when its likelihood is
 * above the finding's reference, and argues against it when below; `score` is the log10
 * likelihood ratio against the reference. No findings: an empty list.
 *
 * @param {object} table  {candidates: [{id, kind, name, ln_prior}], levels: [[p, ln p]],
 *                         ln10, findings: {key: {ref: level, rows: {id: [level, reason]}}}}
 * @param {object} findings  {pain, numbness, weakness, reflexes, normalStrength, normalSensation}
 */
export function rank(table, findings) {
  const keys = findingKeys(findings || {});
  const cands = table.candidates || [];
  const levels = table.levels || [];
  if (!keys.length || !cands.length) return [];
  const rows = new Map();
  cands.forEach((c, i) => rows.set(c.id, { index: i, logpost: c.ln_prior, lr: 0,
    row: { id: c.id, kind: c.kind, name: c.name, score: 0, supporting: [], against: [], probability: 0 } }));
  for (const key of keys) {
    const entry = (table.findings || {})[key];
    if (!entry) continue;
    const ref = levels[entry.ref];
    for (const c of cands) {
      const cell = entry.rows[c.id];
      if (!cell) continue;
      const r = rows.get(c.id);
      const level = levels[cell[0]];
      r.logpost += level[1];
      r.lr += level[1] - ref[1];
      if (cell[1]) (level[0] > ref[0] ? r.row.supporting : r.row.against).push(cell[1]);
    }
  }
  let top = -Infinity;
  for (const c of cands) top = Math.max(top, rows.get(c.id).logpost);
  let total = 0;
  const weights = new Map();
  for (const c of cands) {
    const w = Math.exp(rows.get(c.id).logpost - top);
    weights.set(c.id, w);
    total += w;
  }
  for (const c of cands) {
    const r = rows.get(c.id);
    r.row.probability = weights.get(c.id) / total;
    r.row.score = r.lr / table.ln10;
  }
  return [...rows.values()]
    .sort((a, b) => b.logpost - a.logpost || a.index - b.index)
    .map((r) => r.row);
}

/**
 * Examination findings not yet recorded (a movement's strength, a reflex) that would pull two
 * candidates apart, largest separation first: the same as Python's
 * `localization.separating_findings`.
 */
export function separatingFindings(first, second, keys, table, limit = 4) {
  if (first === second) return [];
  const names = new Map((table.candidates || []).map((c) => [c.id, c.phrase]));
  const levels = table.levels || [];
  const findings = table.findings || {};
  const tested = new Set(keys.filter((k) => !(k.startsWith("pain:") || k.startsWith("numbness:") ||
    k.startsWith("normal sensation:"))).map((k) => k.split(":")[1]));
  const ln = (key, id) => levels[findings[key].rows[id][0]][1];
  const found = [];
  Object.keys(findings).forEach((key, index) => {
    const cut = key.indexOf(":");
    const kind = key.slice(0, cut);
    const rest = key.slice(cut + 1);
    let name;
    let normalKey;
    if (kind === "weakness") {
      name = rest;
      normalKey = "normal strength:" + rest;
    } else if (kind === "reflex" && rest.endsWith(":reduced")) {
      name = rest.slice(0, rest.lastIndexOf(":"));
      normalKey = "reflex:" + name + ":normal";
    } else {
      return;
    }
    if (tested.has(name)) return;
    const a = ln(key, first);
    const b = ln(key, second);
    const na = ln(normalKey, first);
    const nb = ln(normalKey, second);
    if (Math.abs(a - b) < table.ln2) return;
    const [fits, other] = a > b ? [first, second] : [second, first];
    const hint = kind === "weakness"
      ? "test " + name + ": weakness would favour " + names.get(fits) + ", normal strength " + names.get(other)
      : "test the " + name + " reflex: a reduced reflex would favour " + names.get(fits) + ", a normal one " + names.get(other);
    found.push([Math.abs(a - b) + Math.abs(na - nb), index, key, hint]);
  });
  found.sort((x, y) => y[0] - x[0] || x[1] - y[1]);
  return found.slice(0, limit).map((f) => [f[2], f[3]]);
}

/** The evidence-table keys of a set of findings, in the order Python's `localize` reads them. */
export function findingKeys(findings) {
  const keys = [];
  for (const r of findings.pain || []) keys.push("pain:" + r);
  for (const r of findings.numbness || []) keys.push("numbness:" + r);
  for (const a of findings.weakness || []) keys.push("weakness:" + a);
  for (const [reflex, state] of Object.entries(findings.reflexes || {})) {
    keys.push("reflex:" + reflex + ":" + state);
  }
  for (const a of findings.normalStrength || []) keys.push("normal strength:" + a);
  for (const r of findings.normalSensation || []) keys.push("normal sensation:" + r);
  return keys;
}

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") node.className = v;
    else if (k === "text") node.textContent = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? "" : String(v));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function svg(tag, attrs) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v !== null && v !== undefined) node.setAttribute(k, String(v));
  }
  return node;
}

function list(value) {
  return Array.isArray(value) ? value.filter((x) => typeof x === "string") : [];
}

function sameList(a, b) {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function regionLabel(region, side) {
  return side ? region + ", " + side : region;
}

const unpacked = new Map();

/** Unpack the evidence tables (gzip + base64 JSON, see `pack` in __init__.py); cached per page. */
export function unpackTables(packed) {
  if (!packed || typeof packed.data !== "string") return Promise.resolve(null);
  if (!unpacked.has(packed.data)) {
    unpacked.set(packed.data, (async () => {
      if (typeof DecompressionStream !== "function") throw new Error("no DecompressionStream");
      const bytes = Uint8Array.from(atob(packed.data), (c) => c.charCodeAt(0));
      const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
      return JSON.parse(await new Response(stream).text());
    })());
  }
  return unpacked.get(packed.data);
}

function render({ model, el: host }) {
  const uid = uniqueId("lpx");
  const geometry = model.get("geometry") || { shapes: [], views: [], outlines: [], details: [] };
  const vocab = model.get("vocab") || { regions: [], actions: [], reflexes: [], reflex_states: [] };
  const rootsInfo = model.get("roots_info") || [];
  const nervesInfo = model.get("nerves_info") || [];
  const maps = model.get("maps") || [];
  const texts = model.get("texts") || {};
  const isStatic = model.legpainStatic === true;
  const regionNames = new Set(vocab.regions.map((r) => r.name));
  const actionNames = new Set(vocab.actions.map((a) => a.name));
  const reflexNames = new Set(vocab.reflexes.map((r) => r.name));
  const midline = new Set(vocab.regions.filter((r) => r.midline).map((r) => r.name));
  let tool = "pain";
  let status = "";
  let tables = null;  // filled in once the packed evidence tables are unpacked
  let tablesFailed = false;

  // ---- reading the state defensively (bad values are ignored, never thrown) ----
  const pick = (name, allowed, fallback) => {
    const v = model.get(name);
    return allowed.includes(v) ? v : fallback;
  };
  const state = () => {
    const st = rawState();
    // A movement is weak or of normal strength, a region numb or of normal sensation, not both.
    st.normalStrength = list(model.get("normal_strength"))
      .filter((a) => actionNames.has(a) && !st.weakness.includes(a));
    st.normalSensation = list(model.get("normal_sensation"))
      .filter((r) => regionNames.has(r) && !st.numbness.includes(r));
    st.normal_sensation = st.normalSensation;  // the map tool's field name
    return st;
  };
  const rawState = () => ({
    mode: pick("mode", MODES, "findings"),
    root: pick("root", rootsInfo.map((r) => r.id), rootsInfo.length ? rootsInfo[0].id : ""),
    map: pick("map_source", maps.map((m) => m.id), maps.length ? maps[0].id : ""),
    side: pick("side", SIDES, "left"),
    pain: list(model.get("pain")).filter((r) => regionNames.has(r)),
    numbness: list(model.get("numbness")).filter((r) => regionNames.has(r)),
    weakness: list(model.get("weakness")).filter((a) => actionNames.has(a)),
    reflexes: cleanReflexes(model.get("reflexes")),
    normalStrength: [],
    normalSensation: [],
    showNerves: model.get("show_nerves") === true,
    nerve: pick("nerve", nervesInfo.map((n) => n.id), nervesInfo.length ? nervesInfo[0].id : ""),
  });
  function cleanReflexes(value) {
    const out = {};
    if (value && typeof value === "object" && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value)) {
        if (reflexNames.has(k) && vocab.reflex_states.includes(v)) out[k] = v;
      }
    }
    return out;
  }
  const commit = (changes) => {
    for (const [k, v] of Object.entries(changes)) model.set(k, v);
    model.save_changes();
  };

  // ---- skeleton ----
  const root = el("div", { class: "lpx", "data-widget": "legpain-explorer" });
  const redFlags = el("a", {
    class: "lpx-redflags",
    href: isStatic ? texts.red_flags_book || "08_red_flags.html" : texts.red_flags_lab || "08_red_flags.ipynb",
    target: "_blank",
    rel: "noopener",
    text: texts.red_flags_text || "Red flags: when leg pain is an emergency",
  });
  const header = el("div", { class: "lpx-header" },
    el("h3", { class: "lpx-title", text: texts.title || "Dermatome and leg-pain explorer" }),
    el("p", { class: "lpx-redflag-note" }, "\u26A0\uFE0E ", redFlags));

  const modeGroup = el("fieldset", { class: "lpx-modes" }, el("legend", { text: "What do you want to do?" }));
  const modeInputs = {};
  for (const [mode, label] of [["root", "Pick a root: see where it reaches"],
                               ["findings", "Mark findings: which root or nerve?"]]) {
    const input = el("input", { type: "radio", name: uid + "-mode", value: mode });
    input.addEventListener("change", () => input.checked && commit({ mode }));
    modeInputs[mode] = input;
    modeGroup.append(el("label", { class: "lpx-radio" }, input, " " + label));
  }

  const mapSelect = el("select", { class: "lpx-map", "aria-label": "Dermatome map" });
  for (const m of maps) mapSelect.append(el("option", { value: m.id, text: m.label }));
  mapSelect.addEventListener("change", () => commit({ map_source: mapSelect.value }));

  const sideInputs = {};
  const sideGroup = el("fieldset", { class: "lpx-sides" }, el("legend", { text: "Examined leg" }));
  for (const side of SIDES) {
    const input = el("input", { type: "radio", name: uid + "-side", value: side });
    input.addEventListener("change", () => input.checked && commit({ side }));
    sideInputs[side] = input;
    sideGroup.append(el("label", { class: "lpx-radio" }, input, " " + side));
  }

  const nerveToggle = el("input", { type: "checkbox", class: "lpx-nerve-toggle" });
  nerveToggle.addEventListener("change", () => commit({ show_nerves: nerveToggle.checked }));
  const nerveSelect = el("select", { class: "lpx-nerve", "aria-label": "Peripheral nerve to overlay" });
  for (const n of nervesInfo) nerveSelect.append(el("option", { value: n.id, text: n.name }));
  nerveSelect.addEventListener("change", () => commit({ nerve: nerveSelect.value, show_nerves: true }));

  const controls = el("div", { class: "lpx-controls" },
    modeGroup,
    el("div", { class: "lpx-control" }, el("label", { text: "Dermatome map " }, mapSelect)),
    sideGroup,
    el("div", { class: "lpx-control" },
      el("label", {}, nerveToggle, " Show a peripheral nerve's skin field: "), nerveSelect));

  // ---- the body map ----
  const figure = svg("svg", {
    class: "lpx-map-svg",
    viewBox: "0 0 " + geometry.width + " " + geometry.height,
    role: "group",
    "aria-label": "Body map of the lower body. Tab moves through the regions of the examined leg in body order; Enter or Space marks a region.",
  });
  const defs = svg("defs");
  const pattern = (id, w, build) => {
    const p = svg("pattern", { id: uid + "-" + id, patternUnits: "userSpaceOnUse", width: w, height: w });
    build(p);
    defs.append(p);
  };
  pattern("pain", 7, (p) => {
    p.setAttribute("patternTransform", "rotate(45)");
    p.append(svg("rect", { width: 7, height: 7, class: "lpx-pat-pain-wash" }));
    p.append(svg("rect", { width: 3, height: 7, class: "lpx-pat-pain" }));
  });
  pattern("numb", 6, (p) => {
    p.append(svg("rect", { width: 6, height: 6, class: "lpx-pat-numb-wash" }));
    p.append(svg("circle", { cx: 3, cy: 3, r: 1.6, class: "lpx-pat-numb" }));
  });
  pattern("felt", 8, (p) => {
    p.append(svg("rect", { width: 8, height: 8, class: "lpx-pat-felt-wash" }));
    p.append(svg("circle", { cx: 4, cy: 4, r: 2.2, class: "lpx-pat-felt" }));
  });
  pattern("derm", 6, (p) => {
    p.append(svg("rect", { width: 6, height: 6, class: "lpx-pat-derm-wash" }));
    p.append(svg("rect", { width: 6, height: 1.2, class: "lpx-pat-derm" }));
  });
  pattern("nerve", 10, (p) => {
    p.setAttribute("patternTransform", "rotate(-45)");
    p.append(svg("rect", { width: 1.3, height: 10, class: "lpx-pat-nerve" }));
    p.append(svg("rect", { width: 10, height: 1.3, class: "lpx-pat-nerve" }));
  });
  figure.append(defs);

  const gViews = svg("g", { class: "lpx-views", "aria-hidden": "true" });
  for (const v of geometry.views) {
    const t = svg("text", { x: v.x, y: v.y, class: "lpx-view-title", "text-anchor": "middle" });
    t.textContent = v.title;
    gViews.append(t);
    for (const m of v.marks) {
      const mk = svg("text", { x: m.x, y: m.y, class: "lpx-view-mark", "text-anchor": "middle" });
      mk.textContent = m.text;
      gViews.append(mk);
    }
  }
  const gOutline = svg("g", { class: "lpx-outlines", "aria-hidden": "true" });
  for (const o of geometry.outlines) gOutline.append(svg("path", { d: o.d, class: "lpx-outline" }));
  const gRegions = svg("g", { class: "lpx-regions" });
  const gMarks = svg("g", { class: "lpx-marks", "aria-hidden": "true" });
  const gDetails = svg("g", { class: "lpx-details", "aria-hidden": "true" });
  for (const d of geometry.details || []) gDetails.append(svg("path", { d: d.d, class: "lpx-detail" }));
  const gFade = svg("g", { class: "lpx-fades", "aria-hidden": "true" });
  const fade = svg("linearGradient", { id: uid + "-fade", x1: 0, y1: 0, x2: 0, y2: 1 });
  fade.append(svg("stop", { offset: "0", class: "lpx-fade-stop", "stop-opacity": 1 }),
    svg("stop", { offset: "1", class: "lpx-fade-stop", "stop-opacity": 0 }));
  defs.append(fade);
  for (const f of geometry.fades || []) {
    gFade.append(svg("rect", { x: f.x, y: f.y, width: f.width, height: f.height, fill: "url(#" + uid + "-fade)" }));
  }
  const gTop = svg("g", { class: "lpx-top", "aria-hidden": "true" });
  figure.append(gViews, gOutline, gRegions, gMarks, gDetails, gFade, gTop);

  // Focusable (primary) shapes first, in body order, so Tab follows the body; the other views'
  // copies of a region come after them and are reachable by mouse only.
  const bodyOrder = new Map(vocab.regions.map((r, i) => [r.name, i]));
  const shapes = geometry.shapes.slice().sort((a, b) =>
    (b.primary - a.primary) || (bodyOrder.get(a.region) - bodyOrder.get(b.region)) ||
    (String(a.side) < String(b.side) ? -1 : 1));
  const shapeNodes = [];
  for (const s of shapes) {
    const node = svg("path", {
      d: s.d,
      class: "lpx-region" + (s.primary ? " lpx-primary" : ""),
      "data-region": s.region,
      "data-side": s.side || "",
      "data-view": s.view,
    });
    node.setAttribute("aria-label", regionLabel(s.region, s.side));
    if (s.primary) node.setAttribute("role", "button");
    else node.setAttribute("aria-hidden", "true");
    const title = svg("title");
    title.textContent = regionLabel(s.region, s.side);
    node.append(title);
    node.addEventListener("click", (event) => { event.preventDefault(); activate(s); });
    node.addEventListener("keydown", (event) => {
      if (event.key === "Enter" || event.key === " " || event.key === "Spacebar") {
        event.preventDefault();
        activate(s);
      }
    });
    node.addEventListener("focus", () => showFocus(node));
    node.addEventListener("blur", () => { gTop.replaceChildren(); });
    gRegions.append(node);
    shapeNodes.push({ shape: s, node });
  }

  function showFocus(node) {
    let keyboard = true;
    try { keyboard = node.matches(":focus-visible"); } catch (e) { keyboard = true; }
    if (!keyboard) return;  // a mouse click needs no ring; the keyboard does
    gTop.replaceChildren(svg("path", { d: node.getAttribute("d"), class: "lpx-focus-ring" }),
      svg("path", { d: node.getAttribute("d"), class: "lpx-focus-ring-inner" }));
  }

  const mapBox = el("div", { class: "lpx-figure" }, figure);
  const legend = el("div", { class: "lpx-legend", "aria-label": "Legend" });
  const live = el("p", { class: "lpx-status", role: "status", "aria-live": "polite" });
  const panel = el("div", { class: "lpx-panel" });
  const kernelNote = isStatic
    ? el("p", { class: "lpx-kernel-note" },
        "Running in the book without Python: everything on this map works in your browser. " +
        "Reading your selection from Python (for example ", el("code", { text: "explorer.numbness" }),
        " or ", el("code", { text: "explorer.candidates" }), ") needs a live kernel: open this chapter's notebook in JupyterLab.")
    : null;
  root.append(header, controls, live,
    el("div", { class: "lpx-body" }, el("div", { class: "lpx-left" }, mapBox, legend), panel),
    kernelNote);
  host.append(root);

  // ---- actions ----
  function activate(s) {
    const st = state();
    if (s.side && s.side !== st.side) {
      if (st.mode === "root") describeRegion(s.region);
      status = "You clicked the " + s.side + " leg, so the examined leg is now the " + s.side +
        " one" + (st.mode === "findings" ? "; your findings are region names, so they move with it. Click again to mark." : ".");
      commit({ side: s.side });
      return;
    }
    if (st.mode === "root") {
      describeRegion(s.region);
      redraw();
      return;
    }
    const field = tool;
    const current = st[field];
    const next = current.includes(s.region) ? current.filter((r) => r !== s.region) : current.concat([s.region]);
    status = (next.length > current.length ? "Marked " : "Removed ") + TOOL_LABELS[field] + ": " + regionLabel(s.region, s.side) + ".";
    const changes = { [field]: next };
    // Numb and normal sensation exclude each other: marking one clears the other there.
    if (next.length > current.length && field === "numbness") changes.normal_sensation = st.normalSensation.filter((r) => r !== s.region);
    if (next.length > current.length && field === "normal_sensation") changes.numbness = st.numbness.filter((r) => r !== s.region);
    commit(changes);
  }

  let regionInfo = "";
  let downOpen = false;
  let highlight = "";  // a candidate whose skin area is outlined on the map (this view only)
  function describeRegion(region) {
    const st = state();
    const roots = rootsInfo.filter((r) => (r.dermatome[st.map] || []).includes(region)).map((r) => r.id);
    const other = maps.filter((m) => m.id !== st.map).map((m) => {
      const ids = rootsInfo.filter((r) => (r.dermatome[m.id] || []).includes(region)).map((r) => r.id);
      return m.short + ": " + (ids.length ? ids.join(", ") : "none");
    });
    const nerves = nervesInfo.filter((n) => n.skin_field.includes(region)).map((n) => n.name);
    regionInfo = region + " \u2014 dermatomes on the " + mapShort(st.map) + " map: " +
      (roots.length ? roots.join(", ") : "none") + " (" + other.join("; ") + "). Skin field of: " +
      (nerves.length ? nerves.join(", ") : "no nerve in the course's list") + ".";
    status = regionInfo;
  }

  function mapShort(id) {
    const m = maps.find((x) => x.id === id);
    return m ? m.short : id;
  }

  // ---- drawing ----
  function markLayer(regions, side, cls, fillId) {
    const set = new Set(regions);
    for (const { shape, node } of shapeNodes) {
      if (!set.has(shape.region)) continue;
      if (shape.side && shape.side !== side) continue;
      gMarks.append(svg("path", { d: node.getAttribute("d"), class: cls, fill: "url(#" + uid + "-" + fillId + ")" }));
    }
  }

  function outlineLayer(regions, side, cls) {
    const set = new Set(regions);
    for (const { shape, node } of shapeNodes) {
      if (!set.has(shape.region) || (shape.side && shape.side !== side)) continue;
      gMarks.append(svg("path", { d: node.getAttribute("d"), class: cls }));
    }
  }

  function keyPoint(region, side) {
    const target = shapeNodes.find(({ shape }) => shape.region === region && shape.primary &&
      (!shape.side || shape.side === side));
    if (!target) return;
    let box;
    try { box = target.node.getBBox(); } catch (e) { return; }
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;
    gMarks.append(svg("circle", { cx, cy, r: 6, class: "lpx-keypoint-ring" }));
    gMarks.append(svg("circle", { cx, cy, r: 2.4, class: "lpx-keypoint" }));
  }

  /** The skin a candidate supplies: a root's dermatome on the chosen map (and other skin), or a
   *  nerve's skin field. */
  function territory(id, map) {
    const r = rootsInfo.find((x) => x.id === id);
    if (r) return { name: r.name, regions: (r.dermatome[map] || []).concat(r.other_skin || []) };
    const n = nervesInfo.find((x) => x.id === id);
    return n ? { name: n.name, regions: n.skin_field } : null;
  }

  function redraw() {
    const st = state();
    modeInputs[st.mode].checked = true;
    sideInputs[st.side].checked = true;
    mapSelect.value = st.map;
    nerveToggle.checked = st.showNerves;
    nerveSelect.value = st.nerve;
    root.dataset.mode = st.mode;
    root.dataset.side = st.side;
    root.dataset.map = st.map;

    for (const { shape, node } of shapeNodes) {
      const other = shape.side && shape.side !== st.side;
      node.classList.toggle("lpx-other-side", Boolean(other));
      if (shape.primary) node.setAttribute("tabindex", other ? "-1" : "0");
      if (st.mode === "findings" && !other) {
        const marked = st[tool].includes(shape.region);
        node.setAttribute("aria-pressed", marked ? "true" : "false");
      } else {
        node.removeAttribute("aria-pressed");
      }
    }

    gMarks.replaceChildren();
    if (highlight && tables && tables[st.map] && !rank(tables[st.map], st).some((c) => c.id === highlight)) {
      highlight = "";  // the outlined candidate has left the list, and with it its button
    }
    const info = rootsInfo.find((r) => r.id === st.root);
    if (st.mode === "root" && info) {
      const regions = info.dermatome[st.map] || [];
      markLayer(regions.concat(info.other_skin || []), st.side, "lpx-mark-derm", "derm");
      outlineLayer(info.disagree || [], st.side, "lpx-mark-disagree");
      if (showPainCourse) markLayer(info.radicular_pain || [], st.side, "lpx-mark-pain", "pain");
      if (info.key_sensory_point) keyPoint(info.key_sensory_point.region, st.side);
    } else if (st.mode === "findings") {
      markLayer(st.pain, st.side, "lpx-mark-pain", "pain");
      markLayer(st.numbness, st.side, "lpx-mark-numb", "numb");
      markLayer(st.normalSensation, st.side, "lpx-mark-felt", "felt");
      const area = territory(highlight, st.map);
      if (area) outlineLayer(area.regions, st.side, "lpx-mark-territory");
    }
    const nerve = nervesInfo.find((n) => n.id === st.nerve);
    if (st.showNerves && nerve) {
      markLayer(nerve.skin_field, st.side, "lpx-mark-nerve", "nerve");
      outlineLayer(nerve.skin_field, st.side, "lpx-mark-nerve-edge");
    }
    live.textContent = status;
    drawLegend(st, info, nerve);
    if (st.mode === "root") drawRootPanel(st, info);
    else drawFindingsPanel(st);
  }

  function swatch(fillId, cls) {
    const s = svg("svg", { width: 22, height: 14, class: "lpx-swatch", "aria-hidden": "true" });
    s.append(svg("rect", { x: 1, y: 1, width: 20, height: 12, class: cls || "", fill: fillId ? "url(#" + uid + "-" + fillId + ")" : "none" }));
    return s;
  }

  function drawLegend(st, info, nerve) {
    const items = [];
    if (st.mode === "root") {
      items.push(el("li", {}, swatch("derm"), " " + (info ? info.id : "") + " dermatome on the " + mapShort(st.map) + " map (blue, lined)"));
      items.push(el("li", {}, swatch(null, "lpx-legend-disagree"), " the two maps disagree here (dashed orange edge)"));
      if (showPainCourse) items.push(el("li", {}, swatch("pain"), " where its radicular pain usually runs (vermilion stripes)"));
      const key = svg("svg", { width: 22, height: 14, class: "lpx-swatch", "aria-hidden": "true" });
      key.append(svg("circle", { cx: 11, cy: 7, r: 5.5, class: "lpx-keypoint-ring" }), svg("circle", { cx: 11, cy: 7, r: 2.2, class: "lpx-keypoint" }));
      items.push(el("li", {}, key, " key sensory point (ISNCSCI; ring and dot)"));
    } else {
      items.push(el("li", {}, swatch("pain"), " pain (vermilion stripes)"));
      items.push(el("li", {}, swatch("numb"), " numbness (blue dots)"));
      items.push(el("li", {}, swatch("felt"), " sensation tested normal (hollow rings)"));
    }
    const area = st.mode === "findings" ? territory(highlight, st.map) : null;
    if (area) items.push(el("li", {}, swatch(null, "lpx-legend-territory"), " skin area of the " + area.name.replace(/^./, (c) => c.toLowerCase()) + " (dotted black edge)"));
    if (st.showNerves && nerve) items.push(el("li", {}, swatch("nerve"), " skin field of the " + nerve.name.toLowerCase() + " (green cross-hatch, solid edge)"));
    items.push(el("li", { class: "lpx-legend-side" }, "Marks are drawn on the examined (" + st.side + ") leg; the other leg is greyed."));
    legend.replaceChildren(el("ul", {}, items));
  }

  function factList(title, values) {
    return el("div", { class: "lpx-fact" }, el("h4", { text: title }),
      values.length ? el("ul", {}, values.map((v) => el("li", {}, v))) : el("p", { class: "lpx-none", text: "none" }));
  }

  // The panels' controls are built once and only updated, so keyboard focus survives a redraw.
  const rootPicker = el("fieldset", { class: "lpx-roots" }, el("legend", { text: "Nerve root" }));
  const rootInputs = {};
  for (const r of rootsInfo) {
    const input = el("input", { type: "radio", name: uid + "-root", value: r.id });
    input.addEventListener("change", () => input.checked && commit({ root: r.id }));
    rootInputs[r.id] = input;
    rootPicker.append(el("label", { class: "lpx-radio lpx-root-choice" }, input, " " + r.id));
  }
  const rootFacts = el("div", { class: "lpx-root-facts" });
  let showPainCourse = false;  // a view-only choice: outline where the root's pain usually runs
  const painCourseToggle = el("input", { type: "checkbox", class: "lpx-pain-course" });
  painCourseToggle.addEventListener("change", () => { showPainCourse = painCourseToggle.checked; redraw(); });
  const rootPanel = el("div", { class: "lpx-root-panel" }, rootPicker,
    el("label", { class: "lpx-check lpx-pain-course-label" }, painCourseToggle,
      " Also draw where its radicular pain usually runs (vermilion stripes)"), rootFacts);

  const toolGroup = el("fieldset", { class: "lpx-tools" }, el("legend", { text: "A click on the map marks" }));
  const toolInputs = {};
  for (const t of TOOLS) {
    const input = el("input", { type: "radio", name: uid + "-tool", value: t });
    input.addEventListener("change", () => { if (input.checked) { tool = t; redraw(); } });
    toolInputs[t] = input;
    toolGroup.append(el("label", { class: "lpx-radio lpx-tool-" + t.replace("_", "-") }, input, " " + TOOL_LABELS[t], swatch(TOOL_FILLS[t])));
  }
  const weak = el("fieldset", { class: "lpx-weakness" }, el("legend", { text: "Strength of each movement" }));
  const strengthSelects = {};
  for (const a of vocab.actions) {
    const select = el("select", { class: "lpx-strength", "aria-label": a.name + ": strength", "data-action": a.name });
    select.append(el("option", { value: "", text: "not tested" }),
      el("option", { value: "weak", text: "weak" }),
      el("option", { value: "normal", text: "normal strength" }));
    select.addEventListener("change", () => {
      const st = state();
      const weakNow = st.weakness.filter((x) => x !== a.name);
      const normalNow = st.normalStrength.filter((x) => x !== a.name);
      if (select.value === "weak") weakNow.push(a.name);
      if (select.value === "normal") normalNow.push(a.name);
      status = a.name + ": " + (select.options[select.selectedIndex] || {}).text + ".";
      commit({ weakness: weakNow, normal_strength: normalNow });
    });
    strengthSelects[a.name] = select;
    weak.append(el("label", { class: "lpx-strength-row", title: a.description }, a.name + " ", select));
  }
  const reflexBox = el("fieldset", { class: "lpx-reflexes" }, el("legend", { text: "Reflexes" }));
  const reflexSelects = {};
  for (const r of vocab.reflexes) {
    const select = el("select", { "aria-label": r.name + " reflex", "data-reflex": r.name });
    select.append(el("option", { value: "", text: "not tested" }));
    for (const s of vocab.reflex_states) select.append(el("option", { value: s, text: s }));
    select.addEventListener("change", () => {
      const next = Object.assign({}, state().reflexes);
      if (select.value) next[r.name] = select.value; else delete next[r.name];
      commit({ reflexes: next });
    });
    reflexSelects[r.name] = select;
    reflexBox.append(el("label", { class: "lpx-reflex", title: r.description }, r.name + " ", select));
  }
  const summary = el("div", { class: "lpx-findings" });
  const clearButton = el("button", { type: "button", class: "lpx-clear", text: "Clear all findings",
    onclick: () => { status = "All findings cleared."; commit({ pain: [], numbness: [], weakness: [], reflexes: {}, normal_strength: [], normal_sensation: [] }); } });
  const resultsBox = el("div", { class: "lpx-results", "aria-live": "polite" });
  const findingsPanel = el("div", { class: "lpx-findings-panel" },
    toolGroup, weak, reflexBox, el("div", { class: "lpx-summary-box" }, summary, clearButton), resultsBox);

  function factList(title, values) {
    return el("div", { class: "lpx-fact" }, el("h4", { text: title }),
      values.length ? el("ul", {}, values.map((v) => el("li", {}, v))) : el("p", { class: "lpx-none", text: "none" }));
  }

  function drawRootPanel(st, info) {
    if (panel.firstChild !== rootPanel) panel.replaceChildren(rootPanel);
    for (const [id, input] of Object.entries(rootInputs)) input.checked = id === st.root;
    painCourseToggle.checked = showPainCourse;
    const parts = [];
    if (info) {
      const derm = info.dermatome[st.map] || [];
      parts.push(el("h4", { class: "lpx-root-name", text: info.name }));
      parts.push(factList("Dermatome (" + mapShort(st.map) + " map)", derm.length ? derm : [(info.map_notes || {})[st.map] || "not drawn on this map"]));
      if ((info.other_skin || []).length) parts.push(factList("Other skin (not drawn on the limb maps)", info.other_skin));
      const diff = [];
      for (const m of maps) {
        const only = (info.only_on || {})[m.id] || [];
        if (only.length) diff.push("only on " + m.short + ": " + only.join(", "));
      }
      parts.push(factList("Where the maps disagree", diff.length ? diff : ["they agree for this root"]));
      if (info.key_sensory_point) parts.push(factList("Key sensory point (ISNCSCI)", [info.key_sensory_point.text + " (" + info.key_sensory_point.region + ")"]));
      parts.push(factList("Key muscles and the actions that test them", info.muscles.map((m) => m.action + " \u2014 " + m.muscle + (m.role === "minor" ? " (contributes)" : ""))));
      parts.push(factList("Reflex", info.reflexes.map((r) => r.reflex + (r.role === "minor" ? " (contributes)" : " (mainly this root)"))));
      parts.push(factList("Where its radicular pain usually runs", info.radicular_pain));
      const nerve = nervesInfo.find((n) => n.id === st.nerve);
      if (st.showNerves && nerve) {
        const skin = new Set(derm.concat(info.other_skin || []));
        const field = new Set(nerve.skin_field);
        const both = [...field].filter((r) => skin.has(r));
        parts.push(factList(info.id + " dermatome vs the " + nerve.name.toLowerCase() + " (" + mapShort(st.map) + " map)", [
          "both: " + (both.join(", ") || "none"),
          "only the dermatome: " + ([...skin].filter((r) => !field.has(r)).join(", ") || "none"),
          "only the nerve's skin field: " + ([...field].filter((r) => !skin.has(r)).join(", ") || "none"),
          "the nerve carries fibres from: " + (nerve.roots.join(", ") || "none"),
        ]));
      }
      if (info.note) parts.push(el("p", { class: "lpx-note", text: info.note }));
      if (regionInfo) parts.push(el("p", { class: "lpx-region-info", text: regionInfo }));
    }
    rootFacts.replaceChildren(...parts);
  }

  function drawFindingsPanel(st) {
    if (panel.firstChild !== findingsPanel) panel.replaceChildren(findingsPanel);
    for (const [t, input] of Object.entries(toolInputs)) input.checked = t === tool;
    for (const [a, select] of Object.entries(strengthSelects)) {
      select.value = st.weakness.includes(a) ? "weak" : st.normalStrength.includes(a) ? "normal" : "";
      select.classList.toggle("lpx-is-weak", select.value === "weak");
      select.classList.toggle("lpx-is-normal", select.value === "normal");
    }
    for (const [r, select] of Object.entries(reflexSelects)) select.value = st.reflexes[r] || "";
    summary.replaceChildren(el("h4", { text: "Your findings (" + st.side + " leg)" }),
      el("ul", {},
        el("li", { class: "lpx-f-pain" }, swatch("pain"), el("strong", { text: " Pain: " }), st.pain.join(", ") || "none"),
        el("li", { class: "lpx-f-numb" }, swatch("numb"), el("strong", { text: " Numbness: " }), st.numbness.join(", ") || "none"),
        el("li", { class: "lpx-f-felt" }, swatch("felt"), el("strong", { text: " Normal sensation: " }), st.normalSensation.join(", ") || "not tested"),
        el("li", { class: "lpx-f-weak" }, el("strong", { text: "Weak: " }), st.weakness.join(", ") || "none"),
        el("li", { class: "lpx-f-strong" }, el("strong", { text: "Normal strength: " }), st.normalStrength.join(", ") || "not tested"),
        el("li", { class: "lpx-f-reflex" }, el("strong", { text: "Reflexes: " }), Object.entries(st.reflexes).map(([k, v]) => k + " " + v).join(", ") || "not tested")));

    const table = tables ? tables[st.map] : null;
    if (!table) {
      resultsBox.replaceChildren(el("h4", { text: "Ranked candidates" }), el("p", { class: "lpx-none",
        text: tablesFailed ? "This browser cannot unpack the ranking table; please use a current version of Chrome, Edge, Firefox or Safari." : "Preparing the ranking\u2026" }));
      return;
    }
    const ranked = rank(table, st);
    if (isStatic && !sameCandidates(model.get("candidates"), ranked)) model.set("candidates", ranked);
    const anyFinding = findingKeys(st).length;
    const priorOf = new Map((table.candidates || []).map((c) => [c.id, c.prior]));
    const showButton = (c) => {
      if (!territory(c.id, st.map)) return null;
      const on = highlight === c.id;
      return el("button", { type: "button", class: "lpx-show", "aria-pressed": on ? "true" : "false",
        text: on ? "hide its skin area" : "show its skin area",
        onclick: () => {
          highlight = on ? "" : c.id;
          redraw();
          const again = resultsBox.querySelector('.lpx-candidate[data-id="' + CSS.escape(c.id) + '"] .lpx-show');
          if (again) again.focus();  // keyboard users stay where they were
        } });
    };
    const item = (c) => el("li", { class: "lpx-candidate lpx-kind-" + c.kind.replace(/ /g, "-"), "data-id": c.id,
      "data-score": c.score, "data-probability": c.probability },
      el("div", { class: "lpx-cand-head" }, el("strong", { class: "lpx-cand-name", text: c.name }), " ",
        el("span", { class: "lpx-prob", text: percent(c.probability) }), " ", showButton(c)),
      el("div", { class: "lpx-bar", "aria-hidden": "true" },
        el("span", { class: "lpx-bar-fill", style: "width:" + Math.max(0.5, 100 * c.probability).toFixed(1) + "%" })),
      el("p", { class: "lpx-prior", text: "how common before the findings (prior): " + percent(priorOf.get(c.id) || 0) +
        "; findings' weight of evidence: " + (c.score >= 0 ? "+" : "") + c.score.toFixed(1) }),
      c.supporting.length ? el("ul", { class: "lpx-for" }, c.supporting.map((r) => el("li", {}, el("span", { class: "lpx-sign", text: "fits: " }), r))) : null,
      c.against.length ? el("ul", { class: "lpx-against" }, c.against.map((r) => el("li", {}, el("span", { class: "lpx-sign", text: "against: " }), r))) : null);
    const shown = ranked.filter((c, i) => i === 0 || c.probability >= 0.01);
    const down = ranked.slice(shown.length);
    const phraseOf = new Map((table.candidates || []).map((c) => [c.id, c.phrase]));
    const [first, second] = ranked.map((c) => Object.assign({ phrase: phraseOf.get(c.id) || c.name }, c));
    const close = second && second.probability >= first.probability / 3;
    const hints = close ? separatingFindings(first.id, second.id, findingKeys(st), table, 3) : [];
    const tieNote = close ? el("div", { class: "lpx-tie", role: "note" },
      el("p", {}, el("strong", { text: "Close call: " }), "these findings do not yet separate " + first.phrase +
        " (" + percent(first.probability) + ") from " + second.phrase + " (" + percent(second.probability) + ")." +
        (hints.length ? " What would:" : "")),
      hints.length ? el("ul", {}, hints.map(([, hint]) => el("li", { text: hint }))) : null) : null;
    const saddle = st.numbness.filter((r) => (texts.saddle_regions || []).includes(r));
    const saddleNote = saddle.length && texts.saddle_warning
      ? el("p", { class: "lpx-saddle", role: "alert" }, "\u26A0\uFE0E ", texts.saddle_warning) : null;
    const results = el("div", {}, saddleNote, tieNote, el("ol", { class: "lpx-candidates" }, shown.map(item)));
    if (down.length) {
      const more = el("details", { class: "lpx-down" },
        el("summary", { text: down.length + " more below 1%: show them and why" }),
        el("ol", { class: "lpx-candidates", start: shown.length + 1 }, down.map(item)));
      more.open = downOpen;
      more.addEventListener("toggle", () => { downOpen = more.open; });
      results.append(more);
    }
    resultsBox.replaceChildren(
      el("h4", { text: "How likely is each site? (" + mapShort(st.map) + " map)" }),
      anyFinding ? results
        : el("p", { class: "lpx-none", text: "Mark pain, numbness or normal sensation on the map, set each movement's strength or a reflex: every root and nerve appears here with its probability, best first, with the reasons." }),
      texts.caveat ? el("p", { class: "lpx-caveat", text: texts.caveat }) : null);
  }

  function percent(p) {
    if (p >= 0.995) return p >= 0.9995 ? ">99.9%" : (100 * p).toFixed(1) + "%";
    if (p >= 0.1) return Math.round(100 * p) + "%";
    if (p >= 0.001) return (100 * p).toFixed(1) + "%";
    return "<0.1%";
  }

  function sameCandidates(a, b) {
    if (!Array.isArray(a) || a.length !== b.length) return false;
    return a.every((c, i) => c && c.id === b[i].id && c.score === b[i].score && c.probability === b[i].probability &&
      sameList(c.supporting || [], b[i].supporting) && sameList(c.against || [], b[i].against));
  }

  const names = ["mode", "root", "map_source", "side", "pain", "numbness", "weakness", "reflexes",
    "normal_strength", "normal_sensation", "show_nerves", "nerve"];
  const onChange = () => redraw();
  for (const n of names) model.on("change:" + n, onChange);
  redraw();
  let alive = true;
  unpackTables(model.get("tables_packed")).then((t) => { tables = t; }, () => { tablesFailed = true; })
    .then(() => { if (alive) { root.dataset.ready = tables ? "yes" : "failed"; redraw(); } });
  return () => { alive = false; for (const n of names) model.off("change:" + n, onChange); };
}

export default { render };
