// Red-flag triage. The rules arrive in the model's `data.table` (legpain.triage_table(), the
// course's cited data); `triage()` (_shared/reasoning.js) evaluates them exactly as Python's
// legpain.triage() does, so the widget works in the static book without a kernel. No clinical text is written here.
// Plain ES module: no imports, no network, no console output.

function render({ model, el: root }) {
  const data = model.get("data");
  if (!data || !data.table || !Array.isArray(data.signs)) {
    throw new Error("The triage rules are missing from this widget's saved state.");
  }
  const uid = uniqueId("lpt");
  const texts = data.texts || {};
  const labels = data.source_labels || {};
  const levelLabel = {};
  // "Emergency (now)", "Urgent (today)": the one wording of each level, from the data
  for (const level of data.table.levels) {
    levelLabel[level.id] = level.timing ? `${level.label} (${level.timing})` : level.label;
  }
  const isStatic = model.legpainStatic === true;

  const box = el("section", { class: "lpt", "aria-label": texts.title || "Red-flag triage" });
  const header = el("div", { class: "lpt-header" });
  header.append(el("p", { class: "lpt-title" }, texts.title || "Red-flag triage"));
  header.append(el("p", { class: "lpt-edu" }, texts.educational || ""));
  box.append(header);

  const body = el("div", { class: "lpt-body" });
  const form = el("fieldset", { class: "lpt-signs" });
  form.append(el("legend", { class: "lpt-legend" }, texts.signs_legend || "Warning signs"));
  form.append(el("p", { class: "lpt-instructions" }, texts.instructions || ""));
  const inputs = [];
  const byName = {};
  for (const sign of data.signs) byName[sign.name] = sign;
  function signItem(sign) {
    const id = `${uid}-sign-${inputs.length}`;
    const item = el("li", { class: "lpt-sign" });
    const input = el("input", { type: "checkbox", id, value: sign.name, "aria-describedby": `${id}-desc` });
    const label = el("label", { for: id, class: "lpt-sign-name" }, sign.name);
    const desc = el("span", { id: `${id}-desc`, class: "lpt-desc" }, sign.description);
    item.append(input, label, desc);
    inputs.push(input);
    return item;
  }
  // Signs grouped as the data says (cauda equina, nerves, infection, ...); any sign the groups
  // miss is still shown, at the end, so a bad group list can never hide a red flag.
  const groups = Array.isArray(data.table.groups) ? data.table.groups : [];
  const shown = new Set();
  for (const group of groups) {
    if (!group || !Array.isArray(group.signs)) continue;
    const signs = group.signs.filter((name) => byName[name] && !shown.has(name));
    if (!signs.length) continue;
    const box = el("fieldset", { class: "lpt-group" });
    box.append(el("legend", { class: "lpt-group-legend" }, String(group.label || "")));
    const list = el("ul", { class: "lpt-list" });
    for (const name of signs) {
      shown.add(name);
      list.append(signItem(byName[name]));
    }
    box.append(list);
    form.append(box);
  }
  const rest = data.signs.filter((sign) => !shown.has(sign.name));
  if (rest.length) {
    const list = el("ul", { class: "lpt-list" });
    for (const sign of rest) list.append(signItem(sign));
    form.append(list);
  }
  // On narrow screens the answer sits below this long list: repeat the level here, in words.
  const mini = el("p", { class: "lpt-mini", "aria-hidden": "true" });
  form.append(mini);
  const clear = el("button", { type: "button", class: "lpt-clear" }, texts.clear || "Clear all");
  form.append(clear);

  // the answer may scroll inside itself on a wide screen: reachable and named for the keyboard
  const panel = el("div", { class: "lpt-result", tabindex: "0", role: "region",
                            "aria-label": texts.result_label || "Triage result" });
  const summary = el("p", { class: "lpt-summary", role: "status", "aria-live": "polite" });
  const banner = el("div", { class: "lpt-banner", role: "alert" });
  const details = el("div", { class: "lpt-details" });
  panel.append(banner, summary, details);
  body.append(form, panel);
  box.append(body);

  const link = el("a", {
    class: "lpt-link",
    href: isStatic ? texts.red_flags_book || "#" : texts.red_flags_lab || "#",
  }, texts.red_flags_text || "Red flags");
  const footer = el("p", { class: "lpt-footer" });
  footer.append(link);
  box.append(footer);

  function section(title, items, ordered) {
    const wrap = el("div", { class: "lpt-section" });
    wrap.append(el("p", { class: "lpt-h" }, title));
    if (typeof items === "string") {
      wrap.append(el("p", { class: "lpt-text" }, items));
    } else {
      const ul = el(ordered ? "ol" : "ul", { class: "lpt-items" });
      for (const item of items) ul.append(el("li", {}, item));
      wrap.append(ul);
    }
    return wrap;
  }

  function show(result) {
    const level = TRIAGE_LEVELS.includes(result.level) ? result.level : "routine";
    panel.className = `lpt-result lpt-level-${level}`;
    panel.dataset.level = level;
    const label = levelLabel[level] || level;
    const emergency = level === "emergency";
    banner.hidden = !emergency;
    banner.textContent = "";
    if (emergency) {
      const strong = el("p", { class: "lpt-banner-title" });
      strong.append(el("span", { class: "lpt-icon", "aria-hidden": "true" }, "⚠ "),
        `${(texts.emergency_banner || "Seek emergency care now").toUpperCase()}`);
      banner.append(strong, el("p", { class: "lpt-banner-action" }, result.action));
    }
    mini.textContent = `${texts.level_heading || "Triage level"}: ${label.toUpperCase()}` +
      (emergency ? ` (${texts.emergency_banner || "Seek emergency care now"})` : "") +
      ` ${texts.see_below || ""}`;
    mini.className = `lpt-mini lpt-mini-${level}`;
    summary.textContent = "";
    summary.append(el("span", { class: "lpt-h-inline" }, `${texts.level_heading || "Triage level"}: `));
    const badge = el("span", { class: `lpt-badge lpt-badge-${level}` });
    const symbol = { emergency: "⚠", urgent: "!", routine: "○" }[level];
    badge.append(el("span", { "aria-hidden": "true" }, `${symbol} `), label.toUpperCase());
    summary.append(badge);
    if (!result.signs.length) summary.append(el("span", { class: "lpt-none" }, ` ${texts.none_ticked || ""}`));

    details.textContent = "";
    if (!emergency) details.append(section(texts.action_heading || "What to do", result.action));
    if (result.conditions.length) {
      details.append(section(texts.conditions_heading || "What it could be", result.conditions));
    }
    details.append(section(texts.reasons_heading || "Why", result.reasons));
    const sources = result.sources.map((key) => labels[key] || key).join("; ");
    details.append(el("p", { class: "lpt-sources" }, `${texts.sources_heading || "Sources"}: ${sources}`));
  }

  function selected() {
    return inputs.filter((input) => input.checked).map((input) => input.value);
  }

  function fromModel() {
    const signs = canonicalSigns(data.table, model.get("signs"));
    for (const input of inputs) input.checked = signs.includes(input.value);
    show(triage(data.table, signs));
  }

  function onChange() {
    const signs = selected();
    show(triage(data.table, signs));
    model.set("signs", signs);
    model.save_changes();
  }

  for (const input of inputs) input.addEventListener("change", onChange);
  clear.addEventListener("click", () => {
    for (const input of inputs) input.checked = false;
    onChange();
    if (inputs[0]) inputs[0].focus();
  });
  const onModel = () => fromModel();
  model.on("change:signs", onModel);
  fromModel();
  root.append(box);
  return () => {
    model.off("change:signs", onModel);
    box.remove();
  };
}

export default guarded(render, "The red-flag triage");
