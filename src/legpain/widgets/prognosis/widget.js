// Prognosis chart: how people with one condition fared over time, from cited cohorts and trials.
// All data (series, points, sentences, axes, sources) arrive in the `data` trait, computed in
// Python from the knowledge base (legpain/knowledge/data/prognosis.yaml); this file only draws.
// Shares of people and mean scores are different kinds of number, so each has its own chart.

const PG_W = 340;
const PG_H = 190;
const PG_LEFT = 40;
const PG_RIGHT = 12;
const PG_TOP = 12;
const PG_BOTTOM = 34;
const PG_NS = "http://www.w3.org/2000/svg";
const PG_PAINT = new Set(["fill", "stroke"]);

/** An SVG node whose colours (palette variables) go in the style, where var() always works. */
function pgSvg(tag, attrs = {}) {
  const node = document.createElementNS(PG_NS, tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (PG_PAINT.has(key) && value !== "none") node.style.setProperty(key, String(value));
    else node.setAttribute(key, String(value));
  }
  return node;
}

/** x (viewBox units) of a week on an axis from 0 to the last tick. */
export function weekX(weeks, week) {
  const top = Math.max(...weeks, 1);
  return PG_LEFT + (Math.min(Math.max(week, 0), top) / top) * (PG_W - PG_LEFT - PG_RIGHT);
}

/** y (viewBox units) of a value on a panel's axis. */
export function valueY(axis, value) {
  const span = axis.max - axis.min || 1;
  const share = (Math.min(Math.max(value, axis.min), axis.max) - axis.min) / span;
  return PG_TOP + (1 - share) * (PG_H - PG_TOP - PG_BOTTOM);
}

function pgMarker(shape, x, y, colour) {
  const s = 4.5;
  const style = { fill: colour, stroke: "var(--lp-ink)", "stroke-width": 1 };
  if (shape === "square") return pgSvg("rect", { x: x - s, y: y - s, width: 2 * s, height: 2 * s, ...style });
  if (shape === "diamond") {
    return pgSvg("polygon", { points: `${x},${y - s * 1.3} ${x + s * 1.3},${y} ${x},${y + s * 1.3} ${x - s * 1.3},${y}`, ...style });
  }
  if (shape === "triangle") {
    return pgSvg("polygon", { points: `${x},${y - s * 1.3} ${x + s * 1.2},${y + s} ${x - s * 1.2},${y + s}`, ...style });
  }
  return pgSvg("circle", { cx: x, cy: y, r: s, ...style });
}

function pgIcon(series) {
  const icon = pgSvg("svg", { viewBox: "0 0 20 20", width: 16, height: 16, class: "lppg-icon", "aria-hidden": "true" });
  icon.append(pgMarker(series.shape, 10, 10, series.colour));
  return icon;
}

const pgNum = (v) => (typeof v === "number" && Number.isFinite(v) ? String(Number(v.toPrecision(6))) : "");

function render({ model, el: root }) {
  const data = model.get("data");
  if (!data || !Array.isArray(data.conditions) || data.conditions.length === 0) {
    throw new Error("The prognosis chart has no data.");
  }
  const uid = uniqueId("lppg");
  const texts = data.texts || {};
  const ids = data.conditions.map((c) => c.id);
  const state = {};
  function readState() {
    const c = model.get("condition");
    state.condition = ids.includes(c) ? c : ids[0];
    state.table = model.get("show_table") === true;
  }
  readState();
  function push(name, value) {
    model.set(name, value);
    model.save_changes();
  }

  const box = el("section", { class: "lppg", "aria-label": texts.title || "Prognosis chart" });
  box.append(el("p", { class: "lppg-title" }, texts.title || "What usually happens next?"));
  box.append(el("p", { class: "lppg-intro" }, texts.intro || ""));
  const selectId = `${uid}-condition`;
  const controls = el("div", { class: "lppg-select" });
  controls.append(el("label", { for: selectId }, "Condition"));
  const select = el("select", { id: selectId });
  data.conditions.forEach((c) => select.append(el("option", { value: c.id }, String(c.name))));
  controls.append(select);
  box.append(controls);
  const status = el("p", { class: "lppg-status", role: "status", "aria-live": "polite" });
  const body = el("div", { class: "lppg-body" });
  const tableId = `${uid}-table`;
  const toggle = el("button", { type: "button", class: "lppg-toggle", "aria-controls": tableId });
  const tableWrap = el("div", { class: "lppg-tablewrap", id: tableId });
  box.append(status, body, toggle, tableWrap);
  box.append(el("p", { class: "lppg-caveat" }, texts.caveat || ""));
  root.append(box);

  function panel(cond, p, byId) {
    const series = (p.series || []).map((id) => byId[id]).filter(Boolean);
    const weeks = Array.isArray(cond.weeks) && cond.weeks.length ? cond.weeks : [0, 52];
    const axis = p.axis;
    const section = el("section", { class: "lppg-panel", "aria-labelledby": `${uid}-${p.kind}` });
    section.append(el("h3", { class: "lppg-panel-title", id: `${uid}-${p.kind}` },
      p.kind === "mean" ? `${p.title}: ${axis.label}` : p.title));
    const summary = series.map((s) => `${s.label}: ` + s.points.map((pt) => `${pgNum(pt.value)}${p.kind === "share" ? "%" : ""} at week ${pgNum(pt.week)}`).join(", ")).join(". ");
    const plot = pgSvg("svg", { viewBox: `0 0 ${PG_W} ${PG_H}`, class: "lppg-plot", role: "img", "aria-label": `${p.title}. ${summary}.` });
    const bottom = PG_H - PG_BOTTOM;
    for (const t of axis.ticks || []) {
      const y = valueY(axis, t);
      plot.append(pgSvg("line", { x1: PG_LEFT, x2: PG_W - PG_RIGHT, y1: y, y2: y, stroke: "var(--lp-border-soft)", "stroke-width": 1 }));
      const label = pgSvg("text", { x: PG_LEFT - 5, y: y + 4, "text-anchor": "end", class: "lppg-tick" });
      label.textContent = pgNum(t);
      plot.append(label);
    }
    for (const w of weeks) {
      const x = weekX(weeks, w);
      plot.append(pgSvg("line", { x1: x, x2: x, y1: bottom, y2: bottom + 4, stroke: "var(--lp-text-muted)", "stroke-width": 1 }));
      const label = pgSvg("text", { x, y: bottom + 16, "text-anchor": "middle", class: "lppg-tick" });
      label.textContent = pgNum(w);
      plot.append(label);
    }
    plot.append(pgSvg("line", { x1: PG_LEFT, x2: PG_W - PG_RIGHT, y1: bottom, y2: bottom, stroke: "var(--lp-text-muted)", "stroke-width": 1.2 }));
    const xl = pgSvg("text", { x: (PG_LEFT + PG_W - PG_RIGHT) / 2, y: PG_H - 3, "text-anchor": "middle", class: "lppg-tick" });
    xl.textContent = texts.x_label || "weeks";
    plot.append(xl);
    series.forEach((s, i) => {
      const pts = s.points.map((pt) => [weekX(weeks, pt.week) + (i % 2 ? 3 : 0), valueY(axis, pt.value), pt]);
      if (pts.length > 1) {
        plot.append(pgSvg("polyline", { points: pts.map(([x, y]) => `${x},${y}`).join(" "), fill: "none", stroke: s.colour, "stroke-width": 2 }));
      }
      for (const [x, y, pt] of pts) {
        if (typeof pt.low === "number" && typeof pt.high === "number") {
          plot.append(pgSvg("line", { x1: x, x2: x, y1: valueY(axis, pt.low), y2: valueY(axis, pt.high), stroke: s.colour, "stroke-width": 1.5 }));
        }
        plot.append(pgMarker(s.shape, x, y, s.colour));
      }
    });
    section.append(plot);
    const legend = el("ul", { class: "lppg-legend" });
    series.forEach((s) => legend.append(el("li", {}, pgIcon(s), el("span", {}, `${s.label} (${s.source.label}, n = ${s.sample_size})`))));
    section.append(legend);
    return section;
  }

  function sourceItem(s) {
    const src = s.source || {};
    const li = el("li", { class: "lppg-source" });
    li.append(el("strong", {}, `${s.label}: `),
      document.createTextNode(`${src.label}. ${src.title}. ${src.where} ${src.year}. `));
    if (src.doi) li.append(el("a", { href: `https://doi.org/${src.doi}`, target: "_blank", rel: "noopener" }, `doi:${src.doi}`));
    li.append(el("br", {}), document.createTextNode(`Setting: ${s.setting}. Outcome: ${s.outcome} ` +
      `Sample: ${s.sample_size} people${s.sample_note ? ` (${s.sample_note})` : ""}.`));
    return li;
  }

  function table(cond) {
    const t = el("table", { class: "lppg-table" });
    t.append(el("caption", {}, `${cond.name}: every point, with its source`));
    const head = el("tr", {});
    ["Line", "Week", "Value", "Measure", "In words", "Source"].forEach((h) => head.append(el("th", { scope: "col" }, h)));
    t.append(el("thead", {}, head));
    const tbody = el("tbody", {});
    for (const s of cond.series) {
      for (const pt of s.points) {
        const ci = typeof pt.low === "number" ? ` (95% CI ${pgNum(pt.low)} to ${pgNum(pt.high)})` : "";
        const row = el("tr", {});
        [s.label, pgNum(pt.week), `${pgNum(pt.value)}${s.kind === "share" ? "%" : ""}${ci}`,
          s.kind === "share" ? "share of people" : s.measure,
          pt.note ? `${pt.sentence} (${pt.note})` : pt.sentence, s.source.label].forEach((v) => row.append(el("td", {}, v)));
        tbody.append(row);
      }
    }
    t.append(tbody);
    return t;
  }

  function draw() {
    const cond = data.conditions.find((c) => c.id === state.condition) || data.conditions[0];
    select.value = cond.id;
    const series = Array.isArray(cond.series) ? cond.series : [];
    const byId = Object.fromEntries(series.map((s) => [s.id, s]));
    status.textContent = `${cond.name}: ${series.length} line${series.length === 1 ? "" : "s"} from ${new Set(series.map((s) => s.source.label)).size} source(s).`;
    body.replaceChildren();
    if (cond.description) body.append(el("p", { class: "lppg-cond" }, cond.description));
    const charts = el("div", { class: "lppg-charts" });
    (cond.panels || []).forEach((p) => charts.append(panel(cond, p, byId)));
    body.append(charts);
    body.append(el("h3", { class: "lppg-panel-title" }, "In words"));
    const words = el("ul", { class: "lppg-sentences" });
    series.forEach((s) => s.points.forEach((pt) => words.append(
      el("li", {}, `${pt.sentence} `, el("span", { class: "lppg-src" }, `(${pt.note ? `${pt.note}; ` : ""}${s.label}; ${s.source.label})`)))));
    body.append(words);
    body.append(el("h3", { class: "lppg-panel-title" }, texts.sources || "Sources"));
    const list = el("ul", { class: "lppg-sources" });
    series.forEach((s) => list.append(sourceItem(s)));
    body.append(list);
    tableWrap.replaceChildren(table(cond));
    tableWrap.hidden = !state.table;
    toggle.setAttribute("aria-expanded", state.table ? "true" : "false");
    toggle.textContent = state.table ? (texts.table_hide || "Hide the table") : (texts.table_show || "Show the table");
  }

  select.addEventListener("change", () => {
    state.condition = select.value;
    push("condition", state.condition);
    draw();
  });
  toggle.addEventListener("click", () => {
    state.table = !state.table;
    push("show_table", state.table);
    draw();
  });
  const onModel = () => { readState(); draw(); };
  model.on("change:condition", onModel);
  model.on("change:show_table", onModel);
  draw();
  return () => {
    model.off("change:condition", onModel);
    model.off("change:show_table", onModel);
    box.remove();
  };
}

export default guarded(render, "The prognosis chart");
