/*
 * The dermatome and leg-pain explorer (front end).
 *
 * Everything clinical arrives in the widget's synced state, computed in Python from the course's
 * knowledge base: the evidence tables that rank candidate roots and nerves (`tables`), each
 * root's facts (`roots_info`), each nerve's skin field (`nerves_info`), the vocabulary and the
 * triage wording for the red flags it can meet. This file only draws and ranks. It runs in
 * JupyterLab (anywidget) and in the static book, where a small model with the same
 * get/set/on/off/save_changes API stands in and `model.legpainStatic === true`. No imports, no
 * network. If the data it is given is damaged it says so in its box; it never throws. `el`,
 * `svg`, `uniqueId` and `guarded` come from the shared helpers (_shared/helpers.js).
 */

const SIDES = ["left", "right"];
const TOOLS = ["pain", "numbness", "normal_sensation"];
const TOOL_LABELS = { pain: "pain", numbness: "numbness", normal_sensation: "normal sensation (tested)" };
const TOOL_FILLS = { pain: "pain", numbness: "numb", normal_sensation: "felt" };
const MODES = ["findings", "root"];
/** The findings recorded per leg: the keys of `other_leg` (Python: LEG_FINDINGS). */
const LEG_FINDINGS = ["pain", "numbness", "weakness", "reflexes", "normal_strength", "normal_sensation"];
/** Below this width (CSS px) of the map, the feet and the saddle are drawn larger, under the legs. */
const NARROW_MAP = 460;

/**
 * Posterior probabilities for the explorer's findings, exactly as
 * `legpain.reasoning.localization.localize`: `rankFindingKeys` (_shared/reasoning.js) over the
 * finding keys of `findings` (see `findingKeys`, which fixes the order they are added in).
 *
 * @param {object} table  an evidence table (see `rankFindingKeys`)
 * @param {object} findings  {pain, numbness, weakness, reflexes, normalStrength, normalSensation,
 *                            bothLegs}
 */
export function rank(table, findings) {
  return rankFindingKeys(table, findingKeys(findings || {}, table));
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
    k.startsWith("normal sensation:") || k === table.both_legs_key)).map((k) => k.split(":")[1]));
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

/**
 * The evidence-table keys of a set of findings, in the order Python's `localize` reads them;
 * with `findings.bothLegs` and a table, the table's "symptoms in both legs" key comes last.
 */
export function findingKeys(findings, table) {
  const keys = [];
  for (const r of findings.pain || []) keys.push("pain:" + r);
  for (const r of findings.numbness || []) keys.push("numbness:" + r);
  for (const a of findings.weakness || []) keys.push("weakness:" + a);
  for (const [reflex, state] of Object.entries(findings.reflexes || {})) {
    keys.push("reflex:" + reflex + ":" + state);
  }
  for (const a of findings.normalStrength || []) keys.push("normal strength:" + a);
  for (const r of findings.normalSensation || []) keys.push("normal sensation:" + r);
  if (findings.bothLegs === true && table && typeof table.both_legs_key === "string") keys.push(table.both_legs_key);
  return keys;
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

const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
const isNumber = (v) => typeof v === "number" && Number.isFinite(v);
const isText = (v) => typeof v === "string";

function describe(value) {
  if (value === undefined) return "missing";
  if (value === null) return "empty (null)";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "an object";
  return "a " + typeof value;
}

/**
 * What is wrong with the data the widget needs to draw anything (an empty list when nothing is):
 * the drawing, the vocabulary, the roots, nerves and maps, and the texts. Each entry is one
 * sentence a student or an author can act on.
 */
export function dataProblems(get) {
  const bad = [];
  const want = (name, ok, what) => { if (!ok) bad.push(name + " should be " + what); };
  const everyOk = (items, test) => Array.isArray(items) && items.every((x) => isObject(x) && test(x));
  const geometry = get("geometry");
  if (!isObject(geometry)) {
    bad.push("geometry (the drawing of the body) is " + describe(geometry) + ", not an object");
  } else {
    want("geometry.width and geometry.height", isNumber(geometry.width) && isNumber(geometry.height) &&
      geometry.width > 0 && geometry.height > 0, "positive numbers");
    want("geometry.shapes", everyOk(geometry.shapes, (s) => isText(s.region) && isText(s.view) && isText(s.d) &&
      (s.side === null || s.side === undefined || SIDES.includes(s.side))) && geometry.shapes.length > 0,
    "a list of shapes, each with a region, a view and a path");
    want("geometry.views", everyOk(geometry.views, (v) => isText(v.id) && isText(v.title) && isNumber(v.x) &&
      isNumber(v.y) && everyOk(v.marks || [], (m) => isText(m.text) && isNumber(m.x) && isNumber(m.y))),
    "a list of views, each with an id, a title and a position");
    want("geometry.outlines", everyOk(geometry.outlines, (o) => isText(o.d)), "a list of outlines");
    want("geometry.details", geometry.details === undefined || everyOk(geometry.details, (o) => isText(o.d)), "a list of lines");
    want("geometry.fades", geometry.fades === undefined || everyOk(geometry.fades, (f) =>
      ["x", "y", "width", "height"].every((k) => isNumber(f[k]))), "a list of rectangles");
  }
  const vocab = get("vocab");
  if (!isObject(vocab)) {
    bad.push("vocab (the names of regions, movements and reflexes) is " + describe(vocab) + ", not an object");
  } else {
    for (const key of ["regions", "actions", "reflexes"]) {
      want("vocab." + key, everyOk(vocab[key], (t) => isText(t.name)) && vocab[key].length > 0, "a list of named terms");
    }
    want("vocab.reflex_states", Array.isArray(vocab.reflex_states) && vocab.reflex_states.every(isText), "a list of names");
  }
  want("roots_info", everyOk(get("roots_info"), (r) => isText(r.id) && isText(r.name) && isObject(r.dermatome) &&
    Array.isArray(r.muscles) && Array.isArray(r.reflexes)), "a list of roots, each with an id, a name and a dermatome");
  want("nerves_info", everyOk(get("nerves_info"), (n) => isText(n.id) && isText(n.name) && Array.isArray(n.skin_field)),
    "a list of nerves, each with an id, a name and a skin field");
  want("maps", everyOk(get("maps"), (m) => isText(m.id) && isText(m.label)) && get("maps").length > 0,
    "a list of dermatome maps, each with an id and a label");
  want("texts", isObject(get("texts")), "an object of interface texts");
  return bad;
}

/** A readable message in the widget's box instead of a blank box (nothing is thrown). */
function showBroken(host, problems) {
  const box = el("div", { class: "lpx lpx-broken", "data-widget": "legpain-explorer", "data-ready": "broken", role: "alert" },
    el("h3", { class: "lpx-title", text: "Dermatome and leg-pain explorer" }),
    el("p", { text: "This explorer cannot be drawn, because the data it was given is damaged:" }),
    el("ul", {}, problems.slice(0, 4).map((p) => el("li", { text: p }))),
    el("p", { text: "Run the notebook cell that creates it again (in the book, reload the page). " +
      "If this message stays, the course's files are damaged: please report it." }));
  host.replaceChildren(box);
}

/** Unpack the evidence tables (`unpackData`, shared); no packed tables: null. */
export function unpackTables(packed) {
  if (!isObject(packed) || typeof packed.data !== "string") return Promise.resolve(null);
  return unpackData(packed);
}

/** True when every map's evidence table has the parts `rank` reads. */
function tablesUsable(tables, maps) {
  return isObject(tables) && maps.every((m) => {
    const t = tables[m.id];
    return isObject(t) && Array.isArray(t.candidates) && Array.isArray(t.levels) && isObject(t.findings) &&
      isNumber(t.ln10);
  });
}

function render({ model, el: host }) {
  try {
    const problems = dataProblems((name) => model.get(name));
    if (problems.length) {
      showBroken(host, problems);
      return () => {};
    }
    return build(model, host);
  } catch (error) {
    showBroken(host, ["it could not be read (" + String((error && error.message) || error) + ")"]);
    return () => {};
  }
}

function build(model, host) {
  const uid = uniqueId("lpx");
  const geometry = model.get("geometry");
  const vocab = model.get("vocab");
  const rootsInfo = model.get("roots_info");
  const nervesInfo = model.get("nerves_info");
  const maps = model.get("maps");
  const texts = model.get("texts");
  const isStatic = model.legpainStatic === true;
  const regionNames = new Set(vocab.regions.map((r) => r.name));
  const actionNames = new Set(vocab.actions.map((a) => a.name));
  const reflexNames = new Set(vocab.reflexes.map((r) => r.name));
  const midline = new Set(vocab.regions.filter((r) => r.midline).map((r) => r.name));
  const onLeg = (r) => !midline.has(r);
  const arr = (v) => (Array.isArray(v) ? v : []);
  let tool = "pain";
  let status = "";
  let tables = null;  // filled in once the packed evidence tables are unpacked
  let tablesFailed = "";  // why the ranking cannot be shown: "browser" or "data"

  // ---- reading the state defensively (bad values are ignored, never thrown) ----
  const pick = (name, allowed, fallback) => {
    const v = model.get(name);
    return allowed.includes(v) ? v : fallback;
  };
  function cleanReflexes(value) {
    const out = {};
    if (isObject(value)) {
      for (const [k, v] of Object.entries(value)) {
        if (reflexNames.has(k) && vocab.reflex_states.includes(v)) out[k] = v;
      }
    }
    return out;
  }
  /** One leg's findings; a movement is weak or of normal strength, a region numb or normal. */
  function cleanLeg(raw, keepMidline) {
    const regions = (v) => list(v).filter((r) => regionNames.has(r) && (keepMidline || onLeg(r)));
    const actions = (v) => list(v).filter((a) => actionNames.has(a));
    const leg = {
      pain: regions(raw.pain), numbness: regions(raw.numbness), weakness: actions(raw.weakness),
      reflexes: cleanReflexes(raw.reflexes),
    };
    leg.normalStrength = actions(raw.normal_strength).filter((a) => !leg.weakness.includes(a));
    leg.normalSensation = regions(raw.normal_sensation).filter((r) => !leg.numbness.includes(r));
    leg.normal_sensation = leg.normalSensation;  // the map tool's field name
    return leg;
  }
  const hasSymptoms = (leg) => leg.pain.some(onLeg) || leg.numbness.some(onLeg) || leg.weakness.length > 0;
  const state = () => {
    const here = {};
    for (const name of LEG_FINDINGS) here[name] = model.get(name);
    const st = Object.assign(cleanLeg(here, true), {
      mode: pick("mode", MODES, "findings"),
      root: pick("root", rootsInfo.map((r) => r.id), rootsInfo.length ? rootsInfo[0].id : ""),
      map: pick("map_source", maps.map((m) => m.id), maps[0].id),
      side: pick("side", SIDES, "left"),
      showNerves: model.get("show_nerves") === true,
      nerve: pick("nerve", nervesInfo.map((n) => n.id), nervesInfo.length ? nervesInfo[0].id : ""),
    });
    const raw = model.get("other_leg");
    st.other = cleanLeg(isObject(raw) ? raw : {}, false);
    st.otherSide = st.side === "left" ? "right" : "left";
    st.bothLegs = hasSymptoms(st) && hasSymptoms(st.other);
    // The other leg as `rank` reads it: its own findings plus the midline ones.
    const mid = (values) => values.filter((r) => midline.has(r));
    st.otherFindings = {
      pain: mid(st.pain).concat(st.other.pain), numbness: mid(st.numbness).concat(st.other.numbness),
      weakness: st.other.weakness, reflexes: st.other.reflexes, normalStrength: st.other.normalStrength,
      normalSensation: mid(st.normalSensation).concat(st.other.normalSensation), bothLegs: st.bothLegs,
    };
    return st;
  };
  const legTrait = (leg) => ({
    pain: leg.pain.filter(onLeg), numbness: leg.numbness.filter(onLeg), weakness: leg.weakness,
    reflexes: leg.reflexes, normal_strength: leg.normalStrength, normal_sensation: leg.normalSensation.filter(onLeg),
  });
  const commit = (changes) => {
    for (const [k, v] of Object.entries(changes)) model.set(k, v);
    model.save_changes();
  };

  // ---- skeleton ----
  const root = el("div", { class: "lpx", "data-widget": "legpain-explorer" });
  const redFlagsHref = isStatic ? texts.red_flags_book || "08_red_flags.html" : texts.red_flags_lab || "08_red_flags.ipynb";
  const redFlagsText = texts.red_flags_text || "Red flags: when leg pain is an emergency";
  const redFlags = el("a", { class: "lpx-redflags", href: redFlagsHref, target: "_blank", rel: "noopener", text: redFlagsText });
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

  // The examined leg changes only here, never by a click on the map.
  const sideInputs = {};
  const sideGroup = el("fieldset", { class: "lpx-sides" },
    el("legend", { text: "Examined leg (the map marks this one)" }));
  for (const side of SIDES) {
    const input = el("input", { type: "radio", name: uid + "-side", value: side });
    input.addEventListener("change", () => input.checked && switchSide(side));
    sideInputs[side] = input;
    sideGroup.append(el("label", { class: "lpx-radio lpx-side-choice" }, input, " " + side + " leg"));
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
  // One SVG, so that the Tab order of the regions can follow the body across its five views.
  // Every drawn element carries its view's transform: on a narrow screen the feet and the saddle
  // are drawn larger, below the legs (see `layout`).
  const figure = svg("svg", {
    class: "lpx-map-svg",
    viewBox: "0 0 " + geometry.width + " " + geometry.height,
    role: "group",
    "aria-label": "Body map of the lower body. Tab moves through the regions of the examined leg in body order; Enter or Space marks a region. The examined leg is chosen above the map.",
  });
  const defs = svg("defs");
  const pattern = (id, w, draw) => {
    const p = svg("pattern", { id: uid + "-" + id, patternUnits: "userSpaceOnUse", width: w, height: w });
    draw(p);
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

  const placed = [];  // [node, view id, clipped]: every element that follows its view's transform
  const place = (node, view, clipped = true) => { placed.push([node, view, clipped]); return node; };
  const gViews = svg("g", { class: "lpx-views", "aria-hidden": "true" });
  const viewTitles = [];  // [text node, view]: titles move to the top of their cell when narrow
  const sideMarks = [];  // the L and R beside each view: hidden when only one leg is drawn
  const otherMarks = [];  // [text node, view, mark] ("front", "back"): centred on the half when narrow
  for (const v of geometry.views) {
    const t = svg("text", { x: v.x, y: v.y, class: "lpx-view-title", "text-anchor": "middle" });
    t.textContent = v.title;
    gViews.append(t);
    viewTitles.push([t, v]);
    for (const m of v.marks || []) {
      const mk = place(svg("text", { x: m.x, y: m.y, class: "lpx-view-mark", "text-anchor": "middle" }), v.id, false);
      mk.textContent = m.text;
      gViews.append(mk);
      if (m.text === "L" || m.text === "R") sideMarks.push(mk);
      else if (isNumber(m.x)) otherMarks.push([mk, v, m]);
    }
  }
  const clipRects = {};
  for (const v of geometry.views) {
    const rect = svg("rect", { x: 0, y: 0, width: 0, height: 0 });
    const clip = svg("clipPath", { id: uid + "-clip-" + v.id, clipPathUnits: "userSpaceOnUse" });
    clip.append(rect);
    defs.append(clip);
    clipRects[v.id] = rect;
  }
  const gOutline = svg("g", { class: "lpx-outlines", "aria-hidden": "true" });
  for (const o of geometry.outlines) gOutline.append(place(svg("path", { d: o.d, class: "lpx-outline" }), o.view));
  // Touch targets: under the visible shapes, each region of the examined leg has a wider
  // invisible copy (a thick stroke), smallest regions on top, so a tap a little off a small
  // region still reaches it; the other leg has plain invisible copies that only explain.
  const gOther = svg("g", { class: "lpx-other-hits", "aria-hidden": "true" });
  const gHit = svg("g", { class: "lpx-hits", "aria-hidden": "true" });
  const gRegions = svg("g", { class: "lpx-regions" });
  const gMarks = svg("g", { class: "lpx-marks", "aria-hidden": "true" });
  const gDetails = svg("g", { class: "lpx-details", "aria-hidden": "true" });
  for (const d of geometry.details || []) gDetails.append(place(svg("path", { d: d.d, class: "lpx-detail" }), d.view));
  const gFade = svg("g", { class: "lpx-fades", "aria-hidden": "true" });
  const fade = svg("linearGradient", { id: uid + "-fade", x1: 0, y1: 0, x2: 0, y2: 1 });
  fade.append(svg("stop", { offset: "0", class: "lpx-fade-stop", "stop-opacity": 1 }),
    svg("stop", { offset: "1", class: "lpx-fade-stop", "stop-opacity": 0 }));
  defs.append(fade);
  for (const f of geometry.fades || []) {
    gFade.append(svg("rect", { x: f.x, y: f.y, width: f.width, height: f.height, fill: "url(#" + uid + "-fade)" }));
  }
  const gTop = svg("g", { class: "lpx-top", "aria-hidden": "true" });
  figure.append(gViews, gOutline, gOther, gHit, gRegions, gMarks, gDetails, gFade, gTop);

  // Focusable (primary) shapes first, in body order, so Tab follows the body; the other views'
  // copies of a region come after them and are reachable by pointer only. No listener sits on an
  // SVG element (Chromium would make it focusable): the map's box listens for all of them.
  const bodyOrder = new Map(vocab.regions.map((r, i) => [r.name, i]));
  const order = (name) => (bodyOrder.has(name) ? bodyOrder.get(name) : bodyOrder.size);
  const shapes = geometry.shapes.filter((s) => regionNames.has(s.region)).sort((a, b) =>
    (Boolean(b.primary) - Boolean(a.primary)) || (order(a.region) - order(b.region)) ||
    (String(a.side) < String(b.side) ? -1 : 1));
  const shapeNodes = [];
  const shapeOf = new WeakMap();  // any map element (visible shape or touch target) -> its shape
  for (const s of shapes) {
    const node = place(svg("path", {
      d: s.d,
      class: "lpx-region" + (s.primary ? " lpx-primary" : ""),
      "data-region": s.region,
      "data-side": s.side || "",
      "data-view": s.view,
    }), s.view);
    node.setAttribute("aria-label", regionLabel(s.region, s.side));
    const title = svg("title");
    title.textContent = regionLabel(s.region, s.side);
    node.append(title);
    gRegions.append(node);
    shapeNodes.push({ shape: s, node });
    shapeOf.set(node, s);
  }

  const mapBox = el("div", { class: "lpx-figure" }, figure);
  mapBox.addEventListener("click", (event) => {
    const s = event.target && shapeOf.get(event.target);
    if (!s) return;
    event.preventDefault();
    safely(() => activate(s));
  });
  mapBox.addEventListener("keydown", (event) => {
    const s = event.target && shapeOf.get(event.target);
    if (!s || !(event.key === "Enter" || event.key === " " || event.key === "Spacebar")) return;
    event.preventDefault();
    safely(() => activate(s));
  });
  mapBox.addEventListener("focusin", (event) => { if (shapeOf.get(event.target)) showFocus(event.target); });
  mapBox.addEventListener("focusout", () => { gTop.replaceChildren(); });
  // A pointer over a region's wider touch target lights up the region itself.
  const nodeOf = new Map(shapeNodes.map(({ shape, node }) => [shape, node]));
  let hovered = null;
  const hover = (node) => {
    if (hovered === node) return;
    if (hovered) hovered.classList.remove("lpx-hover");
    hovered = node;
    if (hovered) hovered.classList.add("lpx-hover");
  };
  mapBox.addEventListener("pointerover", (event) => {
    const s = event.target && shapeOf.get(event.target);
    hover(s && !event.target.classList.contains("lpx-other-hit") ? nodeOf.get(s) || null : null);
  });
  mapBox.addEventListener("pointerleave", () => hover(null));

  function showFocus(node) {
    let keyboard = true;
    try { keyboard = node.matches(":focus-visible"); } catch (e) { keyboard = true; }
    if (!keyboard) return;  // a mouse click needs no ring; the keyboard does
    const where = placing(node.getAttribute("data-view"));
    gTop.replaceChildren(svg("path", Object.assign({ d: node.getAttribute("d"), class: "lpx-focus-ring" }, where)),
      svg("path", Object.assign({ d: node.getAttribute("d"), class: "lpx-focus-ring-inner" }, where)));
  }

  // ---- layout: wide (the drawing as designed) or narrow (the examined leg only, enlarged) ----
  // Narrow: each view is cut to the examined leg's half (and the midline), the front and back
  // side by side, the tops of the feet, the soles and the saddle three to a row below them, each
  // as large as its cell allows less a margin (CELL_PAD), so that every region is a finger-sized
  // target and a view's cut edge never meets the edge of the map, where it would look cut off.
  const CELL_PAD = 7;
  let narrow = false;
  let transforms = {};
  let laidOut = "";
  let hitsFor = "";
  const usableBox = (b) => isObject(b) && ["x", "y", "width", "height"].every((k) => isNumber(b[k])) && b.width > 0 && b.height > 0;
  /** The transform (and clip) attributes that put an element of `view` in place. */
  function placing(view) {
    const t = transforms[view];
    return t ? { transform: t.t, "clip-path": "url(#" + uid + "-clip-" + view + ")" } : {};
  }
  function applyPlacing(node, view, clipped) {
    const attrs = placing(view);
    if (!clipped) delete attrs["clip-path"];
    for (const name of ["transform", "clip-path"]) {
      if (attrs[name]) node.setAttribute(name, attrs[name]); else node.removeAttribute(name);
    }
    return node;
  }
  function layout(side) {
    transforms = {};
    laidOut = side + (narrow ? "-narrow" : "-wide");
    let height = geometry.height;
    const views = geometry.views;
    const cells = {};
    if (narrow && views.every((v) => isObject(v.halves) && usableBox(v.halves[side]))) {
      let y = 0;
      for (const first of [true, false]) {
        const members = views.filter((v) => (v.row === 1) === first);
        if (!members.length) continue;
        const cell = geometry.width / members.length;
        const titleRoom = first ? 26 : 24;
        let rowHeight = 0;
        members.forEach((v, j) => {
          const b = v.halves[side];
          const k = Math.min((cell - 2 * CELL_PAD) / b.width, 3);
          const dx = j * cell + (cell - b.width * k) / 2 - b.x * k;
          const dy = y + titleRoom - b.y * k;
          transforms[v.id] = { k, t: "translate(" + dx.toFixed(2) + " " + dy.toFixed(2) + ") scale(" + k.toFixed(4) + ")" };
          const r = clipRects[v.id];
          r.setAttribute("x", b.x); r.setAttribute("y", b.y); r.setAttribute("width", b.width); r.setAttribute("height", b.height);
          cells[v.id] = { x: j * cell + cell / 2, y: y + titleRoom - 8, first };
          rowHeight = Math.max(rowHeight, titleRoom + b.height * k);
        });
        y += rowHeight + 6;
      }
      height = Math.ceil(y);
    }
    figure.setAttribute("viewBox", "0 0 " + geometry.width + " " + height);
    figure.classList.toggle("lpx-narrow", Object.keys(transforms).length > 0);
    for (const [node, view, clipped] of placed) applyPlacing(node, view, clipped);
    for (const [node, v] of viewTitles) {
      const cell = cells[v.id];
      node.setAttribute("x", cell ? cell.x : v.x);
      node.setAttribute("y", cell ? cell.y : v.y);
      node.textContent = cell && cell.first ? v.title + ", " + side + " leg" : v.title;
      node.style.fontSize = cell ? (cell.first ? "18px" : "15px") : "";  // readable on a phone
    }
    for (const mark of sideMarks) mark.style.display = Object.keys(transforms).length ? "none" : "";
    // "front" and "back" of the saddle: over the middle of the half that is drawn, never past it
    for (const [node, v, m] of otherMarks) {
      const b = transforms[v.id] && isObject(v.halves) ? v.halves[side] : null;
      node.setAttribute("x", b ? b.x + b.width / 2 : m.x);
    }
    hitsFor = "";
  }

  /** The touch targets of the examined leg (and midline), smallest on top, and the other leg's. */
  function buildHits(st) {
    const key = st.side + (narrow ? "-narrow" : "-wide");
    if (key === hitsFor) return;
    hitsFor = key;
    const scale = (s) => (transforms[s.view] ? transforms[s.view].k : 1);
    const mine = shapes.filter((s) => !s.side || s.side === st.side)
      .map((s) => [s, (isNumber(s.area) ? s.area : 0) * scale(s) * scale(s)])
      .sort((a, b) => b[1] - a[1]);
    gHit.replaceChildren();
    for (const [s] of mine) {
      const hit = svg("path", Object.assign({ d: s.d, class: "lpx-hit", "data-region": s.region, "data-side": s.side || "" }, placing(s.view)));
      shapeOf.set(hit, s);
      gHit.append(hit);
    }
    gOther.replaceChildren();
    for (const s of shapes.filter((x) => x.side && x.side !== st.side)) {
      const hit = svg("path", Object.assign({ d: s.d, class: "lpx-other-hit", "data-region": s.region, "data-side": s.side }, placing(s.view)));
      shapeOf.set(hit, s);
      gOther.append(hit);
    }
  }

  const legend = el("div", { class: "lpx-legend", "aria-label": "Legend" });
  const live = el("p", { class: "lpx-status", role: "status", "aria-live": "polite" });
  const panel = el("div", { class: "lpx-panel" });
  const kernelNote = isStatic
    ? el("p", { class: "lpx-kernel-note" },
        "Running in the book without Python: everything on this map works in your browser. " +
        "Reading your selection from Python (for example ", el("code", { text: "explorer.numbness" }),
        " or ", el("code", { text: "explorer.candidates" }), ") needs a live kernel: open this chapter's notebook in JupyterLab.")
    : null;
  // The verdict stays in view: pinned to the bottom of the screen while any part of the
  // explorer is on it, so the student sees the top candidate after every click.
  const verdict = el("div", { class: "lpx-verdict", "aria-label": "Most likely site" });
  // Keyboard focus never hides behind the pinned verdict (WCAG 2.4.11).
  root.addEventListener("focusin", (event) => {
    if (verdict.hidden || verdict.contains(event.target)) return;
    const r = event.target.getBoundingClientRect();
    const v = verdict.getBoundingClientRect();
    if (r.bottom > v.top && r.top < v.bottom && r.top > 0) event.target.scrollIntoView({ block: "center" });
  });
  root.append(...[header, controls, live,
    el("div", { class: "lpx-body" }, el("div", { class: "lpx-left" }, mapBox, legend), panel),
    kernelNote, verdict].filter(Boolean));
  host.replaceChildren(root);

  // ---- actions ----
  function activate(s) {
    const st = state();
    if (st.mode === "root") {
      describeRegion(s.region);
      redraw();
      return;
    }
    if (s.side && s.side !== st.side) {
      // Never a silent switch: the examined leg changes only with its labelled control.
      status = (texts.side_hint || "That is the {other} leg. To mark it, choose \u201c{other}\u201d under Examined leg.")
        .replace(/\{other\}/g, s.side).replace(/\{side\}/g, st.side);
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

  /** Examine the other leg: its findings come to the findings fields, this leg's are kept aside. */
  function switchSide(side) {
    const st = state();
    if (side === st.side) return;
    const here = legTrait(st);
    const mid = (values) => values.filter((r) => midline.has(r));
    status = "Now examining the " + side + " leg: the map marks it. The " + st.side +
      " leg's findings are kept (greyed on the map and listed under Your findings).";
    commit({
      side,
      pain: mid(st.pain).concat(st.other.pain),
      numbness: mid(st.numbness).concat(st.other.numbness),
      weakness: st.other.weakness,
      reflexes: st.other.reflexes,
      normal_strength: st.other.normalStrength,
      normal_sensation: mid(st.normalSensation).concat(st.other.normalSensation),
      other_leg: here,
    });
  }

  let regionInfo = "";
  let downOpen = false;
  let highlight = "";  // a candidate whose skin area is outlined on the map (this view only)
  function describeRegion(region) {
    const st = state();
    const roots = rootsInfo.filter((r) => arr(r.dermatome[st.map]).includes(region)).map((r) => r.id);
    const other = maps.filter((m) => m.id !== st.map).map((m) => {
      const ids = rootsInfo.filter((r) => arr(r.dermatome[m.id]).includes(region)).map((r) => r.id);
      return mapShort(m.id) + ": " + (ids.length ? ids.join(", ") : "none");
    });
    const nerves = nervesInfo.filter((n) => n.skin_field.includes(region)).map((n) => n.name);
    regionInfo = region + " \u2014 dermatomes on the " + mapShort(st.map) + " map: " +
      (roots.length ? roots.join(", ") : "none") + " (" + other.join("; ") + "). Skin field of: " +
      (nerves.length ? nerves.join(", ") : "no nerve in the course's list") + ".";
    status = regionInfo;
  }

  function mapShort(id) {
    const m = maps.find((x) => x.id === id);
    return m ? m.short || m.label : id;
  }

  // ---- drawing ----
  function markLayer(regions, side, cls, fillId) {
    const set = new Set(regions);
    for (const { shape, node } of shapeNodes) {
      if (!set.has(shape.region)) continue;
      if (shape.side && shape.side !== side) continue;
      gMarks.append(svg("path", Object.assign({ d: node.getAttribute("d"), class: cls, fill: "url(#" + uid + "-" + fillId + ")" },
        placing(shape.view))));
    }
  }

  function outlineLayer(regions, side, cls) {
    const set = new Set(regions);
    for (const { shape, node } of shapeNodes) {
      if (!set.has(shape.region) || (shape.side && shape.side !== side)) continue;
      gMarks.append(svg("path", Object.assign({ d: node.getAttribute("d"), class: cls }, placing(shape.view))));
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
    const where = placing(target.shape.view);
    gMarks.append(svg("circle", Object.assign({ cx, cy, r: 6, class: "lpx-keypoint-ring" }, where)));
    gMarks.append(svg("circle", Object.assign({ cx, cy, r: 2.4, class: "lpx-keypoint" }, where)));
  }

  /** The skin a candidate supplies: a root's dermatome on the chosen map (and other skin), or a
   *  nerve's skin field. */
  function territory(id, map) {
    const r = rootsInfo.find((x) => x.id === id);
    if (r) return { name: r.name, regions: arr(r.dermatome[map]).concat(arr(r.other_skin)) };
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
    root.dataset.bothLegs = st.bothLegs ? "yes" : "no";
    if (laidOut !== st.side + (narrow ? "-narrow" : "-wide")) layout(st.side);
    buildHits(st);

    for (const { shape, node } of shapeNodes) {
      const other = Boolean(shape.side && shape.side !== st.side);
      node.classList.toggle("lpx-other-side", other);
      // Only the examined leg's (and the midline's) primary shapes are buttons in the Tab order;
      // copies in other views and the greyed leg are drawing only.
      if (shape.primary && !other) {
        node.setAttribute("role", "button");
        node.setAttribute("tabindex", "0");
        node.removeAttribute("aria-hidden");
      } else {
        node.removeAttribute("role");
        node.removeAttribute("tabindex");
        node.setAttribute("aria-hidden", "true");
      }
      if (st.mode === "findings" && !other && shape.primary) {
        node.setAttribute("aria-pressed", st[tool].includes(shape.region) ? "true" : "false");
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
      const regions = arr(info.dermatome[st.map]);
      markLayer(regions.concat(arr(info.other_skin)), st.side, "lpx-mark-derm", "derm");
      outlineLayer(arr(info.disagree), st.side, "lpx-mark-disagree");
      if (showPainCourse) markLayer(arr(info.radicular_pain), st.side, "lpx-mark-pain", "pain");
      if (isObject(info.key_sensory_point)) keyPoint(info.key_sensory_point.region, st.side);
    } else if (st.mode === "findings") {
      markLayer(st.pain, st.side, "lpx-mark-pain", "pain");
      markLayer(st.numbness, st.side, "lpx-mark-numb", "numb");
      markLayer(st.normalSensation, st.side, "lpx-mark-felt", "felt");
      markLayer(st.other.pain, st.otherSide, "lpx-mark-pain lpx-mark-other", "pain");
      markLayer(st.other.numbness, st.otherSide, "lpx-mark-numb lpx-mark-other", "numb");
      markLayer(st.other.normalSensation, st.otherSide, "lpx-mark-felt lpx-mark-other", "felt");
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
    drawVerdict(st);
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
    items.push(el("li", { class: "lpx-legend-side" }, Object.keys(transforms).length
      ? "On a small screen only the examined (" + st.side + ") leg is drawn, enlarged; the " + st.otherSide +
        " leg keeps its own findings (listed under Your findings). Change the leg with \u201cExamined leg\u201d above the map."
      : "You mark the examined (" + st.side + ") leg; the " + st.otherSide +
        " leg is greyed and keeps its own findings. Change the leg with \u201cExamined leg\u201d above the map."));
    legend.replaceChildren(el("ul", {}, items));
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
  painCourseToggle.addEventListener("change", () => { showPainCourse = painCourseToggle.checked; safely(redraw); });
  const rootPanel = el("div", { class: "lpx-root-panel" }, rootPicker,
    el("label", { class: "lpx-check lpx-pain-course-label" }, painCourseToggle,
      " Also draw where its radicular pain usually runs (vermilion stripes)"), rootFacts);

  const toolGroup = el("fieldset", { class: "lpx-tools" }, el("legend", { text: "A click on the map marks" }));
  const toolInputs = {};
  for (const t of TOOLS) {
    const input = el("input", { type: "radio", name: uid + "-tool", value: t });
    input.addEventListener("change", () => { if (input.checked) { tool = t; safely(redraw); } });
    toolInputs[t] = input;
    toolGroup.append(el("label", { class: "lpx-radio lpx-tool-" + t.replace("_", "-") }, input, " " + TOOL_LABELS[t], swatch(TOOL_FILLS[t])));
  }
  const weak = el("fieldset", { class: "lpx-weakness" }, el("legend", { class: "lpx-weak-legend", text: "Strength of each movement" }));
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
      status = a.name + " (" + st.side + " leg): " + (select.options[select.selectedIndex] || {}).text + ".";
      commit({ weakness: weakNow, normal_strength: normalNow });
    });
    strengthSelects[a.name] = select;
    weak.append(el("label", { class: "lpx-strength-row", title: a.description || "" }, a.name + " ", select));
  }
  const reflexBox = el("fieldset", { class: "lpx-reflexes" }, el("legend", { class: "lpx-reflex-legend", text: "Reflexes" }));
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
    reflexBox.append(el("label", { class: "lpx-reflex", title: r.description || "" }, r.name + " ", select));
  }
  const summary = el("div", { class: "lpx-findings" });
  const clearButton = el("button", { type: "button", class: "lpx-clear", text: "Clear all findings (both legs)",
    onclick: () => {
      status = "All findings cleared, on both legs.";
      const empty = {};
      for (const name of LEG_FINDINGS) empty[name] = name === "reflexes" ? {} : [];
      commit(Object.assign({}, empty, { other_leg: Object.assign({}, empty) }));
    } });
  const alarm = el("div", { class: "lpx-bilateral", role: "alert" });
  const resultsBox = el("div", { class: "lpx-results", "aria-live": "polite" });
  const findingsPanel = el("div", { class: "lpx-findings-panel" },
    toolGroup, weak, reflexBox, el("div", { class: "lpx-summary-box" }, summary, clearButton), alarm, resultsBox);

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
      const derm = arr(info.dermatome[st.map]);
      parts.push(el("h4", { class: "lpx-root-name", text: info.name }));
      parts.push(factList("Dermatome (" + mapShort(st.map) + " map)", derm.length ? derm : [(info.map_notes || {})[st.map] || "not drawn on this map"]));
      if (arr(info.other_skin).length) parts.push(factList("Other skin (not drawn on the limb maps)", info.other_skin));
      const diff = [];
      for (const m of maps) {
        const only = arr((info.only_on || {})[m.id]);
        if (only.length) diff.push("only on " + mapShort(m.id) + ": " + only.join(", "));
      }
      parts.push(factList("Where the maps disagree", diff.length ? diff : ["they agree for this root"]));
      const ksp = info.key_sensory_point;
      if (isObject(ksp)) parts.push(factList("Key sensory point (ISNCSCI)", [ksp.text + " (" + ksp.region + ")"]));
      parts.push(factList("Key muscles and the actions that test them", info.muscles.map((m) => m.action + " \u2014 " + m.muscle + (m.role === "minor" ? " (contributes)" : ""))));
      parts.push(factList("Reflex", info.reflexes.map((r) => r.reflex + (r.role === "minor" ? " (contributes)" : " (mainly this root)"))));
      parts.push(factList("Where its radicular pain usually runs", arr(info.radicular_pain)));
      const nerve = nervesInfo.find((n) => n.id === st.nerve);
      if (st.showNerves && nerve) {
        const skin = new Set(derm.concat(arr(info.other_skin)));
        const field = new Set(nerve.skin_field);
        const both = [...field].filter((r) => skin.has(r));
        parts.push(factList(info.id + " dermatome vs the " + nerve.name.toLowerCase() + " (" + mapShort(st.map) + " map)", [
          "both: " + (both.join(", ") || "none"),
          "only the dermatome: " + ([...skin].filter((r) => !field.has(r)).join(", ") || "none"),
          "only the nerve's skin field: " + ([...field].filter((r) => !skin.has(r)).join(", ") || "none"),
          "the nerve carries fibres from: " + (arr(nerve.roots).join(", ") || "none"),
        ]));
      }
      if (info.note) parts.push(el("p", { class: "lpx-note", text: info.note }));
      if (regionInfo) parts.push(el("p", { class: "lpx-region-info", text: regionInfo }));
    }
    rootFacts.replaceChildren(...parts);
  }

  /** The course's emergency wording for findings in both legs (from legpain.triage). */
  function bilateralAlarm() {
    const b = isObject(texts.both_legs) ? texts.both_legs : {};
    const label = (b.label || "Emergency").toUpperCase() + (b.timing ? " (" + b.timing + ")" : "");
    return el("div", { class: "lpx-alarm" },
      el("p", { class: "lpx-alarm-title" }, "\u26A0\uFE0E " + label + ": " + (texts.both_legs_title || "findings in both legs")),
      b.why ? el("p", { class: "lpx-alarm-why", text: b.why }) : null,
      b.action ? el("p", { class: "lpx-alarm-action", text: b.action }) : null,
      b.reason ? el("details", { class: "lpx-alarm-more" }, el("summary", { text: "Why" }), el("p", { text: b.reason })) : null,
      el("p", { class: "lpx-alarm-link" }, el("a", { href: redFlagsHref, target: "_blank", rel: "noopener", text: redFlagsText })));
  }

  function legLine(leg) {
    const parts = [];
    if (leg.pain.length) parts.push("pain: " + leg.pain.join(", "));
    if (leg.numbness.length) parts.push("numbness: " + leg.numbness.join(", "));
    if (leg.normalSensation.length) parts.push("normal sensation: " + leg.normalSensation.join(", "));
    if (leg.weakness.length) parts.push("weak: " + leg.weakness.join(", "));
    if (leg.normalStrength.length) parts.push("normal strength: " + leg.normalStrength.join(", "));
    const reflexes = Object.entries(leg.reflexes).map(([k, v]) => k + " " + v);
    if (reflexes.length) parts.push("reflexes: " + reflexes.join(", "));
    return parts.join("; ");
  }

  function drawFindingsPanel(st) {
    if (panel.firstChild !== findingsPanel) panel.replaceChildren(findingsPanel);
    for (const [t, input] of Object.entries(toolInputs)) input.checked = t === tool;
    weak.firstChild.textContent = "Strength of each movement (" + st.side + " leg)";
    reflexBox.firstChild.textContent = "Reflexes (" + st.side + " leg)";
    for (const [a, select] of Object.entries(strengthSelects)) {
      select.value = st.weakness.includes(a) ? "weak" : st.normalStrength.includes(a) ? "normal" : "";
      select.classList.toggle("lpx-is-weak", select.value === "weak");
      select.classList.toggle("lpx-is-normal", select.value === "normal");
    }
    for (const [r, select] of Object.entries(reflexSelects)) select.value = st.reflexes[r] || "";
    const otherLine = legLine(st.other);
    summary.replaceChildren(el("h4", { text: "Your findings (" + st.side + " leg, examined)" }),
      el("ul", {},
        el("li", { class: "lpx-f-pain" }, swatch("pain"), el("strong", { text: " Pain: " }), st.pain.join(", ") || "none"),
        el("li", { class: "lpx-f-numb" }, swatch("numb"), el("strong", { text: " Numbness: " }), st.numbness.join(", ") || "none"),
        el("li", { class: "lpx-f-felt" }, swatch("felt"), el("strong", { text: " Normal sensation: " }), st.normalSensation.join(", ") || "not tested"),
        el("li", { class: "lpx-f-weak" }, el("strong", { text: "Weak: " }), st.weakness.join(", ") || "none"),
        el("li", { class: "lpx-f-strong" }, el("strong", { text: "Normal strength: " }), st.normalStrength.join(", ") || "not tested"),
        el("li", { class: "lpx-f-reflex" }, el("strong", { text: "Reflexes: " }), Object.entries(st.reflexes).map(([k, v]) => k + " " + v).join(", ") || "not tested")),
      el("p", { class: "lpx-f-other" }, el("strong", { text: "The " + st.otherSide + " leg: " }), otherLine || "no findings"));
    alarm.replaceChildren(...(st.bothLegs ? [bilateralAlarm()] : []));

    const table = tables ? tables[st.map] : null;
    if (!table) {
      resultsBox.replaceChildren(el("h4", { text: "Ranked candidates" }), el("p", { class: "lpx-none",
        text: tablesFailed === "browser"
          ? "This browser cannot unpack the ranking table; please use a current version of Chrome, Edge, Firefox or Safari."
          : tablesFailed === "data"
            ? "The ranking table in this explorer's data is missing or damaged, so no ranking can be shown (the map still works). Run the notebook cell again, or reload the page."
            : "Preparing the ranking\u2026" }));
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
          safely(redraw);
          const again = resultsBox.querySelector('.lpx-candidate[data-id="' + CSS.escape(c.id) + '"] .lpx-show');
          if (again) again.focus();  // keyboard users stay where they were
        } });
    };
    const item = (c) => el("li", { class: "lpx-candidate lpx-kind-" + String(c.kind).replace(/ /g, "-"), "data-id": c.id,
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
    const hints = close ? separatingFindings(first.id, second.id, findingKeys(st, table), table, 3) : [];
    const tieNote = close ? el("div", { class: "lpx-tie", role: "note" },
      el("p", {}, el("strong", { text: "Close call: " }), "these findings do not yet separate " + first.phrase +
        " (" + percent(first.probability) + ") from " + second.phrase + " (" + percent(second.probability) + ")." +
        (hints.length ? " What would:" : "")),
      hints.length ? el("ul", {}, hints.map(([, hint]) => el("li", { text: hint }))) : null) : null;
    const saddle = st.numbness.filter((r) => arr(texts.saddle_regions).includes(r));
    const saddleNote = saddle.length && texts.saddle_warning
      ? el("p", { class: "lpx-saddle", role: "alert" }, "\u26A0\uFE0E ", texts.saddle_warning) : null;
    const bothNote = st.bothLegs && texts.both_legs_ranking ? el("p", { class: "lpx-both-note", text: texts.both_legs_ranking }) : null;
    const otherRanked = rank(table, st.otherFindings);
    const otherNote = otherRanked.length ? el("p", { class: "lpx-other-top" },
      el("strong", { text: "The " + st.otherSide + " leg" + (anyFinding ? "" : " (it has findings)") + ": " }),
      "most likely " + otherRanked[0].name + " (" + percent(otherRanked[0].probability) + "). Choose it under Examined leg to see its whole ranking.") : null;
    const results = el("div", {}, saddleNote, bothNote, tieNote, el("ol", { class: "lpx-candidates" }, shown.map(item)));
    if (down.length) {
      // The folded list is `hidden` while closed, so nothing in it counts as on screen.
      const list = el("ol", { class: "lpx-candidates", start: shown.length + 1 }, down.map(item));
      const more = el("details", { class: "lpx-down" },
        el("summary", { text: down.length + " more below 1%: show them and why" }), list);
      more.open = downOpen;
      list.hidden = !downOpen;
      more.addEventListener("toggle", () => { downOpen = more.open; list.hidden = !more.open; });
      results.append(more);
    }
    resultsBox.replaceChildren(...[
      el("h4", { class: "lpx-results-title", text: "How likely is each site? (" + st.side + " leg, " + mapShort(st.map) + " map)" }),
      anyFinding ? results
        : el("p", { class: "lpx-none", text: "Mark pain, numbness or normal sensation on the map, set each movement's strength or a reflex: every root and nerve appears here with its probability, best first, with the reasons." }),
      otherNote,
      texts.caveat ? el("p", { class: "lpx-caveat", text: texts.caveat }) : null].filter(Boolean));
  }

  /** The compact, pinned summary: the top candidate of the examined leg (or of the other leg
   *  when only it has findings), and the emergency when both legs have findings. */
  function drawVerdict(st) {
    verdict.hidden = st.mode !== "findings";
    if (verdict.hidden) return;
    const parts = [];
    if (st.bothLegs) {
      const b = isObject(texts.both_legs) ? texts.both_legs : {};
      parts.push(el("p", { class: "lpx-verdict-alarm" },
        el("strong", { text: "\u26A0\uFE0E " + (b.label || "Emergency").toUpperCase() + (b.timing ? " (" + b.timing + ")" : "") + ": " }),
        (texts.both_legs_title || "findings in both legs") + " \u2014 ",
        el("a", { href: redFlagsHref, target: "_blank", rel: "noopener", text: "red flags" })));
    }
    const table = tables ? tables[st.map] : null;
    let line;
    if (!table) {
      line = [el("span", { class: "lpx-verdict-label", text: tablesFailed ? "No ranking available." : "Preparing the ranking\u2026" })];
    } else {
      const mine = rank(table, st);
      const theirs = mine.length ? [] : rank(table, st.otherFindings);
      const top = mine[0] || theirs[0];
      if (top) {
        const leg = mine.length ? st.side : st.otherSide;
        line = [el("span", { class: "lpx-verdict-label", text: "Most likely (" + leg + " leg): " }),
          el("strong", { class: "lpx-verdict-name", text: top.name }), " ",
          el("span", { class: "lpx-verdict-prob", text: percent(top.probability) }), " ",
          el("button", { type: "button", class: "lpx-verdict-jump", text: "all candidates",
            onclick: () => resultsBox.scrollIntoView({ block: "start", behavior: "smooth" }) })];
      } else {
        line = [el("span", { class: "lpx-verdict-label", text: "No findings yet: mark the map or set a movement's strength, and the most likely site appears here." })];
      }
    }
    parts.push(el("p", { class: "lpx-verdict-line" }, line));
    verdict.replaceChildren(...parts);
    verdict.classList.toggle("lpx-verdict-emergency", st.bothLegs);
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

  // ---- life cycle: any failure later shows the same readable message, never a blank box ----
  let alive = true;
  let observer = null;
  const names = ["mode", "root", "map_source", "side", "pain", "numbness", "weakness", "reflexes",
    "normal_strength", "normal_sensation", "show_nerves", "nerve", "other_leg"];
  function stop() {
    alive = false;
    for (const n of names) model.off("change:" + n, onChange);
    if (observer) observer.disconnect();
  }
  function safely(action) {
    if (!alive) return;
    try {
      action();
    } catch (error) {
      stop();
      showBroken(host, ["it stopped while drawing (" + String((error && error.message) || error) + ")"]);
    }
  }
  function onChange() { safely(redraw); }
  function measure() {
    const width = mapBox.getBoundingClientRect().width;
    const wanted = width > 0 && width < NARROW_MAP;
    if (wanted !== narrow) {
      narrow = wanted;
      redraw();  // lays the map out again for the new width
    }
  }
  for (const n of names) model.on("change:" + n, onChange);
  redraw();
  safely(measure);
  if (typeof ResizeObserver === "function") {
    // Measured a frame later, so that the new layout never resizes the box inside the callback.
    observer = new ResizeObserver(() => requestAnimationFrame(() => safely(measure)));
    observer.observe(mapBox);
  }
  unpackTables(model.get("tables_packed"))
    .then((t) => {
      if (tablesUsable(t, maps)) tables = t;
      else tablesFailed = "data";
    }, () => { tablesFailed = typeof DecompressionStream === "function" ? "data" : "browser"; })
    .then(() => safely(() => { root.dataset.ready = tables ? "yes" : "failed"; redraw(); }));
  return stop;
}

export default guarded(render, "The dermatome and leg-pain explorer");
