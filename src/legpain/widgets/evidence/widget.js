// Evidence explorer: the findings of trials and reviews for one condition, as a forest-style chart.
// All data (rows, scale groups, axes, readings, guidelines, sources) arrive in the `data` trait,
// computed in Python from the course's knowledge base; this file only filters and draws.
// Every box has the same orientation: a result favouring the treatment is right of "no effect".
// Python ships each row's drawn values (`plot`: sign flipped where lower is better) and marks a
// ratio axis where lower is better as `reversed` (it runs from high to low).

const VIEW_W = 320;
const VIEW_H = 30;
const PAD = 16;
const SVG_NS = "http://www.w3.org/2000/svg";

/** Rows whose certainty and direction are both ticked (same rule as Python's filter_rows). */
export function filterRows(rows, certainties, directions) {
  if (!Array.isArray(rows)) return [];
  const certain = new Set(Array.isArray(certainties) ? certainties : []);
  const direct = new Set(Array.isArray(directions) ? directions : []);
  return rows.filter((r) => r && certain.has(r.certainty) && direct.has(r.direction));
}

/** x position (in viewBox units) of a drawn value on a group's axis; log scale for ratios,
 * mirrored when the axis is reversed (same rule as Python's axis_position). */
export function scaleX(axis, value) {
  const f = axis.log ? Math.log : (v) => v;
  const lo = f(axis.min);
  const hi = f(axis.max);
  const v = Math.min(Math.max(value, axis.min), axis.max);
  if (!(hi > lo)) return VIEW_W / 2;
  const share = (f(v) - lo) / (hi - lo);
  return PAD + (axis.reversed ? 1 - share : share) * (VIEW_W - 2 * PAD);
}

// Colours are palette variables (var(--lp-...)), so paint goes in the style, where var() always works.
const PAINT = new Set(["fill", "stroke"]);

function paintSvg(tag, attrs = {}) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (PAINT.has(key) && value !== "none") node.style.setProperty(key, String(value));
    else node.setAttribute(key, String(value));
  }
  return node;
}

function fmt(value) {
  if (typeof value !== "number" || !Number.isFinite(value)) return "";
  return String(Number(value.toPrecision(6))).replace("-", "−");
}

/** A certainty marker (shape carries the meaning; colour is the direction). */
function marker(shape, x, y, size, colour) {
  const s = size;
  const stroke = { stroke: "var(--lp-ink)", "stroke-width": 1.2 };
  switch (shape) {
    case "square":
      return paintSvg("rect", { x: x - s, y: y - s, width: 2 * s, height: 2 * s, fill: colour, ...stroke });
    case "diamond":
      return paintSvg("polygon", {
        points: `${x},${y - s * 1.3} ${x + s * 1.3},${y} ${x},${y + s * 1.3} ${x - s * 1.3},${y}`,
        fill: colour, ...stroke,
      });
    case "triangle":
      return paintSvg("polygon", {
        points: `${x},${y - s * 1.2} ${x + s * 1.2},${y + s} ${x - s * 1.2},${y + s}`, fill: colour, ...stroke,
      });
    case "circle-open":
      return paintSvg("circle", { cx: x, cy: y, r: s, fill: "var(--lp-bg)", stroke: colour, "stroke-width": 2.6 });
    default: {
      const g = paintSvg("g", { stroke: colour, "stroke-width": 3, "stroke-linecap": "round" });
      g.append(paintSvg("line", { x1: x - s, y1: y - s, x2: x + s, y2: y + s }));
      g.append(paintSvg("line", { x1: x - s, y1: y + s, x2: x + s, y2: y - s }));
      return g;
    }
  }
}

function markerIcon(shape, colour) {
  const icon = paintSvg("svg", { viewBox: "0 0 20 20", width: 16, height: 16, class: "lpev-icon", "aria-hidden": "true" });
  icon.append(marker(shape, 10, 10, 6, colour));
  return icon;
}

function render({ model, el: root }) {
  const data = model.get("data");
  if (!data || !Array.isArray(data.conditions) || data.conditions.length === 0) {
    throw new Error("The evidence explorer has no data.");
  }
  // JupyterLab loads a fresh copy of this module per widget, so the counter alone is not unique
  const uid = uniqueId("lpev");
  const texts = data.texts || {};
  const certaintyInfo = Object.fromEntries((data.certainties || []).map((c) => [c.id, c]));
  const directionInfo = Object.fromEntries((data.directions || []).map((d) => [d.id, d]));
  const sources = data.sources || {};

  const conditionIds = data.conditions.map((c) => c.id);
  const validList = (value, valid) =>
    Array.isArray(value) ? valid.filter((v) => value.includes(v)) : valid.slice();
  const state = {};
  function readState() {
    const c = model.get("condition");
    state.condition = conditionIds.includes(c) ? c : conditionIds[0];
    state.certainties = validList(model.get("certainties"), Object.keys(certaintyInfo));
    state.directions = validList(model.get("directions"), Object.keys(directionInfo));
    const s = model.get("selected");
    state.selected = typeof s === "string" ? s : "";
  }
  readState();

  function push(name, value) {
    model.set(name, value);
    model.save_changes();
  }

  const box = el("section", { class: "lpev", "aria-label": texts.title || "Evidence explorer" });
  box.append(el("p", { class: "lpev-title" }, texts.title || "Evidence explorer"));
  box.append(el("p", { class: "lpev-intro" }, texts.intro || ""));

  // ---- controls
  const controls = el("div", { class: "lpev-controls" });
  const selectId = `${uid}-condition`;
  const selectWrap = el("div", { class: "lpev-select" });
  selectWrap.append(el("label", { for: selectId }, "Condition"));
  const select = el("select", { id: selectId });
  data.conditions.forEach((c) => select.append(el("option", { value: c.id }, c.name)));
  selectWrap.append(select);
  controls.append(selectWrap);

  function checkboxGroup(legend, items, kind, iconFor) {
    const set = el("fieldset", { class: `lpev-filter lpev-filter-${kind}` });
    set.append(el("legend", {}, legend));
    const inputs = {};
    items.forEach((item) => {
      const id = `${uid}-${kind}-${item.id}`;
      const wrap = el("span", { class: "lpev-check" });
      const input = el("input", { type: "checkbox", id, value: item.id });
      const label = el("label", { for: id });
      label.append(iconFor(item), document.createTextNode(item.label));
      if (item.meaning) label.title = item.meaning;
      wrap.append(input, label);
      set.append(wrap);
      inputs[item.id] = input;
      input.addEventListener("change", () => {
        const ticked = items.map((i) => i.id).filter((i) => inputs[i].checked);
        state[kind] = ticked;
        push(kind, ticked);
        drawChart();
      });
    });
    return { set, inputs };
  }
  const certaintyBoxes = checkboxGroup("Certainty of evidence (marker shape)", data.certainties, "certainties",
    (c) => markerIcon(c.marker, "var(--lp-text-muted)"));
  const directionBoxes = checkboxGroup("What the finding showed (colour)", data.directions, "directions", (d) => {
    const swatch = el("span", { class: "lpev-swatch", "aria-hidden": "true" }, d.symbol);
    swatch.style.background = d.colour;
    return swatch;
  });
  controls.append(certaintyBoxes.set, directionBoxes.set);
  box.append(controls);

  const key = el("p", { class: "lpev-key" });
  const keySvg = paintSvg("svg", { viewBox: "0 0 60 20", width: 48, height: 16, "aria-hidden": "true", class: "lpev-icon" });
  keySvg.append(paintSvg("line", { x1: 30, y1: 0, x2: 30, y2: 20, stroke: "var(--lp-text-muted)", "stroke-dasharray": "3 2" }));
  keySvg.append(paintSvg("line", { x1: 6, y1: 10, x2: 54, y2: 10, stroke: "var(--lp-text-muted)", "stroke-width": 2.5 }));
  key.append(keySvg, el("span", {},
    "Line = 95% confidence interval; marker = best estimate; dashed line = no effect. " + (texts.scale_note || "")));
  box.append(key);
  if (texts.orientation) box.append(el("p", { class: "lpev-key lpev-orientation" }, texts.orientation));

  const status = el("p", { class: "lpev-status", role: "status", "aria-live": "polite" });
  box.append(status);
  const chart = el("div", { class: "lpev-chart" });
  box.append(chart);
  box.append(el("p", { class: "lpev-caveat" }, texts.caveat || ""));
  root.append(box);

  // ---- rows and details
  const rowButtons = {};

  function sourceList(keys) {
    return (keys || []).map((k) => (sources[k] ? sources[k].label : k)).join("; ");
  }

  function detailsFor(row, cond) {
    const info = (cond.interventions || {})[row.intervention] || {};
    const d = el("div", { class: "lpev-details", id: `${uid}-d-${row.id.replace(/[^a-z0-9]/gi, "-")}` });
    const add = (title, body) => {
      d.append(el("h4", {}, title));
      if (typeof body === "string") d.append(el("p", {}, body));
      else d.append(body);
    };
    add("What was found", row.effect || "");
    if (row.reading) {
      add("Reading the numbers", row.reading);
      d.append(el("p", { class: "lpev-small" },
        `Scale: ${row.units}. Follow-up: ${row.follow_up}.`));
    }
    const cert = certaintyInfo[row.certainty] || {};
    add("How sure", `Certainty: ${cert.label || row.certainty} — ${cert.meaning || ""}.` +
      (row.certainty_note ? ` ${row.certainty_note}` : ""));
    if (Array.isArray(info.guideline) && info.guideline.length) {
      const list = el("ul", {});
      info.guideline.forEach((g) => {
        const li = el("li", {});
        li.append(el("strong", {}, `${g.position_text}: `), document.createTextNode(
          `${g.statement} (${sourceList(g.sources)})`));
        list.append(li);
      });
      add(`Guidelines for ${cond.name}`, list);
    } else {
      add(`Guidelines for ${cond.name}`, texts.no_guideline || "");
    }
    if (info.harms) add("Harms", info.harms);
    if (Array.isArray(info.claims) && info.claims.length) {
      const list = el("ul", {});
      info.claims.forEach((c) => {
        const li = el("li", {});
        li.append(el("strong", {}, `Verdict: ${String(c.verdict)}. `),
          document.createTextNode(`${c.claim} — ${c.correction}`));
        list.append(li);
      });
      add("What the source article says", list);
    }
    const refs = el("ul", { class: "lpev-refs" });
    (row.sources || []).forEach((k) => {
      const s = sources[k];
      const li = el("li", {});
      if (!s) {
        li.textContent = k;
      } else {
        li.append(el("strong", {}, s.label), document.createTextNode(`. ${s.title}. ${s.where}${s.where ? "." : ""} `));
        if (s.doi) {
          const a = el("a", { href: `https://doi.org/${s.doi}`, rel: "noopener noreferrer", target: "_blank" }, `doi:${s.doi}`);
          li.append(a);
        }
      }
      refs.append(li);
    });
    add("Sources", refs);
    d.hidden = true;
    return d;
  }

  function tags(row) {
    const wrap = el("span", { class: "lpev-tags" });
    const dir = directionInfo[row.direction] || { label: row.direction, colour: "var(--lp-ink)", symbol: "" };
    const dirTag = el("span", { class: `lpev-tag lpev-dir lpev-dir-${row.direction}` });
    const sw = el("span", { class: "lpev-swatch", "aria-hidden": "true" }, dir.symbol);
    sw.style.background = dir.colour;
    dirTag.append(sw, document.createTextNode(dir.label));
    const cert = certaintyInfo[row.certainty] || { label: row.certainty, marker: "cross" };
    const certTag = el("span", { class: "lpev-tag lpev-cert" });
    certTag.append(markerIcon(cert.marker, dir.colour), document.createTextNode(`Certainty: ${cert.label}`));
    wrap.append(dirTag, certTag);
    if (row.badge) {
      const stance = row.source_article === "advises_against" ? "against" : "for";
      wrap.append(el("span", { class: `lpev-tag lpev-badge lpev-badge-${stance}` }, row.badge));
    }
    return wrap;
  }

  function plot(row, axis) {
    const dir = directionInfo[row.direction] || { colour: "var(--lp-ink)" };
    const cert = certaintyInfo[row.certainty] || { marker: "cross" };
    const p = paintSvg("svg", { viewBox: `0 0 ${VIEW_W} ${VIEW_H}`, class: "lpev-plot", "aria-hidden": "true", focusable: "false" });
    const drawn = row.plot && typeof row.plot === "object" ? row.plot : row;
    const x0 = scaleX(axis, axis.no_effect);
    p.append(paintSvg("line", { x1: x0, y1: 0, x2: x0, y2: VIEW_H, stroke: "var(--lp-text-muted)", "stroke-dasharray": "4 3", "stroke-width": 1.2, class: "lpev-null" }));
    const xl = scaleX(axis, drawn.low);
    const xh = scaleX(axis, drawn.high);
    p.append(paintSvg("line", { x1: xl, y1: VIEW_H / 2, x2: xh, y2: VIEW_H / 2, stroke: dir.colour, "stroke-width": 3.5, class: "lpev-ci" }));
    [xl, xh].forEach((x) => p.append(paintSvg("line", { x1: x, y1: VIEW_H / 2 - 5, x2: x, y2: VIEW_H / 2 + 5, stroke: dir.colour, "stroke-width": 2.5 })));
    const est = marker(cert.marker, scaleX(axis, drawn.estimate), VIEW_H / 2, 6, dir.colour);
    est.setAttribute("class", "lpev-est");
    p.append(est);
    return p;
  }

  function rowItem(row, cond, axis) {
    const li = el("li", { class: "lpev-item" });
    const details = detailsFor(row, cond);
    const button = el("button", {
      type: "button", class: `lpev-row${axis ? "" : " lpev-row-text"}`, "aria-expanded": "false",
      "aria-controls": details.id, "data-row": row.id,
    });
    const label = el("span", { class: "lpev-label" });
    label.append(el("span", { class: "lpev-name" }, row.name));
    if (axis) {
      const comp = el("span", { class: "lpev-comp" });
      comp.append(el("strong", {}, row.treatment || ""), document.createTextNode(` vs ${row.comparator || ""}`));
      label.append(comp);
      label.append(el("span", { class: "lpev-nums" },
        `${row.measure} ${fmt(row.estimate)} (95% CI ${fmt(row.low)} to ${fmt(row.high)}) · ${row.follow_up}`));
    } else {
      label.append(el("span", { class: "lpev-effect" }, row.effect));
    }
    label.append(tags(row));
    label.append(el("span", { class: "lpev-src" }, `Source: ${sourceList(row.sources)}`));
    button.append(label);
    if (axis) button.append(plot(row, axis));
    button.append(el("span", { class: "lpev-more", "aria-hidden": "true" }, "details ▾"));
    button.addEventListener("click", () => {
      const open = button.getAttribute("aria-expanded") !== "true";
      state.selected = open ? row.id : "";
      push("selected", state.selected);
      syncSelected();
    });
    li.append(button, details);
    rowButtons[row.id] = { button, details };
    return li;
  }

  function axisRow(group) {
    const wrap = el("div", { class: "lpev-axisrow", "aria-hidden": "true" });
    wrap.append(el("span", { class: "lpev-axis-spacer" }));
    const right = el("div", { class: "lpev-axiscol" });
    const a = paintSvg("svg", { viewBox: `0 0 ${VIEW_W} 22`, class: "lpev-axis", focusable: "false" });
    a.append(paintSvg("line", { x1: PAD, y1: 2, x2: VIEW_W - PAD, y2: 2, stroke: "var(--lp-text-muted)" }));
    (group.axis.ticks || []).forEach((t) => {
      const x = scaleX(group.axis, t);
      a.append(paintSvg("line", { x1: x, y1: 2, x2: x, y2: 7, stroke: "var(--lp-text-muted)" }));
      const label = paintSvg("text", { x, y: 19, "text-anchor": "middle", class: "lpev-tick" });
      label.textContent = fmt(t);
      a.append(label);
    });
    right.append(a);
    const sides = el("div", { class: "lpev-sides" });
    sides.append(el("span", { class: "lpev-side-left" }, `◀\u00a0${group.left_label}`),
      el("span", { class: "lpev-side-right" }, `${group.right_label}\u00a0▶`));
    right.append(sides);
    wrap.append(right);
    return wrap;
  }

  function syncSelected() {
    for (const [id, { button, details }] of Object.entries(rowButtons)) {
      const open = id === state.selected;
      button.setAttribute("aria-expanded", open ? "true" : "false");
      details.hidden = !open;
      const more = button.querySelector(".lpev-more");
      if (more) more.textContent = open ? "hide ▴" : "details ▾";
    }
  }

  function drawChart() {
    const cond = data.conditions.find((c) => c.id === state.condition) || data.conditions[0];
    select.value = cond.id;
    Object.entries(certaintyBoxes.inputs).forEach(([id, input]) => { input.checked = state.certainties.includes(id); });
    Object.entries(directionBoxes.inputs).forEach(([id, input]) => { input.checked = state.directions.includes(id); });
    for (const k of Object.keys(rowButtons)) delete rowButtons[k];
    chart.replaceChildren();
    const rows = Array.isArray(cond.rows) ? cond.rows : [];
    const byId = Object.fromEntries(rows.map((r) => [r.id, r]));
    const visible = new Set(filterRows(rows, state.certainties, state.directions).map((r) => r.id));
    status.textContent = `Showing ${visible.size} of ${rows.length} findings for ${cond.name}.`;
    if (cond.description) chart.append(el("p", { class: "lpev-cond" }, `${cond.name}: ${cond.description}.`));
    let shown = 0;
    (cond.groups || []).forEach((group, index) => {
      const members = (group.rows || []).filter((id) => visible.has(id) && byId[id]);
      if (!members.length || !group.axis) return;
      const headingId = `${uid}-g${index}`;
      const section = el("section", { class: "lpev-group", "aria-labelledby": headingId });
      section.append(el("h3", { id: headingId, class: "lpev-group-title" }, `Scale: ${group.title}`));
      const list = el("ul", { class: "lpev-rows" });
      members.forEach((id) => list.append(rowItem(byId[id], cond, group.axis)));
      section.append(list, axisRow(group));
      // said in words too (the drawn axis is hidden from screen readers)
      if (group.axis_note) section.append(el("p", { class: "lpev-axis-note" }, group.axis_note));
      chart.append(section);
      shown += members.length;
    });
    const textIds = (cond.text_rows || []).filter((id) => visible.has(id) && byId[id]);
    if (textIds.length) {
      const headingId = `${uid}-gt`;
      const section = el("section", { class: "lpev-group lpev-group-text", "aria-labelledby": headingId });
      section.append(el("h3", { id: headingId, class: "lpev-group-title" }, texts.text_group || "Findings in words"));
      section.append(el("p", { class: "lpev-small" }, texts.text_group_note || ""));
      const list = el("ul", { class: "lpev-rows" });
      textIds.forEach((id) => list.append(rowItem(byId[id], cond)));
      section.append(list);
      chart.append(section);
      shown += textIds.length;
    }
    if (!shown) chart.append(el("p", { class: "lpev-empty" }, texts.no_rows || "No findings match."));
    syncSelected();
  }

  select.addEventListener("change", () => {
    state.condition = select.value;
    state.selected = "";
    push("condition", state.condition);
    push("selected", "");
    drawChart();
  });

  const onModel = () => {
    readState();
    drawChart();
  };
  model.on("change:condition", onModel);
  model.on("change:certainties", onModel);
  model.on("change:directions", onModel);
  const onSelected = () => { readState(); syncSelected(); };
  model.on("change:selected", onSelected);

  drawChart();
  return () => {
    model.off("change:condition", onModel);
    model.off("change:certainties", onModel);
    model.off("change:directions", onModel);
    model.off("change:selected", onSelected);
    box.remove();
  };
}

export default guarded(render, "The evidence explorer");
