/*
 * The differential explorer (front end).
 *
 * Everything clinical arrives in the synced state, computed in Python from the course's knowledge
 * base: `table` (legpain.differential_table(): features, groups, weights and each cause's
 * profile) and `causes_info` (distinguishing features, red flags). This file only ranks, compares
 * and draws, with the same rules as Python's `differential` and `compare`, so it works in
 * JupyterLab and in the static book (where `model.legpainStatic === true`). No imports, no network.
 */

const LEVEL_MARK = { typical: "\u2714\u2714", common: "\u2714", unusual: "\u2718", against: "\u2718\u2718" };

/** The chosen feature ids that the table knows, once each, in the table's feature order. */
export function chosenFeatures(table, chosen) {
  const picked = new Set(Array.isArray(chosen) ? chosen.filter((x) => typeof x === "string") : []);
  return ((table && table.features) || []).map((f) => f.id).filter((id) => picked.has(id));
}

/**
 * Rank the causes for a set of features, exactly as `legpain.differential` does.
 *
 * Score = sum of the cause's profile weight for each chosen feature (missing = 0); `supporting`
 * and `against` list the chosen features with a positive or negative weight, in feature order.
 * A cause whose must-not-miss rule fires (each group of `when` has a chosen feature) comes first
 * (among them: by score, then rule order), with the rule's reason in `must_not_miss`; the rest
 * follow by score (highest first), ties in the table's order.
 */
export function rankCauses(table, chosen) {
  const picked = chosenFeatures(table, chosen);
  const rules = Array.isArray(table && table.must_not_miss) ? table.must_not_miss : [];
  const fired = new Map();
  rules.forEach((rule, order) => {
    const when = Array.isArray(rule.when) ? rule.when : [];
    if (!fired.has(rule.cause) && when.length &&
        when.every((group) => Array.isArray(group) && group.some((f) => picked.includes(f)))) {
      fired.set(rule.cause, { order, reason: rule.reason });
    }
  });
  const rows = ((table && table.causes) || []).map((c, index) => {
    const weights = c.profile || {};
    const w = (f) => (Object.prototype.hasOwnProperty.call(weights, f) ? Number(weights[f]) : 0);
    const rule = fired.get(c.id) || { order: rules.length, reason: null };
    return {
      index,
      order: rule.order,
      row: {
        id: c.id, name: c.name,
        score: picked.reduce((sum, f) => sum + w(f), 0),
        supporting: picked.filter((f) => w(f) > 0),
        against: picked.filter((f) => w(f) < 0),
        urgency: c.urgency,
        must_not_miss: rule.reason,
      },
    };
  });
  const last = rules.length;
  rows.sort((a, b) => (a.order === last) - (b.order === last) || b.row.score - a.row.score ||
    a.order - b.order || a.index - b.index);
  return rows.map((r) => r.row);
}

function sentenceCase(name) {
  return name.length > 1 && name.charAt(1) === name.charAt(1).toLowerCase() &&
    name.charAt(1) !== name.charAt(1).toUpperCase() ? name.charAt(0).toLowerCase() + name.slice(1) : name;
}

/**
 * The emergency alert for a ranking, exactly as `legpain.knowledge.causes.emergency_alert`: it
 * shows when a must-not-miss rule fired (never by the luck of the scores), names those causes
 * and ends with the triage table's emergency action. Else null.
 */
export function emergencyAlert(table, ranked) {
  const emergency = (table && table.emergency) || null;
  if (!emergency || !Array.isArray(ranked)) return null;
  const named = ranked.filter((r) => r.must_not_miss);
  if (!named.length) return null;
  return `${emergency.label}: these features can mean ${named.map((r) => sentenceCase(r.name)).join(" or ")}. ${emergency.action}`;
}

/**
 * Compare two causes feature by feature, exactly as `legpain.compare` does: one row for every
 * feature either cause's profile mentions, in feature order. Returns null for an unknown cause
 * or the same cause twice.
 */
export function compareCauses(table, a, b) {
  const causes = (table && table.causes) || [];
  const ca = causes.find((c) => c.id === a);
  const cb = causes.find((c) => c.id === b);
  if (!ca || !cb || ca.id === cb.id) return null;
  const weights = (table && table.weights) || {};
  const level = (c, f) => (Object.prototype.hasOwnProperty.call(c.levels || {}, f) ? c.levels[f] : null);
  const rows = [];
  for (const f of (table.features || [])) {
    const la = level(ca, f.id);
    const lb = level(cb, f.id);
    if (la === null && lb === null) continue;
    rows.push({
      feature: f.id, name: f.name, group: f.group,
      a_level: la, a_weight: la === null ? 0 : Number(weights[la]),
      b_level: lb, b_weight: lb === null ? 0 : Number(weights[lb]),
    });
  }
  return rows;
}

function capital(text) {
  return text ? text.charAt(0).toUpperCase() + text.slice(1) : "";
}

function sameRanking(a, b) {
  const same = (x, y) => Array.isArray(x) && x.length === y.length && x.every((v, i) => v === y[i]);
  return Array.isArray(a) && a.length === b.length && a.every((r, i) => r && r.id === b[i].id &&
    r.score === b[i].score && same(r.supporting, b[i].supporting) && same(r.against, b[i].against) &&
    (r.must_not_miss || null) === (b[i].must_not_miss || null));
}

/** How many fitting causes are listed before the rest fold away. */
const SHOWN = 5;

function render({ model, el: host }) {
  const uid = uniqueId("ldx");
  const rawTable = model.get("table");
  const table = rawTable && typeof rawTable === "object" && !Array.isArray(rawTable) ? rawTable : {};
  const features = Array.isArray(table.features) ? table.features : [];
  const groups = Array.isArray(table.groups) ? table.groups : [];
  const causes = Array.isArray(table.causes) ? table.causes : [];
  const rawInfo = model.get("causes_info");
  const info = new Map((Array.isArray(rawInfo) ? rawInfo : []).filter((c) => c && typeof c === "object").map((c) => [c.id, c]));
  const rawTexts = model.get("texts");
  const texts = rawTexts && typeof rawTexts === "object" ? rawTexts : {};
  const isStatic = model.legpainStatic === true;
  const featureName = new Map(features.map((f) => [f.id, f.name]));
  const causeIds = causes.map((c) => c.id);
  const causeName = new Map(causes.map((c) => [c.id, c.name]));
  const opened = {};

  // ---- reading the state defensively (bad values are ignored, never thrown) ----
  const pickCause = (name, fallback) => {
    const v = model.get(name);
    return causeIds.includes(v) ? v : fallback;
  };
  const state = () => ({
    features: chosenFeatures(table, model.get("features")),
    a: pickCause("compare_a", causeIds[0] || ""),
    b: pickCause("compare_b", causeIds[1] || causeIds[0] || ""),
  });
  const commit = (changes) => {
    for (const [k, v] of Object.entries(changes)) model.set(k, v);
    model.save_changes();
  };

  // ---- skeleton ----
  const root = el("div", { class: "ldx", "data-widget": "legpain-differential" });
  const redFlags = (extra) => el("a", {
    class: "ldx-redflags" + (extra ? " " + extra : ""),
    href: isStatic ? texts.red_flags_book || "../book/red_flags.html" : texts.red_flags_lab || "../book/red_flags.md",
    target: "_blank", rel: "noopener",
    text: texts.red_flags_text || "Red flags: when leg pain is an emergency",
  });
  root.append(el("div", { class: "ldx-header" },
    el("h3", { class: "ldx-title", text: texts.title || "Differential explorer" }),
    el("p", { class: "ldx-redflag-note" }, "\u26A0\uFE0E ", redFlags())));

  // Story features: one fieldset of checkboxes per group.
  const inputs = new Map();
  const story = el("div", { class: "ldx-story" },
    el("h4", { class: "ldx-h", text: "1. Tick what the story and examination show" }));
  for (const group of groups) {
    const box = el("fieldset", { class: "ldx-group", "data-group": group }, el("legend", { text: capital(group) }));
    for (const f of features.filter((x) => x.group === group)) {
      const id = uid + "-" + f.id;
      const input = el("input", { type: "checkbox", id, value: f.id, "data-feature": f.id });
      input.addEventListener("change", () => {
        const now = new Set(state().features);
        if (input.checked) now.add(f.id); else now.delete(f.id);
        commit({ features: chosenFeatures(table, [...now]) });
      });
      inputs.set(f.id, input);
      box.append(el("div", { class: "ldx-check" }, input, el("label", { for: id, text: f.name })));
    }
    story.append(box);
  }
  const clearButton = el("button", { type: "button", class: "ldx-clear", text: "Untick everything",
    onclick: () => commit({ features: [] }) });
  // On a phone the ranking sits below this long list: a bar pinned to the bottom of the screen
  // while the student ticks names the top cause (and the emergency alert's word when one fires),
  // with a button that jumps to the full ranking. Hidden on wide screens (the ranking is beside).
  const topText = el("span", { class: "ldx-topline-text", "aria-hidden": "true" });
  const rankingHeading = el("h4", { class: "ldx-h", id: uid + "-ranking", tabindex: "-1",
    text: "2. The causes that fit, best first" });
  const jump = el("button", { type: "button", class: "ldx-topline-jump", text: "See the ranking",
    onclick: () => { rankingHeading.scrollIntoView({ block: "start" }); rankingHeading.focus({ preventScroll: true }); } });
  const topLine = el("div", { class: "ldx-topline", hidden: true }, topText, jump);
  story.append(clearButton, topLine);
  // Keyboard focus never hides behind the pinned bar (WCAG 2.4.11).
  story.addEventListener("focusin", (event) => {
    if (topLine.hidden || topLine.contains(event.target)) return;
    const r = event.target.getBoundingClientRect();
    const bar = topLine.getBoundingClientRect();
    if (bar.height && r.bottom > bar.top && r.top < bar.bottom && r.top > 0) event.target.scrollIntoView({ block: "center" });
  });

  const results = el("div", { class: "ldx-results", "aria-live": "polite" });
  const resultsBox = el("div", { class: "ldx-results-box" }, rankingHeading, results);

  // Compare two causes.
  const selectA = el("select", { class: "ldx-select-a", "aria-label": "First cause to compare" });
  const selectB = el("select", { class: "ldx-select-b", "aria-label": "Second cause to compare" });
  for (const select of [selectA, selectB]) {
    for (const c of causes) select.append(el("option", { value: c.id, text: c.name }));
  }
  selectA.addEventListener("change", () => commit({ compare_a: selectA.value }));
  selectB.addEventListener("change", () => commit({ compare_b: selectB.value }));
  const swap = el("button", { type: "button", class: "ldx-swap", text: "Swap",
    "aria-label": "Swap the two causes",
    onclick: () => { const st = state(); commit({ compare_a: st.b, compare_b: st.a }); } });
  const compareOut = el("div", { class: "ldx-compare-out", "aria-live": "polite" });
  const compareBox = el("div", { class: "ldx-compare" },
    el("h4", { class: "ldx-h", text: "3. Compare two causes feature by feature" }),
    el("div", { class: "ldx-compare-controls" },
      el("label", { class: "ldx-pick" }, el("span", { class: "ldx-tag ldx-tag-a", text: "A" }), " ", selectA),
      swap,
      el("label", { class: "ldx-pick" }, el("span", { class: "ldx-tag ldx-tag-b", text: "B" }), " ", selectB)),
    compareOut);

  const kernelNote = isStatic
    ? el("p", { class: "ldx-kernel-note" },
        "Running in the book without Python: ticking, ranking and comparing all work in your browser. " +
        "Reading your ticks from Python (for example ", el("code", { text: "explorer.ranking" }),
        ") needs a live kernel: open this chapter's notebook in JupyterLab.")
    : null;
  root.append(el("div", { class: "ldx-body" }, story, resultsBox), compareBox,
    texts.caveat ? el("p", { class: "ldx-caveat", text: texts.caveat }) : null, kernelNote);
  host.append(root);

  // ---- drawing ----
  function levelCell(levelName, weight, picked) {
    if (!levelName) return el("td", { class: "ldx-level ldx-level-none" }, el("span", { text: "not listed (0)" }));
    const sign = weight > 0 ? "+" + weight : String(weight);
    return el("td", { class: "ldx-level ldx-level-" + levelName + (picked ? " ldx-picked" : "") },
      el("span", { class: "ldx-mark", "aria-hidden": "true", text: LEVEL_MARK[levelName] || "" }),
      " " + levelName + " (" + sign + ")");
  }

  function drawCompare(st) {
    selectA.value = st.a;
    selectB.value = st.b;
    const rows = compareCauses(table, st.a, st.b);
    if (!rows) {
      compareOut.replaceChildren(el("p", { class: "ldx-none", text: "Choose two different causes to compare them." }));
      return;
    }
    const ticked = new Set(st.features);
    let fitA = 0;
    let fitB = 0;
    for (const r of rows) if (ticked.has(r.feature)) { fitA += r.a_weight; fitB += r.b_weight; }
    const body = el("tbody");
    let lastGroup = null;
    for (const r of rows) {
      if (r.group !== lastGroup) {
        body.append(el("tr", { class: "ldx-group-row" }, el("th", { colspan: 3, scope: "rowgroup", text: capital(r.group) })));
        lastGroup = r.group;
      }
      const picked = ticked.has(r.feature);
      const differs = r.a_weight !== r.b_weight;
      body.append(el("tr", { class: "ldx-row" + (picked ? " ldx-row-ticked" : "") + (differs ? " ldx-row-differs" : ""), "data-feature": r.feature },
        el("th", { scope: "row", class: "ldx-fname" }, r.name, picked ? el("span", { class: "ldx-ticked-note", text: " (ticked)" }) : null),
        levelCell(r.a_level, r.a_weight, picked), levelCell(r.b_level, r.b_weight, picked)));
    }
    const nameA = causeName.get(st.a);
    const nameB = causeName.get(st.b);
    const compareTable = el("table", { class: "ldx-table" },
      el("caption", { text: "How typical each feature is of A and of B (from the course's knowledge base)" }),
      el("thead", {}, el("tr", {},
        el("th", { scope: "col", text: "Feature" }),
        el("th", { scope: "col" }, el("span", { class: "ldx-tag ldx-tag-a", text: "A" }), " " + nameA),
        el("th", { scope: "col" }, el("span", { class: "ldx-tag ldx-tag-b", text: "B" }), " " + nameB))),
      body);
    const apart = [];
    for (const [from, other] of [[st.a, st.b], [st.b, st.a]]) {
      for (const d of ((info.get(from) || {}).distinguishing || [])) {
        if ((d.mentions || []).includes(other)) apart.push(el("li", {}, el("strong", { text: causeName.get(from) + ": " }), d.text));
      }
    }
    const flagList = (id) => {
      const flags = (info.get(id) || {}).red_flags || [];
      return el("li", {}, el("strong", { text: causeName.get(id) + ": " }), flags.length ? flags.join("; ") : "none listed");
    };
    const parts = [];
    if (st.features.length) {
      parts.push(el("p", { class: "ldx-fit-line" }, "Your ticked features score ",
        el("strong", { text: "A " + fitA }), " and ", el("strong", { text: "B " + fitB }), "."));
    }
    parts.push(el("div", { class: "ldx-table-wrap" }, compareTable));
    parts.push(el("h5", { text: "What sets them apart" }),
      apart.length ? el("ul", { class: "ldx-apart" }, apart)
        : el("p", { class: "ldx-none", text: "The knowledge base has no direct note on this pair: read the rows above where the two differ (shaded)." }));
    parts.push(el("h5", { text: "Red flags to ask about" }), el("ul", { class: "ldx-flags" }, flagList(st.a), flagList(st.b)));
    compareOut.replaceChildren(...parts);
  }

  function causeItem(c, top) {
    const urgent = c.urgency === "emergency" || c.urgency === "urgent";
    const item = el("li", { class: "ldx-cause ldx-urgency-" + c.urgency, "data-id": c.id, "data-score": c.score },
      el("div", { class: "ldx-cause-head" },
        el("strong", { class: "ldx-cause-name", text: c.name }), " ",
        el("span", { class: "ldx-score", text: "score " + c.score }),
        urgent ? el("span", { class: "ldx-badge ldx-badge-" + c.urgency, text: (c.urgency === "emergency" ? "\u26A0\uFE0E " : "") + c.urgency }) : null),
      c.must_not_miss ? el("p", { class: "ldx-mnm" }, el("span", { class: "ldx-mnm-mark", "aria-hidden": "true", text: "\u26A0\uFE0E " }), c.must_not_miss) : null,
      c.supporting.length ? el("ul", { class: "ldx-for" }, c.supporting.map((f) => el("li", {}, el("span", { class: "ldx-sign", text: "fits: " }), featureName.get(f)))) : null,
      c.against.length ? el("ul", { class: "ldx-against" }, c.against.map((f) => el("li", {}, el("span", { class: "ldx-sign", text: "against: " }), featureName.get(f)))) : null);
    if (top && c.id !== top.id && c.score > 0) {
      item.append(el("button", { type: "button", class: "ldx-compare-top",
        text: "compare with no. 1", "aria-label": "Compare with no. 1: " + c.name + " beside " + top.name,
        onclick: () => { commit({ compare_a: top.id, compare_b: c.id }); selectA.scrollIntoView({ block: "nearest" }); } }));
    }
    return item;
  }

  function drawResults(st) {
    const ranked = rankCauses(table, st.features);
    if (isStatic && !sameRanking(model.get("ranking"), ranked)) model.set("ranking", ranked);
    if (!st.features.length) {
      topText.textContent = "";
      topLine.hidden = true;
      results.replaceChildren(el("p", { class: "ldx-none", text: "Tick the features of a story on the left: the causes that fit appear here, best first, with the features for and against each." }));
      return;
    }
    // must-not-miss causes lead the list whatever their score
    const fitting = ranked.filter((c) => c.must_not_miss || c.score > 0);
    const shown = fitting.slice(0, SHOWN);
    const lower = fitting.slice(SHOWN);
    const down = ranked.filter((c) => !c.must_not_miss && c.score <= 0);
    const top = fitting[0] || null;
    const alert = emergencyAlert(table, ranked);
    const alertWord = alert && table.emergency && table.emergency.label ? String(table.emergency.label) : "";
    topText.replaceChildren(...[
      alertWord ? el("strong", { class: "ldx-topline-alert" }, "\u26A0\uFE0E " + alertWord.toUpperCase()) : null,
      alertWord ? " " : null,
      !top ? "No cause scores above zero yet."
        : top.must_not_miss ? el("span", {}, "First to rule out: ", el("strong", { class: "ldx-topline-name", text: top.name }), " (must not miss).")
          : el("span", {}, "Best fit now: ", el("strong", { class: "ldx-topline-name", text: top.name }), " (score " + top.score + ")."),
    ].filter(Boolean));
    topLine.hidden = false;
    topLine.classList.toggle("ldx-topline-emergency", Boolean(alertWord));
    const parts = [];
    if (alert) {
      parts.push(el("p", { class: "ldx-emergency", role: "note" }, el("span", { "aria-hidden": "true", text: "\u26A0\uFE0E " }),
        alert, " ", redFlags("ldx-redflags-inline")));
    }
    parts.push(shown.length
      ? el("ol", { class: "ldx-causes" }, shown.map((c) => causeItem(c, top)))
      : el("p", { class: "ldx-none", text: "No cause scores above zero for these features." }));
    const more = (key, label, list, start) => {
      const box = el("details", { class: "ldx-more ldx-" + key },
        el("summary", { text: label }),
        el("ol", { class: "ldx-causes", start }, list.map((c) => causeItem(c, null))));
      box.open = !!opened[key];
      box.addEventListener("toggle", () => { opened[key] = box.open; });
      return box;
    };
    if (lower.length) parts.push(more("lower", lower.length + " more with a lower score above zero", lower, SHOWN + 1));
    if (down.length) parts.push(more("down", down.length + " more ranked down (score 0 or less): show why", down, fitting.length + 1));
    results.replaceChildren(...parts);
  }

  function redraw() {
    const st = state();
    for (const [id, input] of inputs) input.checked = st.features.includes(id);
    clearButton.disabled = st.features.length === 0;
    drawResults(st);
    drawCompare(st);
  }

  const names = ["features", "compare_a", "compare_b"];
  const onChange = () => redraw();
  for (const n of names) model.on("change:" + n, onChange);
  redraw();
  root.dataset.ready = "yes";
  return () => { for (const n of names) model.off("change:" + n, onChange); root.remove(); };
}

export default guarded(render, "The differential explorer");
