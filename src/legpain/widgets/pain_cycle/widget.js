// The pain - spasm - compression circle: sliders for spasm gain, relief, activity and the original
// compression; a time course of pain, spasm and compression; the loop gain and where it settles.
// simulate() and steadyState() are ports of legpain.knowledge.physiology.simulate_cycle / cycle_steady_state,
// checked against Python by a parity test.

const SVG_NS = "http://www.w3.org/2000/svg";
const W = 560;
const H = 260;
const PLOT = { left: 68, right: 544, top: 16, bottom: 206 };
const SERIES = [
  { key: "pain", name: "Pain", cls: "lpp-pain" },
  { key: "spasm", name: "Muscle spasm", cls: "lpp-spasm" },
  { key: "compression", name: "Compression of the root", cls: "lpp-compression" },
];
const SETTINGS = ["gain", "relief", "activity", "drive"];

const clip = (v) => Math.min(1, Math.max(0, v));

/** Euler run of the circle; values 0-1 (1 = the model's maximum). Mirrors simulate_cycle. */
export function simulate(gain, relief, activity, drive, timeConstants, minutes, dt) {
  const [tp, ts, tc] = timeConstants;
  const steps = Math.round(minutes / dt);
  let pain = 0;
  let spasm = 0;
  let comp = 0;
  const out = { minutes: [0], pain: [0], spasm: [0], compression: [0] };
  for (let i = 0; i < steps; i += 1) {
    const tPain = (1.0 - relief) * comp;
    const tSpasm = gain * (1.0 - activity) * pain;
    const tComp = drive + spasm;
    const nPain = clip(pain + (dt * (tPain - pain)) / tp);
    const nSpasm = clip(spasm + (dt * (tSpasm - spasm)) / ts);
    const nComp = clip(comp + (dt * (tComp - comp)) / tc);
    pain = nPain;
    spasm = nSpasm;
    comp = nComp;
    out.minutes.push((i + 1) * dt);
    out.pain.push(pain);
    out.spasm.push(spasm);
    out.compression.push(comp);
  }
  return out;
}

export function loopGain(gain, relief, activity) {
  return gain * (1.0 - relief) * (1.0 - activity);
}

/** Where [pain, spasm, compression] settle. Mirrors cycle_steady_state. */
export function steadyState(gain, relief, activity, drive) {
  const loop = loopGain(gain, relief, activity);
  if (drive === 0) return [0, 0, 0];
  const comp = loop < 1 ? drive / (1.0 - loop) : Infinity;
  if (comp <= 1) {
    const pain = (1.0 - relief) * comp;
    return [pain, Math.min(1, gain * (1.0 - activity) * pain), comp];
  }
  let pain = 1;
  let spasm = 1;
  let c = 1;
  for (let i = 0; i < 10000; i += 1) {
    const nPain = Math.min(1, (1.0 - relief) * c);
    const nSpasm = Math.min(1, gain * (1.0 - activity) * nPain);
    const nComp = Math.min(1, drive + nSpasm);
    if (Math.abs(nComp - c) + Math.abs(nPain - pain) + Math.abs(nSpasm - spasm) < 1e-12) break;
    pain = nPain;
    spasm = nSpasm;
    c = nComp;
  }
  return [pain, spasm, c];
}

const pct = (v) => `${Math.round(v * 100)}%`;

function render({ model, el: root }) {
  const data = model.get("cycle_data");
  if (!data || !data.limits || !Array.isArray(data.time_constants)) {
    throw new Error("The pain cycle model has no data to show.");
  }
  const uid = uniqueId("lpp-");
  const container = el("section", { class: "lpp", "aria-label": "Pain, spasm and compression circle" });
  container.append(el("p", { class: "lpp-title" }, "Push the pain - spasm - compression circle"));

  function value(name) {
    const [low, high] = data.limits[name];
    const v = Number(model.get(name));
    if (!Number.isFinite(v)) return low;
    return Math.min(high, Math.max(low, v));
  }

  const controls = el("div", { class: "lpp-controls" });
  const inputs = {};
  const outputs = {};
  SETTINGS.forEach((name) => {
    const [low, high, step] = data.limits[name];
    const wrap = el("div", { class: "lpp-control" });
    const id = `${uid}-${name}`;
    const input = el("input", { type: "range", id, min: String(low), max: String(high), step: String(step) });
    const out = el("output", { for: id, class: "lpp-value" });
    wrap.append(el("label", { for: id }, (data.labels && data.labels[name]) || name), input, out);
    controls.append(wrap);
    inputs[name] = input;
    outputs[name] = out;
    input.addEventListener("input", () => {
      model.set(name, Number(input.value));
      model.save_changes();
      update();
    });
  });

  const body = el("div", { class: "lpp-body" });
  const figure = el("figure", { class: "lpp-figure" });
  const chart = svg("svg", { viewBox: `0 0 ${W} ${H}`, class: "lpp-chart", role: "img",
    "aria-labelledby": `${uid}-title` });
  chart.append(svg("title", { id: `${uid}-title` },
    "Pain, muscle spasm and compression over two hours in the circle model; the text beside the chart says where they settle."));
  const axes = svg("g", { "aria-hidden": "true" });
  [0, 0.5, 1].forEach((v) => {
    const yy = PLOT.bottom - v * (PLOT.bottom - PLOT.top);
    axes.append(svg("line", { x1: PLOT.left, x2: PLOT.right, y1: yy, y2: yy, class: "lpp-grid" }));
    axes.append(svg("text", { x: PLOT.left - 6, y: yy + 4, "text-anchor": "end", class: "lpp-tick" }, pct(v)));
  });
  for (let m = 0; m <= data.minutes; m += 30) {
    const xx = PLOT.left + (m / data.minutes) * (PLOT.right - PLOT.left);
    axes.append(svg("text", { x: xx, y: PLOT.bottom + 16, "text-anchor": "middle", class: "lpp-tick" }, String(m)));
  }
  axes.append(svg("text", { x: (PLOT.left + PLOT.right) / 2, y: H - 6, "text-anchor": "middle", class: "lpp-axis-label" },
    "Minutes"));
  axes.append(svg("text", { x: 14, y: (PLOT.top + PLOT.bottom) / 2, "text-anchor": "middle", class: "lpp-axis-label",
    transform: `rotate(-90 14 ${(PLOT.top + PLOT.bottom) / 2})` }, "% of maximum"));
  axes.append(svg("line", { x1: PLOT.left, x2: PLOT.right, y1: PLOT.bottom, y2: PLOT.bottom, class: "lpp-axis" }));
  chart.append(axes);
  const lines = {};
  SERIES.forEach((s) => {
    lines[s.key] = svg("polyline", { class: `lpp-line ${s.cls}`, fill: "none" });
    chart.append(lines[s.key]);
  });
  figure.append(chart);
  const legend = el("ul", { class: "lpp-legend" });
  SERIES.forEach((s) => {
    const item = el("li");
    const sw = svg("svg", { width: 36, height: 12, viewBox: "0 0 36 12", "aria-hidden": "true" });
    sw.append(svg("line", { x1: 1, y1: 6, x2: 35, y2: 6, class: `lpp-line ${s.cls}` }));
    item.append(sw, document.createTextNode(s.name));
    legend.append(item);
  });
  figure.append(legend);

  const panel = el("div", { class: "lpp-panel", role: "status", "aria-live": "polite", "aria-atomic": "true" });
  const verdict = el("p", { class: "lpp-verdict" });
  const detail = el("p", { class: "lpp-detail" });
  const compare = el("p", { class: "lpp-detail" });
  panel.append(verdict, detail, compare);
  body.append(figure, panel);
  container.append(controls, body, el("p", { class: "lpp-caveat" }, data.caveat || ""));
  root.append(container);

  function update() {
    const v = Object.fromEntries(SETTINGS.map((name) => [name, value(name)]));
    SETTINGS.forEach((name) => {
      inputs[name].value = String(v[name]);
      const text = v[name].toFixed(name === "gain" ? 1 : 2);
      outputs[name].textContent = text;
      inputs[name].setAttribute("aria-valuetext", text);
    });
    const run = simulate(v.gain, v.relief, v.activity, v.drive, data.time_constants, data.minutes, data.dt);
    SERIES.forEach((s) => {
      lines[s.key].setAttribute("points", run[s.key].map((val, i) => {
        const xx = PLOT.left + (run.minutes[i] / data.minutes) * (PLOT.right - PLOT.left);
        const yy = PLOT.bottom - val * (PLOT.bottom - PLOT.top);
        return `${xx.toFixed(1)},${yy.toFixed(1)}`;
      }).join(" "));
    });
    const loop = loopGain(v.gain, v.relief, v.activity);
    const [pain, spasm, comp] = steadyState(v.gain, v.relief, v.activity, v.drive);
    const runaway = loop >= 1 && v.drive > 0;
    container.dataset.runaway = runaway ? "yes" : "no";
    verdict.replaceChildren(el("strong", {}, `Loop gain ${loop.toFixed(2)}: `),
      document.createTextNode(runaway
        ? "1 or more, so the circle runs away: pain, spasm and compression climb to the maximum."
        : comp >= 0.999
          ? "below 1, so the circle settles, but the original compression is big enough to hold it at the maximum."
          : "below 1, so the circle settles."));
    detail.textContent = `${runaway ? "It ends pinned at" : "It settles at"} pain ${pct(pain)}, spasm ${pct(spasm)} and compression ${pct(comp)} of the maximum.`;
    compare.textContent = `With no spasm at all, pain would settle at ${pct(Math.min(1, (1 - v.relief) * v.drive))}.`;
  }

  const onChange = () => update();
  model.on(SETTINGS.map((s) => `change:${s}`).join(" "), onChange);
  update();
  return () => {
    model.off(SETTINGS.map((s) => `change:${s}`).join(" "), onChange);
    container.remove();
  };
}

export default guarded(render, "The pain cycle");
