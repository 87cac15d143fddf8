// Compression model: pressure, onset and duration sliders -> curves of venous flow, nutrition and
// conduction with the measured thresholds marked, and the root's state in plain words.
// Every number comes from the `model_data` trait (computed in Python from the course's data);
// this file only looks values up and draws them.

const SVG_NS = "http://www.w3.org/2000/svg";
// Two chart geometries (viewBox units): the wide one, and a narrower one for a chart drawn less
// than NARROW_BELOW CSS px wide (a phone), so its text is never shrunk below a readable size; there
// the numbered threshold badges stand in two staggered rows, as the marks at 30, 40 and 50 mm Hg
// are close together.
const WIDE = { W: 560, H: 300, PLOT: { left: 68, right: 544, top: 38, bottom: 246 }, rows: 1, badge: 10.5 };
const NARROW = { W: 340, H: 316, PLOT: { left: 60, right: 320, top: 62, bottom: 262 }, rows: 2, badge: 11.5 };
const NARROW_BELOW = 480;
const CURVES = [
  { key: "venous_flow", name: "Venous outflow", cls: "lpcm-venous", marker: "circle" },
  { key: "nutrition", name: "Nutrition", cls: "lpcm-nutrition", marker: "square" },
  { key: "conduction", name: "Nerve conduction", cls: "lpcm-conduction", marker: "diamond" },
];

function validData(data) {
  return data && Array.isArray(data.pressures) && data.pressures.length > 1 && data.grid &&
    Array.isArray(data.durations) && Array.isArray(data.onsets) && Array.isArray(data.states);
}

/** The settings made safe: a pressure on the grid, a known onset, an offered duration. */
export function clean(data, pressure, onset, minutes) {
  const ps = data.pressures;
  let p = Number(pressure);
  if (!Number.isFinite(p)) p = ps[Math.min(20, ps.length - 1)];
  p = Math.min(ps[ps.length - 1], Math.max(ps[0], Math.round(p)));
  const o = data.onsets.includes(onset) ? onset : (data.onsets.includes("slow") ? "slow" : data.onsets[0]);
  let m = Number(minutes);
  if (!data.durations.includes(m)) {
    m = data.durations.includes(120) ? 120 : data.durations[data.durations.length - 1];
  }
  return { pressure: p, onset: o, minutes: m };
}

/** The root's state at the given settings, looked up in the precomputed grid. */
export function lookup(data, pressure, onset, minutes) {
  const s = clean(data, pressure, onset, minutes);
  const i = data.pressures.indexOf(s.pressure);
  const row = data.grid[s.onset][data.durations.indexOf(s.minutes)];
  const level = row.level[i];
  const swollen = row.oedema[i] === 1;
  const text = data.states[level] || data.states[0];
  return {
    pressure_mmhg: s.pressure,
    onset: s.onset,
    minutes: s.minutes,
    venous_flow: data.venous_flow[i],
    nutrition: data.nutrition[i],
    conduction: row.conduction[i],
    oedema: swollen,
    symptoms: data.symptoms.slice(0, row.symptoms[i]),
    level,
    state: text.state,
    explanation: swollen ? `${text.explanation} ${data.oedema_note}` : text.explanation,
  };
}

const x = (g, data, p) => g.PLOT.left + (p / data.pressures[data.pressures.length - 1]) * (g.PLOT.right - g.PLOT.left);
const y = (g, v) => g.PLOT.bottom - v * (g.PLOT.bottom - g.PLOT.top);
const pct = (v) => `${Math.round(v * 100)}%`;

function markerShape(kind, cx, cy, cls) {
  if (kind === "square") return svg("rect", { x: cx - 5, y: cy - 5, width: 10, height: 10, class: `lpcm-dot ${cls}` });
  if (kind === "diamond") {
    return svg("polygon", { points: `${cx},${cy - 7} ${cx + 7},${cy} ${cx},${cy + 7} ${cx - 7},${cy}`, class: `lpcm-dot ${cls}` });
  }
  return svg("circle", { cx, cy, r: 5.5, class: `lpcm-dot ${cls}` });
}

function legendSwatch(curve) {
  const s = svg("svg", { width: 36, height: 14, viewBox: "0 0 36 14", "aria-hidden": "true", class: "lpcm-swatch" });
  s.append(svg("line", { x1: 1, y1: 7, x2: 35, y2: 7, class: `lpcm-line ${curve.cls}` }));
  s.append(markerShape(curve.marker, 18, 7, curve.cls));
  return s;
}

function drawAxes(chart, data, g) {
  const { W, H, PLOT } = g;
  const axes = svg("g", { class: "lpcm-axes", "aria-hidden": "true" });
  [0, 0.5, 1].forEach((v) => {
    axes.append(svg("line", { x1: PLOT.left, x2: PLOT.right, y1: y(g, v), y2: y(g, v), class: "lpcm-grid" }));
    axes.append(svg("text", { x: PLOT.left - 6, y: y(g, v) + 4, class: "lpcm-tick", "text-anchor": "end" }, pct(v)));
  });
  const maxP = data.pressures[data.pressures.length - 1];
  for (let p = 0; p <= maxP; p += 50) {
    axes.append(svg("text", { x: x(g, data, p), y: PLOT.bottom + 16, class: "lpcm-tick", "text-anchor": "middle" }, String(p)));
  }
  axes.append(svg("line", { x1: PLOT.left, x2: PLOT.right, y1: PLOT.bottom, y2: PLOT.bottom, class: "lpcm-axis" }));
  axes.append(svg("line", { x1: PLOT.left, x2: PLOT.left, y1: PLOT.top, y2: PLOT.bottom, class: "lpcm-axis" }));
  axes.append(svg("text", { x: (PLOT.left + PLOT.right) / 2, y: H - 8, class: "lpcm-axis-label", "text-anchor": "middle" },
    W < WIDE.W ? "Pressure on the root (mm Hg)" : "Pressure on the nerve root (mm Hg)"));
  axes.append(svg("text", { x: 14, y: (PLOT.top + PLOT.bottom) / 2, class: "lpcm-axis-label", "text-anchor": "middle",
    transform: `rotate(-90 14 ${(PLOT.top + PLOT.bottom) / 2})` }, "% of normal"));
  chart.append(axes);
}

function drawThresholds(chart, data, g) {
  const { PLOT } = g;
  const group = svg("g", { class: "lpcm-thresholds" });
  (data.thresholds || []).forEach((t, index) => {
    const tx = x(g, data, t.pressure);
    const cy = PLOT.top - 18 - (index % g.rows) * 2.3 * g.badge;
    const mark = svg("g", { class: "lpcm-threshold" });
    mark.append(svg("title", {}, `${index + 1}: ${t.name}, ${t.label}`));
    mark.append(svg("line", { x1: tx, x2: tx, y1: cy + g.badge, y2: PLOT.bottom, class: "lpcm-threshold-line" }));
    mark.append(svg("circle", { cx: tx, cy, r: g.badge, class: "lpcm-threshold-badge" }));
    mark.append(svg("text", { x: tx, y: cy + 4.5, class: "lpcm-threshold-number", "text-anchor": "middle" },
      String(index + 1)));
    group.append(mark);
  });
  chart.append(group);
}

function polyline(g, data, values) {
  return data.pressures.map((p, i) => `${x(g, data, p).toFixed(1)},${y(g, values[i]).toFixed(1)}`).join(" ");
}

function render({ model, el: root }) {
  const data = model.get("model_data");
  if (!validData(data)) {
    throw new Error("The compression model has no data to show.");
  }
  const uid = uniqueId("lpcm-");
  const container = el("section", { class: "lpcm", "aria-label": "Nerve root compression model" });
  container.append(el("p", { class: "lpcm-title" }, "Squeeze a nerve root"));

  // ---- controls ----
  const controls = el("div", { class: "lpcm-controls" });
  const pWrap = el("div", { class: "lpcm-control" });
  const pLabel = el("label", { for: `${uid}-pressure` }, "Pressure on the root");
  const pInput = el("input", { type: "range", id: `${uid}-pressure`, min: String(data.pressures[0]),
    max: String(data.pressures[data.pressures.length - 1]), step: "1" });
  const pOut = el("output", { for: `${uid}-pressure`, class: "lpcm-value" });
  pWrap.append(pLabel, pInput, pOut);

  const oWrap = el("fieldset", { class: "lpcm-control lpcm-onset" });
  oWrap.append(el("legend", {}, "Onset of the squeeze"));
  const radios = {};
  data.onsets.forEach((onset) => {
    const id = `${uid}-onset-${onset}`;
    const item = el("div", { class: "lpcm-radio" });
    const input = el("input", { type: "radio", name: `${uid}-onset`, id, value: onset });
    item.append(input, el("label", { for: id }, (data.onset_names && data.onset_names[onset]) || onset));
    oWrap.append(item);
    radios[onset] = input;
  });

  const dWrap = el("div", { class: "lpcm-control" });
  const dLabel = el("label", { for: `${uid}-duration` }, "How long it lasts");
  const dInput = el("input", { type: "range", id: `${uid}-duration`, min: "0",
    max: String(data.durations.length - 1), step: "1" });
  const dOut = el("output", { for: `${uid}-duration`, class: "lpcm-value" });
  dWrap.append(dLabel, dInput, dOut);
  controls.append(pWrap, oWrap, dWrap);

  // ---- chart ----
  const body = el("div", { class: "lpcm-body" });
  const figure = el("figure", { class: "lpcm-figure" });
  const chart = svg("svg", { class: "lpcm-chart", role: "img",
    "aria-labelledby": `${uid}-chart-title`, preserveAspectRatio: "xMidYMid meet" });
  const chartTitle = svg("title", { id: `${uid}-chart-title` },
    "Venous outflow, nutrition and nerve conduction of a nerve root against the pressure on it, " +
    "with measured thresholds numbered; the list below the chart names each threshold.");
  const lines = {};
  let cursor = null;
  let dotLayer = null;
  let g = null;
  /** (Re)draw the chart's frame in the geometry that suits its width; update() adds the data. */
  function drawFrame(geometry) {
    g = geometry;
    chart.setAttribute("viewBox", `0 0 ${g.W} ${g.H}`);
    chart.classList.toggle("lpcm-chart-narrow", g === NARROW);
    chart.replaceChildren(chartTitle);
    drawAxes(chart, data, g);
    drawThresholds(chart, data, g);
    CURVES.forEach((curve) => {
      const line = svg("polyline", { class: `lpcm-line ${curve.cls}`, fill: "none" });
      chart.append(line);
      lines[curve.key] = line;
    });
    cursor = svg("line", { y1: g.PLOT.top, y2: g.PLOT.bottom, class: "lpcm-cursor" });
    dotLayer = svg("g");
    chart.append(cursor, dotLayer);
  }
  drawFrame(WIDE);
  figure.append(chart);

  const caption = el("div", { class: "lpcm-caption" });
  const legend = el("ul", { class: "lpcm-legend" });
  CURVES.forEach((curve) => {
    const item = el("li");
    item.append(legendSwatch(curve), document.createTextNode(curve.name));
    legend.append(item);
  });
  caption.append(legend);
  const marks = el("ol", { class: "lpcm-marks" });
  (data.thresholds || []).forEach((t) => {
    const item = el("li");
    item.append(el("strong", {}, `${t.label}: `), document.createTextNode(`${t.name}. `),
      el("span", { class: "lpcm-source" }, `(${t.sources})`));
    marks.append(item);
  });
  figure.append(caption);
  const marksBox = el("div", { class: "lpcm-marks-box" });
  marksBox.append(el("p", { class: "lpcm-marks-title" }, "Numbered marks: pressures measured in pig nerve roots"), marks);

  // ---- state panel ----
  const panel = el("div", { class: "lpcm-panel", role: "status", "aria-live": "polite", "aria-atomic": "true" });
  const stateLine = el("p", { class: "lpcm-state" });
  const explanation = el("p", { class: "lpcm-explanation" });
  const values = el("ul", { class: "lpcm-values" });
  const symptomsTitle = el("p", { class: "lpcm-symptoms-title" }, "Symptoms this root would cause:");
  const symptomList = el("ul", { class: "lpcm-symptoms" });
  panel.append(stateLine, explanation, values, symptomsTitle, symptomList);
  body.append(figure, panel);

  container.append(controls, body, marksBox, el("p", { class: "lpcm-caveat" }, data.caveat || ""));
  root.append(container);

  function current() {
    return clean(data, model.get("pressure"), model.get("onset"), model.get("minutes"));
  }

  function update() {
    const s = current();
    const info = lookup(data, s.pressure, s.onset, s.minutes);
    const dIndex = data.durations.indexOf(s.minutes);
    const dText = (data.duration_labels && data.duration_labels[dIndex]) || `${s.minutes} min`;
    pInput.value = String(s.pressure);
    pInput.setAttribute("aria-valuetext", `${s.pressure} mm Hg`);
    pOut.textContent = `${s.pressure} mm Hg`;
    dInput.value = String(dIndex);
    dInput.setAttribute("aria-valuetext", dText);
    dOut.textContent = dText;
    Object.entries(radios).forEach(([onset, input]) => { input.checked = onset === s.onset; });

    const row = data.grid[s.onset][dIndex];
    lines.venous_flow.setAttribute("points", polyline(g, data, data.venous_flow));
    lines.nutrition.setAttribute("points", polyline(g, data, data.nutrition));
    lines.conduction.setAttribute("points", polyline(g, data, row.conduction));
    const cx = x(g, data, s.pressure);
    cursor.setAttribute("x1", cx);
    cursor.setAttribute("x2", cx);
    dotLayer.replaceChildren(...CURVES.map((curve) => markerShape(curve.marker, cx, y(g, info[curve.key]), curve.cls)));

    container.dataset.level = String(info.level);
    stateLine.replaceChildren(document.createTextNode("State of the root: "),
      el("strong", { class: "lpcm-state-name" }, info.state));
    explanation.textContent = info.explanation;
    values.replaceChildren(
      el("li", {}, `Venous outflow: ${pct(info.venous_flow)} of normal`),
      el("li", {}, `Nutrition: ${pct(info.nutrition)} of normal`),
      el("li", {}, `Nerve conduction: ${pct(info.conduction)} of normal`),
      el("li", {}, `Swelling inside the root (oedema): ${info.oedema ? "yes, found in the experiments" : "not found at these settings"}`));
    symptomList.replaceChildren(...data.symptoms.map((name) => {
      const on = info.symptoms.includes(name);
      const item = el("li", { class: on ? "lpcm-on" : "lpcm-off" });
      item.append(el("span", { class: "lpcm-mark", "aria-hidden": "true" }, on ? "✓" : "–"),
        document.createTextNode(on ? ` ${name}` : ` ${name} (not yet)`));
      return item;
    }));
  }

  function setAndSave(name, value) {
    model.set(name, value);
    model.save_changes();
    update();
  }

  pInput.addEventListener("input", () => setAndSave("pressure", Number(pInput.value)));
  dInput.addEventListener("input", () => {
    const index = Math.min(data.durations.length - 1, Math.max(0, Number(dInput.value) || 0));
    setAndSave("minutes", data.durations[index]);
  });
  Object.entries(radios).forEach(([onset, input]) => {
    input.addEventListener("change", () => { if (input.checked) setAndSave("onset", onset); });
  });
  const onChange = () => update();
  model.on("change:pressure change:onset change:minutes", onChange);
  // the geometry follows the chart's drawn width (a phone, a narrow notebook column, a rotation)
  const fit = () => {
    const width = figure.getBoundingClientRect().width;
    const wanted = width > 0 && width < NARROW_BELOW ? NARROW : WIDE;
    if (wanted !== g) { drawFrame(wanted); update(); }
  };
  fit();
  update();
  // measured a frame later, so that a new geometry never resizes the chart inside the callback
  const observer = typeof ResizeObserver === "function"
    ? new ResizeObserver(() => requestAnimationFrame(fit)) : null;
  if (observer) observer.observe(figure);
  return () => {
    model.off("change:pressure change:onset change:minutes", onChange);
    if (observer) observer.disconnect();
    container.remove();
  };
}

export default guarded(render, "The compression model");
