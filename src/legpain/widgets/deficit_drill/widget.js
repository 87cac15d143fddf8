// Draw the deficit: the course names a lesion; the student marks the numb skin on a body map of
// the left leg, the weak movements and the changed reflexes; Check scores every mark against both
// dermatome maps and explains it. Everything arrives in the model's `table` (built in Python by
// legpain.reasoning.deficit_drill.drill_table from the knowledge base), `geometry` (the explorer's
// body map, left leg) and `texts` (interface words). `scoreAnswer`, `recordScore` and `nextLesion`
// are ports of score_answer, record and next_lesion; a browser test requires the same answers.
// Plain ES module: no imports, no network, no console output.

const STORE_KEY = "legpain-deficit-drill:v1";
const DD_PARTS = ["skin", "movements", "reflexes"];

const ddObject = (value) => value !== null && typeof value === "object" && !Array.isArray(value);

/** Replace every {name} in a template with its value (Python: _fill). */
function ddFill(template, values) {
  let text = String(template);
  for (const [key, value] of Object.entries(values)) text = text.split(`{${key}}`).join(String(value));
  return text;
}

const ddCap = (text) => text.slice(0, 1).toUpperCase() + text.slice(1);

/** 'a', 'a and b', 'a, b and c' (Python: _join). */
function ddJoin(t, items) {
  if (items.length <= 1) return items.join("");
  return items.slice(0, -1).join(", ") + t.texts.and + items[items.length - 1];
}

const ddUnique = (values) => Array.from(new Set((Array.isArray(values) ? values : []).map(String)));

/** A 0..1 score as the whole percentage shown (Python: to_percent). */
export function toPercent(score) {
  return Math.floor(score * 100 + 0.5);
}

function lesionOf(t, id) {
  return t.lesions.find((x) => x.id === id) || null;
}

function whereText(t, x, region) {
  const on = t.maps.filter((m) => x.skin[m.id].includes(region));
  const off = t.maps.filter((m) => !x.skin[m.id].includes(region));
  if (!off.length) return t.texts.both_maps;
  if (!on.length) return "";
  return ddFill(t.texts.only_map, { map: on[0].short, other: off[0].short });
}

function skinOwners(t, x, region) {
  const texts = t.texts;
  if (x.kind === "nerve") {
    const nerves = t.owners.skin_nerves[region] || [];
    return nerves.length ? ddFill(texts.owners_nerves, { list: ddJoin(t, nerves.map((n) => `the ${n}`)) })
      : texts.owners_no_nerve;
  }
  const perMap = t.maps.map((m) => t.owners.skin[region][m.id]);
  if (perMap.every((p) => !p.length)) return texts.owners_none;
  if (perMap.every((p) => p.join("|") === perMap[0].join("|"))) {
    return ddFill(texts.owners_same, { list: ddJoin(t, perMap[0]) });
  }
  const [a, b] = perMap.slice(0, 2).map((p) => ddJoin(t, p) || texts.nobody);
  return ddFill(texts.owners_split, { a, b, map_a: t.maps[0].short, map_b: t.maps[1].short });
}

function ownersText(t, x, part, name) {
  const texts = t.texts;
  if (x.kind === "nerve") {
    const [key, none] = part === "movements" ? ["action_nerves", "action_no_nerve"] : ["reflex_nerves", "reflex_no_nerve"];
    const nerves = t.owners[key][name] || [];
    return nerves.length ? ddFill(texts[key], { list: ddJoin(t, nerves.map((n) => `the ${n}`)) }) : texts[none];
  }
  const key = part === "movements" ? "action_owners" : "reflex_owners";
  const roots = t.owners[part === "movements" ? "actions" : "reflexes"][name] || [];
  return ddFill(texts[key], { roots: ddJoin(t, roots) || texts.nobody });
}

function explain(t, x, part, name, status) {
  const texts = t.texts;
  const nerve = x.kind === "nerve";
  const values = { short: x.short, the_name: x.the_name };
  const pick = (hitKey, extraKey, wrongKey) => {
    if (status === "hit" || status === "miss") return texts[hitKey];
    if (status === "extra") return texts[extraKey];
    values.owners = part === "skin" ? skinOwners(t, x, name) : ownersText(t, x, part, name);
    return texts[wrongKey];
  };
  if (part === "skin") {
    values.Region = ddCap(name);
    values.where = nerve ? "" : whereText(t, x, name);
    return ddFill(pick(nerve ? "miss_skin_nerve" : "miss_skin_root", nerve ? "extra_skin_nerve" : "extra_skin_root",
      nerve ? "wrong_skin_nerve" : "wrong_skin"), values);
  }
  if (part === "movements") {
    values.Action = ddCap(name);
    values.muscle = x.muscles[name] || "";
    return ddFill(pick(nerve ? "miss_action_nerve" : "miss_action_root", "extra_action",
      nerve ? "wrong_action_nerve" : "wrong_action"), values);
  }
  values.Reflex = ddCap(name);
  return ddFill(pick(nerve ? "miss_reflex_nerve" : "miss_reflex_root", "extra_reflex",
    nerve ? "wrong_reflex_nerve" : "wrong_reflex"), values);
}

/** Score marks for a lesion against both maps (Python: legpain.reasoning.deficit_drill.score_answer).
 * Names outside the vocabulary are dropped here (the widget never makes one); Python refuses them. */
export function scoreAnswer(t, lesionId, numbness, weakness, reflexes) {
  const x = lesionOf(t, lesionId);
  if (!x) throw new Error(`unknown lesion ${lesionId}`);
  const marked = { skin: ddUnique(numbness), movements: ddUnique(weakness), reflexes: ddUnique(reflexes) };
  const order = { skin: t.regions.map((r) => r.name), movements: t.actions.map((a) => a.name),
    reflexes: t.reflexes.map((f) => f.name) };
  DD_PARTS.forEach((part) => { marked[part] = marked[part].filter((n) => order[part].includes(n)); });
  const mapIds = t.maps.map((m) => m.id);
  const want = { skin: {}, movements: {}, reflexes: {} };
  mapIds.forEach((m) => { want.skin[m] = x.skin[m]; want.movements[m] = x.actions; want.reflexes[m] = x.reflexes; });
  const ok = { skin: x.skin_ok, movements: x.actions_ok, reflexes: x.reflexes_ok };
  const byMap = {};
  mapIds.forEach((m) => {
    const parts = {};
    DD_PARTS.forEach((part) => {
      const found = marked[part].filter((n) => want[part][m].includes(n));
      const wrong = marked[part].filter((n) => !ok[part].includes(n) && !want[part][m].includes(n));
      const missed = want[part][m].filter((n) => !marked[part].includes(n));
      const total = found.length + missed.length + wrong.length;
      parts[part] = total === 0 ? null : found.length / total;
    });
    const counted = DD_PARTS.map((p) => parts[p]).filter((v) => v !== null);
    const score = counted.length ? counted.reduce((a, b) => a + b, 0) / counted.length : 0;
    byMap[m] = { score, percent: toPercent(score), parts };
  });
  const overall = mapIds.reduce((a, m) => a + byMap[m].score, 0) / mapIds.length;
  const items = [];
  DD_PARTS.forEach((part) => {
    order[part].forEach((name) => {
      const isMarked = marked[part].includes(name);
      const wanted = mapIds.some((m) => want[part][m].includes(name));
      if (!isMarked && !wanted) return;
      const missingOn = isMarked ? [] : mapIds.filter((m) => want[part][m].includes(name));
      let status;
      if (isMarked && wanted) status = "hit";
      else if (isMarked && ok[part].includes(name)) status = "extra";
      else if (isMarked) status = "wrong";
      else status = "miss";
      items.push({ part, name, status, missing_on: missingOn, text: explain(t, x, part, name, status) });
    });
  });
  return { lesion: x.id, score: overall, percent: toPercent(overall), by_map: byMap, items };
}

/** The marks that score 100% on both maps (Python: perfect_answer). */
export function perfectAnswer(t, lesionId) {
  const x = lesionOf(t, lesionId);
  return { numbness: x.skin_ok.slice(), weakness: x.actions.slice(), reflexes: x.reflexes.slice() };
}

// ---- progress and the next lesion (Python: clean_progress, record, weights, next_lesion) -------

const ddCount = (v) => (Number.isInteger(v) && v >= 0 && v <= 1000000 ? v : null);

export function cleanProgress(t, raw) {
  const out = { lesions: {} };
  const lesions = ddObject(raw) && ddObject(raw.lesions) ? raw.lesions : null;
  if (!lesions) return out;
  const valid = t.lesions.map((x) => x.id);
  const boxes = t.box_weights.length;
  for (const [key, entry] of Object.entries(lesions)) {
    if (!valid.includes(key) || !ddObject(entry)) continue;
    const [box, tries, total, last] = ["box", "tries", "total", "last"].map((k) => ddCount(entry[k]));
    if (box === null || box < 1 || box > boxes || !tries || total === null || last === null
      || last > 100 || total > 100 * tries) continue;
    out.lesions[key] = { box, tries, total, last };
  }
  return out;
}

export function recordScore(t, progress, lesionId, percent) {
  const out = cleanProgress(t, progress);
  const before = out.lesions[lesionId] || { box: 1, tries: 0, total: 0, last: 0 };
  const box = percent >= t.right_at ? Math.min(t.box_weights.length, before.box + 1) : 1;
  out.lesions[lesionId] = { box, tries: before.tries + 1, total: before.total + percent, last: percent };
  return out;
}

export function lesionWeights(t, progress, last) {
  const stored = cleanProgress(t, progress).lesions;
  let ids = t.lesions.map((x) => x.id).filter((id) => id !== last);
  if (!ids.length) ids = t.lesions.map((x) => x.id);
  return ids.map((id) => [id, stored[id] ? t.box_weights[stored[id].box - 1] : t.new_weight]);
}

export function nextLesion(t, progress, last, u) {
  const pairs = lesionWeights(t, progress, last);
  const total = pairs.reduce((a, [, w]) => a + w, 0);
  const target = u * total;
  let running = 0;
  for (const [id, weight] of pairs) {
    running += weight;
    if (target < running) return id;
  }
  return pairs[pairs.length - 1][0];
}

function randomUnit() {
  try {
    return window.crypto.getRandomValues(new Uint32Array(1))[0] / 4294967296;
  } catch (error) {
    return Math.random();
  }
}

// ---- the widget -----------------------------------------------------------------------------------

function usable(t, g, texts) {
  return ddObject(t) && Array.isArray(t.lesions) && t.lesions.length > 0 && Array.isArray(t.maps)
    && t.maps.length >= 2 && Array.isArray(t.regions) && Array.isArray(t.actions) && Array.isArray(t.reflexes)
    && ddObject(t.owners) && ddObject(t.texts) && Array.isArray(t.box_weights)
    && t.lesions.every((x) => ddObject(x) && ddObject(x.skin) && Array.isArray(x.skin_ok) && Array.isArray(x.actions))
    && ddObject(g) && Array.isArray(g.views) && g.views.every((v) => ddObject(v) && ddObject(v.box) && Array.isArray(v.shapes))
    && ddObject(texts) && typeof texts.prompt === "string";
}

function render({ model, el: container }) {
  const t = model.get("table");
  const geometry = model.get("geometry");
  const texts = model.get("texts");
  if (!usable(t, geometry, texts)) throw new Error("The drill's data in this widget's saved state is incomplete.");
  const isStatic = model.legpainStatic === true;
  const uid = uniqueId("lpdd");
  const stored = savedStore(STORE_KEY);
  const regionNames = t.regions.map((r) => r.name);
  const names = { skin: regionNames, movements: t.actions.map((a) => a.name), reflexes: t.reflexes.map((f) => f.name) };
  const described = {};
  [...t.regions, ...t.actions, ...t.reflexes].forEach((term) => { described[term.name] = term.description; });
  const validList = (value, part) => (Array.isArray(value) ? ddUnique(value).filter((n) => names[part].includes(n)) : []);

  const root = el("section", { class: "lpdd", "aria-label": texts.title });
  root.append(el("p", { class: "lpdd-note" }, texts.note));
  stored.onFailure((failure) => root.insertBefore(storageNotice(failure), root.children[1] || null));

  // ---- the prompt and the choice of lesion
  const heading = el("h3", { class: "lpdd-prompt", id: `${uid}-prompt`, tabindex: "-1" });
  const problem = el("p", { class: "lpdd-problem", role: "status" });
  const selectId = `${uid}-lesion`;
  const select = el("select", { id: selectId, class: "lpdd-select" });
  ["root", "nerve"].forEach((kind) => {
    const group = el("optgroup", { label: (texts.groups || {})[kind] || kind });
    t.lesions.filter((x) => x.kind === kind).forEach((x) => group.append(el("option", { value: x.id }, x.name)));
    select.append(group);
  });
  const nextButton = el("button", { type: "button", class: "lpdd-next" }, texts.next);
  root.append(el("div", { class: "lpdd-head" }, heading,
    el("p", { class: "lpdd-hint" }, texts.prompt_hint),
    el("div", { class: "lpdd-toolbar" }, el("label", { for: selectId, class: "lpdd-label" }, texts.lesion_label),
      select, nextButton),
    el("p", { class: "lpdd-small" }, texts.next_hint), problem));

  // ---- the body map (left leg)
  const skinBox = el("fieldset", { class: "lpdd-skin" },
    el("legend", { class: "lpdd-legend" }, texts.skin_legend),
    el("p", { class: "lpdd-small" }, texts.skin_hint));
  const viewsBox = el("div", { class: "lpdd-views" });
  const smallViews = el("div", { class: "lpdd-views-small" });
  const shapesOf = {}; // region -> [path]
  const fills = {}; // view -> its two pattern fills
  geometry.views.forEach((view) => {
    const b = view.box;
    const titleId = `${uid}-view-${view.id}`;
    const drawing = svg("svg", { viewBox: `${b.x} ${b.y} ${b.width} ${b.height}`, class: `lpdd-svg lpdd-svg-${view.id}`,
      role: "group", "aria-labelledby": titleId });
    // hatching for marked skin and a cross-hatch for marks that do not fit (never colour alone)
    const hatch = `${uid}-hatch-${view.id}`;
    const cross = `${uid}-cross-${view.id}`;
    drawing.append(svg("defs", {},
      svg("pattern", { id: hatch, width: 5, height: 5, patternUnits: "userSpaceOnUse", patternTransform: "rotate(45)" },
        svg("rect", { width: 5, height: 5, class: "lpdd-hatch-bg" }),
        svg("line", { x1: 0, y1: 0, x2: 0, y2: 5, class: "lpdd-hatch-line" })),
      svg("pattern", { id: cross, width: 6, height: 6, patternUnits: "userSpaceOnUse" },
        svg("rect", { width: 6, height: 6, class: "lpdd-cross-bg" }),
        svg("path", { d: "M0,0L6,6M6,0L0,6", class: "lpdd-cross-line" }))));
    fills[view.id] = { hatch: `url(#${hatch})`, cross: `url(#${cross})` };
    (view.outlines || []).forEach((d) => drawing.append(svg("path", { d, class: "lpdd-outline", "aria-hidden": "true" })));
    const focusable = [];
    view.shapes.forEach((shape) => {
      if (!regionNames.includes(shape.region)) return;
      const path = svg("path", { d: shape.d, class: "lpdd-region", "data-region": shape.region,
        "data-view": view.id });
      if (shape.primary) {
        path.setAttribute("tabindex", "0");
        path.setAttribute("role", "checkbox");
        path.setAttribute("aria-checked", "false");
        path.setAttribute("aria-label", `${shape.region}: ${described[shape.region] || ""}`);
        focusable.push(path);
      } else {
        path.setAttribute("aria-hidden", "true");
      }
      (shapesOf[shape.region] = shapesOf[shape.region] || []).push(path);
      drawing.append(path);
    });
    (view.details || []).forEach((d) => drawing.append(svg("path", { d, class: "lpdd-detail", "aria-hidden": "true" })));
    // focusable shapes last, so the focus outline is never hidden under a neighbour
    focusable.forEach((p) => drawing.append(p));
    // the whole leg (front, back) side by side; the feet and the saddle grouped beside or below
    (view.id === "front" || view.id === "back" ? viewsBox : smallViews).append(
      el("figure", { class: `lpdd-view lpdd-view-${view.id}` }, drawing,
        el("figcaption", { id: titleId, class: "lpdd-caption" }, view.title)));
  });
  viewsBox.append(smallViews);
  const markedText = el("p", { class: "lpdd-marked", "aria-live": "polite" });
  const listBoxes = {};
  const regionList = el("ul", { class: "lpdd-checks lpdd-region-list", id: `${uid}-region-list` });
  regionList.hidden = true;
  const listToggle = el("button", { type: "button", class: "lpdd-list-toggle", "aria-expanded": "false",
    "aria-controls": regionList.id }, texts.list_summary);
  listToggle.addEventListener("click", () => {
    regionList.hidden = !regionList.hidden;
    listToggle.setAttribute("aria-expanded", regionList.hidden ? "false" : "true");
  });
  t.regions.forEach((r) => {
    const id = `${uid}-r-${regionNames.indexOf(r.name)}`;
    listBoxes[r.name] = el("input", { type: "checkbox", id, value: r.name });
    regionList.append(el("li", {}, listBoxes[r.name], el("label", { for: id }, `${r.name} (${r.description})`)));
  });
  skinBox.append(viewsBox, markedText, listToggle, regionList);
  root.append(skinBox);

  // ---- movements and reflexes
  const checkboxes = { movements: {}, reflexes: {} };
  [["movements", t.actions, texts.move_legend], ["reflexes", t.reflexes, texts.reflex_legend]].forEach(([part, terms, legend]) => {
    const box = el("fieldset", { class: `lpdd-part lpdd-${part}` }, el("legend", { class: "lpdd-legend" }, legend));
    const list = el("ul", { class: "lpdd-checks" });
    terms.forEach((term, i) => {
      const id = `${uid}-${part}-${i}`;
      checkboxes[part][term.name] = el("input", { type: "checkbox", id, value: term.name });
      list.append(el("li", {}, checkboxes[part][term.name],
        el("label", { for: id }, el("span", { class: "lpdd-term" }, term.name), ` (${term.description})`)));
    });
    box.append(list);
    root.append(box);
  });

  const checkButton = el("button", { type: "button", class: "lpdd-check" }, texts.check);
  const clearButton = el("button", { type: "button", class: "lpdd-clear" }, texts.clear);
  const status = el("p", { class: "lpdd-status", role: "status", "aria-live": "polite" });
  root.append(el("div", { class: "lpdd-actions" }, checkButton, clearButton), status);
  const feedback = el("section", { class: "lpdd-feedback", "aria-labelledby": `${uid}-score` });
  feedback.hidden = true;
  const record = el("section", { class: "lpdd-record", "aria-labelledby": `${uid}-record` });
  root.append(feedback, record);
  root.append(el("p", { class: "lpdd-link" }, el("a", { href: isStatic ? texts.red_flags_book : texts.red_flags_lab,
    class: "lpdd-redflags" }, texts.red_flags_text)));
  container.append(root);

  // ---- state
  let lesionId = "L5";
  const marks = { skin: new Set(), movements: new Set(), reflexes: new Set() };
  let sending = false;

  const lesion = () => lesionOf(t, lesionId);
  const list = (part) => names[part].filter((n) => marks[part].has(n));

  function send(checked) {
    sending = true;
    try {
      model.set("lesion", lesionId);
      model.set("numbness", list("skin"));
      model.set("weakness", list("movements"));
      model.set("reflexes", list("reflexes"));
      model.set("checked", checked);
      model.save_changes();
    } finally {
      sending = false;
    }
  }

  /** A region's fill follows its classes: cross-hatched when it does not fit, hatched when marked. */
  function paint(p) {
    const f = fills[p.getAttribute("data-view")];
    if (p.classList.contains("lpdd-wrong")) p.style.fill = f.cross;
    else if (p.classList.contains("lpdd-marked-region")) p.style.fill = f.hatch;
    else p.style.removeProperty("fill");
  }

  function clearVerdicts() {
    Object.values(shapesOf).flat().forEach((p) => {
      p.classList.remove("lpdd-hit", "lpdd-miss", "lpdd-wrong", "lpdd-extra");
      paint(p);
    });
    feedback.hidden = true;
    feedback.textContent = "";
  }

  function showMarks() {
    for (const [region, paths] of Object.entries(shapesOf)) {
      const on = marks.skin.has(region);
      paths.forEach((p) => {
        p.classList.toggle("lpdd-marked-region", on);
        if (p.hasAttribute("role")) p.setAttribute("aria-checked", on ? "true" : "false");
        paint(p);
      });
    }
    regionNames.forEach((r) => { listBoxes[r].checked = marks.skin.has(r); });
    ["movements", "reflexes"].forEach((part) => {
      for (const [name, input] of Object.entries(checkboxes[part])) input.checked = marks[part].has(name);
    });
    const skin = list("skin");
    markedText.textContent = skin.length ? ddFill(texts.marked, { list: skin.join(", ") }) : texts.marked_none;
  }

  function showPrompt() {
    heading.textContent = ddFill(texts.prompt, { the_name: lesion().the_name });
    select.value = lesionId;
  }

  function pct(value) {
    return value === null ? texts.not_counted : `${toPercent(value)}%`;
  }

  function showFeedback(result) {
    clearVerdicts();
    const x = lesion();
    feedback.append(el("h4", { class: "lpdd-score", id: `${uid}-score`, tabindex: "-1" },
      ddFill(texts.score, { p: `${result.percent}%` })));
    const maps = el("ul", { class: "lpdd-maps" });
    t.maps.forEach((m) => {
      const r = result.by_map[m.id];
      maps.append(el("li", {}, ddFill(texts.by_map, { map: m.short, p: `${r.percent}%`, skin: pct(r.parts.skin),
        movements: pct(r.parts.movements), reflexes: pct(r.parts.reflexes) })));
    });
    feedback.append(maps);
    if (x.kind === "nerve") feedback.append(el("p", { class: "lpdd-small" }, texts.nerve_maps));
    feedback.append(el("p", { class: `lpdd-verdict ${result.percent >= t.right_at ? "lpdd-right" : "lpdd-again"}` },
      ddFill(result.percent >= t.right_at ? texts.right : texts.again, { n: t.right_at })));
    [["miss", texts.heading_miss], ["wrong", texts.heading_wrong], ["hit", texts.heading_hit],
      ["extra", texts.heading_extra]].forEach(([statusName, title]) => {
      const items = result.items.filter((i) => i.status === statusName);
      if (!items.length) return;
      feedback.append(el("h5", { class: "lpdd-subheading" }, title));
      const ul = el("ul", { class: `lpdd-items lpdd-items-${statusName}` });
      items.forEach((i) => ul.append(el("li", {}, i.text)));
      feedback.append(ul);
    });
    // where the lesion's skin is, and (for a root) where the two maps disagree
    const skinOk = regionNames.filter((r) => x.skin_ok.includes(r)); // in the order of the body
    const shared = skinOk.filter((r) => t.maps.every((m) => x.skin[m.id].includes(r)));
    feedback.append(el("p", { class: "lpdd-skin-summary" }, ddFill(x.kind === "root" ? texts.skin_root : texts.skin_nerve,
      { short: x.short, the_name: x.the_name, list: shared.join(", ") })));
    if (x.kind === "root") {
      const split = skinOk.filter((r) => !t.maps.every((m) => x.skin[m.id].includes(r)));
      feedback.append(el("p", { class: "lpdd-disagree" }, split.length
        ? ddFill(texts.disagree, { short: x.short, list: split.map((r) => `${r}, ${whereText(t, x, r)}`).join("; ") })
        : ddFill(texts.disagree_none, { short: x.short })));
    } else if (skinOk.length > shared.length) {
      feedback.append(el("p", { class: "lpdd-small" }, ddFill(texts.skin_partial,
        { list: skinOk.filter((r) => !shared.includes(r)).join(", ") })));
    }
    if (x.note) {
      feedback.append(el("h5", { class: "lpdd-subheading" }, ddFill(texts.about, { the_name: x.the_name })));
      feedback.append(el("p", { class: "lpdd-about" }, x.note));
    }
    if (x.source_text) feedback.append(el("p", { class: "lpdd-small lpdd-sources" }, ddFill(texts.sources, { list: x.source_text })));
    feedback.append(el("p", { class: "lpdd-small" }, texts.map_legend));
    feedback.append(el("p", { class: "lpdd-small" }, texts.rule));
    result.items.filter((i) => i.part === "skin").forEach((i) => {
      (shapesOf[i.name] || []).forEach((p) => {
        p.classList.add(`lpdd-${i.status}`);
        paint(p);
      });
    });
    feedback.hidden = false;
  }

  let memory = null; // this page's record, when the browser refuses to store it

  function progress() {
    return stored.failure() && memory ? memory : cleanProgress(t, stored.read());
  }

  function showRecord() {
    record.textContent = "";
    record.append(el("h4", { class: "lpdd-record-heading", id: `${uid}-record` }, texts.record_heading));
    const entries = progress().lesions;
    const tried = t.lesions.filter((x) => entries[x.id]);
    if (!tried.length) {
      record.append(el("p", { class: "lpdd-small" }, texts.record_none));
      return;
    }
    const ul = el("ul", { class: "lpdd-record-list" });
    tried.forEach((x) => {
      const e = entries[x.id];
      ul.append(el("li", {}, ddFill(texts.record_item, { short: x.short, mean: toPercent(e.total / e.tries / 100),
        tries: e.tries, tries_word: e.tries === 1 ? "try" : "tries", last: e.last })));
    });
    record.append(ul);
  }

  function changed() {
    showMarks();
    if (!feedback.hidden) {
      clearVerdicts();
      status.textContent = texts.changed;
    }
    send(false);
  }

  function toggle(part, name) {
    if (marks[part].has(name)) marks[part].delete(name);
    else marks[part].add(name);
    changed();
  }

  function setLesion(id, focus) {
    lesionId = id;
    DD_PARTS.forEach((part) => marks[part].clear());
    clearVerdicts();
    status.textContent = "";
    problem.textContent = "";
    showPrompt();
    showMarks();
    send(false);
    if (focus) heading.focus();
  }

  // ---- events
  for (const [region, paths] of Object.entries(shapesOf)) {
    paths.forEach((p) => {
      p.addEventListener("click", () => toggle("skin", region));
      p.addEventListener("keydown", (event) => {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          toggle("skin", region);
        }
      });
    });
  }
  regionNames.forEach((r) => listBoxes[r].addEventListener("change", () => toggle("skin", r)));
  ["movements", "reflexes"].forEach((part) => {
    for (const [name, input] of Object.entries(checkboxes[part])) input.addEventListener("change", () => toggle(part, name));
  });
  select.addEventListener("change", () => { if (lesionOf(t, select.value)) setLesion(select.value, false); });
  nextButton.addEventListener("click", () => setLesion(nextLesion(t, progress(), lesionId, randomUnit()), true));
  clearButton.addEventListener("click", () => {
    DD_PARTS.forEach((part) => marks[part].clear());
    changed();
    clearVerdicts();
    status.textContent = texts.cleared;
  });
  checkButton.addEventListener("click", () => {
    if (!DD_PARTS.some((part) => marks[part].size)) {
      status.textContent = texts.empty;
      return;
    }
    const result = scoreAnswer(t, lesionId, list("skin"), list("movements"), list("reflexes"));
    status.textContent = "";
    showFeedback(result);
    let saved = null;
    stored.update((current) => {
      saved = recordScore(t, current, lesionId, result.percent);
      current.lesions = saved.lesions;
    });
    memory = saved;
    model.set("progress", saved);
    send(true);
    showRecord();
    feedback.querySelector(".lpdd-score").focus();
  });

  function fromModel() {
    const wanted = model.get("lesion");
    const valid = typeof wanted === "string" && lesionOf(t, wanted);
    lesionId = valid ? wanted : "L5";
    problem.textContent = valid ? "" : texts.bad_lesion;
    marks.skin = new Set(validList(model.get("numbness"), "skin"));
    marks.movements = new Set(validList(model.get("weakness"), "movements"));
    marks.reflexes = new Set(validList(model.get("reflexes"), "reflexes"));
    showPrompt();
    showMarks();
    clearVerdicts();
    if (model.get("checked") === true && DD_PARTS.some((part) => marks[part].size)) {
      showFeedback(scoreAnswer(t, lesionId, list("skin"), list("movements"), list("reflexes")));
    }
  }

  fromModel();
  showRecord();
  // in JupyterLab, the kernel gets this browser's record at once (drill.progress)
  const known = progress();
  if (!isStatic && Object.keys(known.lesions).length) {
    model.set("progress", known);
    model.save_changes();
  }
  const onChange = () => { if (!sending) fromModel(); };
  const traits = ["lesion", "numbness", "weakness", "reflexes", "checked"];
  traits.forEach((name) => model.on(`change:${name}`, onChange));
  root.dataset.ready = "yes";
  return () => {
    traits.forEach((name) => model.off(`change:${name}`, onChange));
    root.remove();
  };
}

export default guarded(render, "The deficit drill");
