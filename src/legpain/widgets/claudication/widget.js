// Claudication comparer. The weights, bands, contradictions and bedside checks arrive in the
// model's `data.table` (legpain.claudication_table(), the course's cited data); `claudication()`
// below evaluates them exactly as Python's legpain.claudication() does, so the widget works in
// the static book without a kernel. Plain ES module: no imports, no network, no console output.

function fold(text) {
  return String(text).toLowerCase().replace(/_/g, " ").split(/\s+/).filter(Boolean).join(" ");
}

function unique(items) {
  return Array.from(new Set(items));
}

/** Canonical feature names for `features` (aliases accepted); unknown names are dropped. */
export function canonicalFeatures(table, features) {
  if (!Array.isArray(features)) return [];
  const aliases = (table && table.aliases) || {};
  const names = [];
  for (const feature of features) {
    if (typeof feature !== "string") continue;
    const name = aliases[fold(feature)];
    if (name) names.push(name);
  }
  return unique(names);
}

/** The message Python's claudication() raises for a contradictory pair, or null. */
export function contradiction(table, features) {
  const present = new Set(canonicalFeatures(table, features));
  for (const [first, second] of table.contradictions) {
    if (present.has(first) && present.has(second)) {
      return `'${first}' and '${second}' cannot both be present; choose one`;
    }
  }
  return null;
}

/**
 * The answer for `features`: the same fields and values as Python's legpain.claudication().
 * A contradictory pair gives `{error: <Python's ValueError message>}` instead of throwing.
 */
export function claudication(table, features) {
  const error = contradiction(table, features);
  if (error) return { error };
  const present = canonicalFeatures(table, features);
  const chosen = table.features.filter((f) => present.includes(f.id));
  const sum = (side) => chosen.filter((f) => f.favours === side).reduce((t, f) => t + f.weight, 0);
  const vascular = sum("vascular");
  const neurogenic = sum("neurogenic");
  const margin = Math.abs(vascular - neurogenic);
  let kind = "uncertain";
  if (vascular > neurogenic) kind = "vascular";
  else if (neurogenic > vascular) kind = "neurogenic";
  const band = table.confidence.find((b) => margin >= b.min_margin);
  let confidence = band ? band.label : "none";
  // An ABI of 0.90 or less establishes PAD whatever the scores; neurogenic features as well
  // mean a spinal stenosis may coexist ("both").
  const rule = table.abi_rule;
  let ruleText = "";
  let ruleSources = [];
  if (rule && present.includes(rule.feature)) {
    const coexisting = rule.coexisting.filter((name) => present.includes(name));
    kind = coexisting.length ? "both" : "vascular";
    confidence = "established";
    ruleText = coexisting.length ? rule.both_text.split("{features}").join(coexisting.join(", ")) : rule.text;
    ruleSources = rule.sources;
  }
  // the winning side's features first (heaviest first), then the others; stable within ties
  const side = kind === "both" ? "vascular" : kind;
  const order = chosen.slice().sort((a, b) => {
    const sideA = a.favours !== side ? 1 : 0;
    const sideB = b.favours !== side ? 1 : 0;
    return sideA - sideB || b.weight - a.weight;
  });
  const reasons = order.map((f) => {
    const scored = f.weight ? `${f.favours} +${f.weight}` : `classically ${f.favours}, not scored`;
    const label = f.id.charAt(0).toUpperCase() + f.id.slice(1);
    return `${label} (${scored}): ${f.reason}`;
  });
  const open = table.bedside_checks.filter((c) => !c.settled_by.some((name) => present.includes(name)));
  const checks = open.map((c) => c.text);
  const sources = unique(ruleSources.concat(order.flatMap((f) => f.sources))
    .concat(table.bedside_checks.filter((c) => checks.includes(c.text)).flatMap((c) => c.sources))
    .concat(table.note_sources));
  return {
    kind,
    vascular_score: vascular,
    neurogenic_score: neurogenic,
    margin,
    confidence,
    reasons,
    bedside_checks: checks,
    sources,
    features: present,
    note: table.note,
    rule: ruleText,
  };
}

function render({ model, el: root }) {
  const data = model.get("data");
  if (!data || !data.table || !Array.isArray(data.features)) {
    throw new Error("The claudication table is missing from this widget's saved state.");
  }
  const uid = uniqueId("lpcl");
  const texts = data.texts || {};
  const labels = data.source_labels || {};
  const table = data.table;

  const box = el("section", { class: "lpcl", "aria-label": texts.title || "Claudication comparer" });
  box.append(el("p", { class: "lpcl-title" }, texts.title || "Claudication comparer"));
  box.append(el("p", { class: "lpcl-edu" }, texts.educational || ""), el("p", { class: "lpcl-instructions" }, texts.instructions || ""));

  const body = el("div", { class: "lpcl-body" });
  const groups = el("div", { class: "lpcl-groups" });
  const inputs = [];
  for (const side of ["vascular", "neurogenic"]) {
    const fieldset = el("fieldset", { class: `lpcl-group lpcl-group-${side}` });
    fieldset.append(el("legend", { class: "lpcl-legend" }, texts[`${side}_group`] || side));
    const list = el("ul", { class: "lpcl-list" });
    data.features.filter((f) => f.favours === side).forEach((feature) => {
      const id = `${uid}-f-${inputs.length}`;
      const item = el("li", { class: "lpcl-feature" });
      const input = el("input", { type: "checkbox", id, value: feature.name, "aria-describedby": `${id}-desc` });
      const label = el("label", { for: id, class: "lpcl-name" }, feature.name);
      const weight = feature.weight ? `+${feature.weight}` : "not scored";
      const desc = el("span", { id: `${id}-desc`, class: "lpcl-desc" }, `${feature.description} (${weight})`);
      item.append(input, label, desc);
      list.append(item);
      inputs.push(input);
    });
    fieldset.append(list);
    groups.append(fieldset);
  }
  // On narrow screens the answer sits below the lists: repeat it here, in words.
  const mini = el("p", { class: "lpcl-mini", "aria-hidden": "true" });
  const clear = el("button", { type: "button", class: "lpcl-clear" }, texts.clear || "Clear all");
  groups.append(mini, clear);

  const panel = el("div", { class: "lpcl-result" });
  const alert = el("div", { class: "lpcl-alert", role: "alert" });
  const answer = el("p", { class: "lpcl-answer", role: "status", "aria-live": "polite" });
  const details = el("div", { class: "lpcl-details" });
  panel.append(alert, answer, details);
  body.append(groups, panel);
  box.append(body);

  function section(title, content) {
    const wrap = el("div", { class: "lpcl-section" });
    wrap.append(el("p", { class: "lpcl-h" }, title));
    if (typeof content === "string") {
      wrap.append(el("p", { class: "lpcl-text" }, content));
    } else {
      const ul = el("ul", { class: "lpcl-items" });
      for (const item of content) ul.append(el("li", {}, item));
      wrap.append(ul);
    }
    return wrap;
  }

  function bar(side, score, max) {
    const row = el("div", { class: `lpcl-bar lpcl-bar-${side}` });
    row.append(el("span", { class: "lpcl-bar-label" }, `${texts[`${side}_short`] || side}: ${score}`));
    const track = el("span", { class: "lpcl-track", "aria-hidden": "true" });
    const fill = el("span", { class: "lpcl-fill" });
    fill.style.width = `${max ? Math.round((100 * score) / max) : 0}%`;
    track.append(fill);
    row.append(track);
    return row;
  }

  function show(result, error) {
    mini.textContent = error
      ? `✗ ${error}`
      : `${texts.answer_heading || "More likely"}: ${texts[result.kind] || result.kind} ${texts.see_below || ""}`;
    alert.hidden = !error;
    alert.textContent = "";
    if (error) {
      alert.append(el("p", { class: "lpcl-alert-title" }, `✗ ${error}`),
        el("p", { class: "lpcl-alert-hint" }, texts.contradiction_hint || ""));
      panel.dataset.kind = "contradiction";
      panel.className = "lpcl-result lpcl-kind-contradiction";
      answer.textContent = "";
      details.textContent = "";
      return;
    }
    panel.dataset.kind = result.kind;
    panel.className = `lpcl-result lpcl-kind-${result.kind}`;
    answer.textContent = "";
    answer.append(el("span", { class: "lpcl-h-inline" }, `${texts.answer_heading || "More likely"}: `),
      el("strong", { class: "lpcl-kind" }, texts[result.kind] || result.kind));
    if (!result.features.length) answer.append(el("span", { class: "lpcl-none" }, ` ${texts.none_ticked || ""}`));
    details.textContent = "";
    if (result.rule) {
      const rule = el("div", { class: "lpcl-rule" });
      rule.append(el("p", { class: "lpcl-h" }, texts.rule_heading || "The deciding test"),
        el("p", { class: "lpcl-text" }, result.rule));
      details.append(rule);
    }
    const scores = el("div", { class: "lpcl-scores" });
    const max = Math.max(result.vascular_score, result.neurogenic_score, 1);
    scores.append(el("p", { class: "lpcl-confidence" },
      `${texts.confidence || "Confidence"}: ${result.confidence} (${texts.scores || "scores"} ` +
      `${result.vascular_score} vs ${result.neurogenic_score}, margin ${result.margin})`));
    scores.append(bar("vascular", result.vascular_score, max), bar("neurogenic", result.neurogenic_score, max));
    details.append(scores);
    if (result.reasons.length) details.append(section(texts.reasons_heading || "Why", result.reasons));
    details.append(section(texts.checks_heading || "Bedside checks",
      result.bedside_checks.length ? result.bedside_checks : texts.no_checks || ""));
    details.append(section(texts.note_heading || "Caveat", result.note));
    const sources = result.sources.map((key) => labels[key] || key).join("; ");
    details.append(el("p", { class: "lpcl-sources" }, `${texts.sources_heading || "Sources"}: ${sources}`));
  }

  function selected() {
    return inputs.filter((input) => input.checked).map((input) => input.value);
  }

  function update(features, sync) {
    const result = claudication(table, features);
    if (result.error) {
      show(null, result.error);
      return;
    }
    show(result, null);
    if (sync) {
      model.set("features", result.features);
      model.save_changes();
    }
  }

  function fromModel() {
    const features = canonicalFeatures(table, model.get("features"));
    for (const input of inputs) input.checked = features.includes(input.value);
    update(features, false);
  }

  for (const input of inputs) input.addEventListener("change", () => update(selected(), true));
  clear.addEventListener("click", () => {
    for (const input of inputs) input.checked = false;
    update([], true);
    if (inputs[0]) inputs[0].focus();
  });
  const onModel = () => fromModel();
  model.on("change:features", onModel);
  fromModel();
  root.append(box);
  return () => {
    model.off("change:features", onModel);
    box.remove();
  };
}

export default guarded(render, "The claudication comparer");
