// Test accuracy: pre-test probability + test + result -> post-test probability.
// The likelihood ratios come from the model's `table` trait (the course's exam_tests.yaml);
// nothing clinical is typed here. postTestProbability() mirrors legpain.post_test_probability.

const SVG = "http://www.w3.org/2000/svg";
const EDGE = Math.log(0.999 / 0.001); // the nomogram shows 0.1% to 99.9%

/** Post-test probability from a pre-test probability and a likelihood ratio (odds form). */
export function postTestProbability(pretest, ratio) {
  const odds = (pretest / (1 - pretest)) * ratio;
  const post = odds / (1 + odds);
  const tiny = Number.MIN_VALUE;
  return Math.min(Math.max(post, tiny), 1 - Number.EPSILON / 2);
}

/** The estimate of `testId` whose key is `key` (the first estimate when `key` is unknown). */
export function estimateFor(table, testId, key) {
  const test = (table.tests || []).find((t) => t.id === testId);
  if (!test || !test.estimates.length) return null;
  return test.estimates.find((e) => e.key === key) || test.estimates[0];
}

/** Everything the widget shows for one state: {lr, post} or null when it cannot be computed. */
export function compute(table, testId, key, positive, pretest) {
  const estimate = estimateFor(table, testId, key);
  if (!estimate || !(pretest > 0 && pretest < 1)) return null;
  const lr = positive ? estimate.lr_positive : estimate.lr_negative;
  if (typeof lr !== "number" || !(lr > 0)) return null;
  return { lr, post: postTestProbability(pretest, lr), estimate };
}

export function percent(p) {
  const value = p * 100;
  if (value < 1 || value > 99) return `${value.toFixed(1)}%`;
  return `${value.toFixed(1).replace(/\.0$/, "")}%`;
}

function number(x) {
  if (x >= 100) return x.toFixed(0);
  if (x >= 10) return x.toFixed(1);
  return x.toFixed(2);
}

const logit = (p) => Math.log(p / (1 - p));
const clamp = (v) => Math.max(-EDGE, Math.min(EDGE, v));

function drawNomogram(box, pretest, lr, post) {
  box.textContent = "";
  const width = 320;
  const height = 380;
  const top = 34;
  const span = height - top - 26;
  const x = [60, 160, 260];
  const y = (v) => top + ((EDGE - clamp(v)) / (2 * EDGE)) * span;
  const root = svg("svg", {
    viewBox: `0 0 ${width} ${height}`, class: "lpta-nomogram", role: "img",
    "aria-label": `Nomogram: pre-test probability ${percent(pretest)}, likelihood ratio ${number(lr)}, post-test probability ${percent(post)}`,
  });
  const headings = ["Pre-test", "Likelihood", "Post-test"];
  const subheadings = ["probability", "ratio", "probability"];
  headings.forEach((text, i) => {
    root.append(svg("text", { x: x[i], y: 12, class: "lpta-axis-title", "text-anchor": "middle" }, text));
    root.append(svg("text", { x: x[i], y: 25, class: "lpta-axis-title", "text-anchor": "middle" }, subheadings[i]));
  });
  const probTicks = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.8, 0.9, 0.95, 0.98, 0.99, 0.995, 0.999];
  const lrLabels = [0.001, 0.01, 0.1, 1, 10, 100, 1000];
  const lrMinor = [0.002, 0.005, 0.02, 0.05, 0.2, 0.5, 2, 5, 20, 50, 200, 500];
  [0, 2].forEach((i) => {
    root.append(svg("line", { x1: x[i], x2: x[i], y1: top, y2: top + span, class: "lpta-axis" }));
    probTicks.forEach((p) => {
      const v = i === 0 ? -logit(p) : logit(p);
      const yy = y(v);
      const side = i === 0 ? -1 : 1;
      root.append(svg("line", { x1: x[i], x2: x[i] + 5 * side, y1: yy, y2: yy, class: "lpta-tick" }));
      root.append(svg("text", {
        x: x[i] + 8 * side, y: yy + 3.5, class: "lpta-tick-label",
        "text-anchor": i === 0 ? "end" : "start",
      }, `${+(p * 100).toFixed(1)}`));
    });
  });
  root.append(svg("line", { x1: x[1], x2: x[1], y1: y(Math.log(1000) / 2), y2: y(Math.log(0.001) / 2), class: "lpta-axis" }));
  lrLabels.forEach((r) => {
    const yy = y(Math.log(r) / 2);
    root.append(svg("line", { x1: x[1] - 6, x2: x[1] + 6, y1: yy, y2: yy, class: "lpta-tick" }));
    root.append(svg("text", { x: x[1] + 9, y: yy + 3.5, class: "lpta-tick-label" }, String(r)));
  });
  lrMinor.forEach((r) => {
    const yy = y(Math.log(r) / 2);
    root.append(svg("line", { x1: x[1] - 3, x2: x[1] + 3, y1: yy, y2: yy, class: "lpta-tick" }));
  });
  root.append(svg("text", { x: x[0], y: height - 6, class: "lpta-tick-label", "text-anchor": "middle" }, "%"));
  root.append(svg("text", { x: x[2], y: height - 6, class: "lpta-tick-label", "text-anchor": "middle" }, "%"));
  const y0 = y(-logit(pretest));
  const y2 = y(logit(post));
  root.append(svg("line", { x1: x[0], y1: y0, x2: x[2], y2, class: "lpta-line" }));
  root.append(svg("circle", { cx: x[0], cy: y0, r: 5, class: "lpta-dot-pre" }));
  root.append(svg("rect", { x: x[1] - 4.5, y: y(Math.log(lr) / 2) - 4.5, width: 9, height: 9, class: "lpta-dot-lr" }));
  root.append(svg("circle", { cx: x[2], cy: y2, r: 6, class: "lpta-dot-post" }));
  box.append(root);
}

function drawPeople(box, count, caption, uid) {
  const figure = el("figure", { class: "lpta-people" });
  const id = `lpta-${uid}-${caption.replace(/\W+/g, "-")}`;
  const grid = svg("svg", { viewBox: "0 0 200 200", role: "img", "aria-labelledby": id, class: "lpta-grid" });
  for (let i = 0; i < 100; i += 1) {
    const row = Math.floor(i / 10);
    const col = i % 10;
    const has = i < count;
    grid.append(svg("circle", {
      cx: 10 + col * 20, cy: 10 + row * 20, r: 7.2,
      class: has ? "lpta-person-has" : "lpta-person-not",
    }));
  }
  const text = el("figcaption", { id }, caption);
  figure.append(grid, text);
  box.append(figure);
}

function render({ model, el: container }) {
  const table = model.get("table") || {};
  const tests = Array.isArray(table.tests) ? table.tests : [];
  if (!tests.length) {
    throw new Error("No test accuracy data to show.");
  }
  const uid = uniqueId("lpta");
  const root = el("section", { class: "lpta", "aria-label": "Test accuracy: from pre-test to post-test probability" });

  const controls = el("div", { class: "lpta-controls" });
  const preLabel = el("label", { for: `${uid}-pre`, class: "lpta-label" }, "Pre-test probability");
  const preRow = el("div", { class: "lpta-pre-row" });
  const pre = el("input", { type: "range", id: `${uid}-pre`, min: "1", max: "99", step: "1", class: "lpta-pre" });
  const preOut = el("output", { for: `${uid}-pre`, class: "lpta-pre-out", "aria-live": "polite" });
  preRow.append(pre, preOut);

  const testLabel = el("label", { for: `${uid}-test`, class: "lpta-label" }, "Test or history item");
  const testSelect = el("select", { id: `${uid}-test`, class: "lpta-test" });
  tests.forEach((t) => testSelect.append(el("option", { value: t.id }, t.name)));

  const sourceLabel = el("label", { for: `${uid}-source`, class: "lpta-label" }, "Accuracy figures from");
  const sourceSelect = el("select", { id: `${uid}-source`, class: "lpta-source" });

  const resultBox = el("fieldset", { class: "lpta-result" });
  resultBox.append(el("legend", { class: "lpta-label" }, "Result"));
  const radios = {};
  ["positive", "negative"].forEach((value) => {
    const id = `${uid}-${value}`;
    const wrap = el("span", { class: "lpta-radio" });
    const input = el("input", { type: "radio", name: `${uid}-result`, id, value });
    wrap.append(input, el("label", { for: id }, value === "positive" ? "Positive" : "Negative"));
    resultBox.append(wrap);
    radios[value] = input;
  });
  const resultNote = el("p", { class: "lpta-note", id: `${uid}-result-note` });
  resultBox.append(resultNote);

  controls.append(preLabel, preRow, testLabel, testSelect, sourceLabel, sourceSelect, resultBox);

  const answer = el("div", { class: "lpta-answer", role: "status", "aria-live": "polite" });
  const answerMain = el("p", { class: "lpta-answer-main" });
  const working = el("p", { class: "lpta-working" });
  answer.append(answerMain, working);

  const about = el("p", { class: "lpta-about" });
  const pictures = el("div", { class: "lpta-pictures" });
  const nomogram = el("div", { class: "lpta-nomogram-box" });
  const people = el("div", { class: "lpta-people-box" });
  pictures.append(nomogram, people);
  const legend = el("p", { class: "lpta-legend" });
  legend.append(el("span", { class: "lpta-key-has", "aria-hidden": "true" }, "●"), " has the condition  ",
    el("span", { class: "lpta-key-not", "aria-hidden": "true" }, "○"), " does not");
  const frequencies = el("p", { class: "lpta-frequencies" });

  root.append(controls, answer, pictures, legend, frequencies, about);
  if (Array.isArray(table.words_only) && table.words_only.length) {
    const more = el("details", { class: "lpta-words" });
    more.append(el("summary", {}, "Tests without figures the course can compute with"));
    table.words_only.forEach((w) => more.append(el("p", {}, `${w.name}: ${w.note} (${w.sources})`)));
    root.append(more);
  }
  container.append(root);

  function state() {
    let testId = model.get("test");
    if (!tests.some((t) => t.id === testId)) testId = tests[0].id;
    const estimate = estimateFor(table, testId, model.get("source"));
    let pretest = Number(model.get("pretest"));
    if (!(pretest > 0 && pretest < 1)) pretest = 0.3;
    let positive = model.get("result") !== "negative";
    if (!positive && typeof estimate.lr_negative !== "number") positive = true;
    return { testId, estimate, pretest, positive };
  }

  function update() {
    const s = state();
    const test = tests.find((t) => t.id === s.testId);
    testSelect.value = s.testId;
    sourceSelect.textContent = "";
    test.estimates.forEach((e) => sourceSelect.append(el("option", { value: e.key }, `${e.label}`)));
    sourceSelect.value = s.estimate.key;
    sourceSelect.disabled = test.estimates.length < 2;
    pre.value = String(Math.round(s.pretest * 100));
    preOut.textContent = percent(s.pretest);
    pre.setAttribute("aria-valuetext", percent(s.pretest));
    const hasNegative = typeof s.estimate.lr_negative === "number";
    radios.negative.disabled = !hasNegative;
    radios.positive.checked = s.positive;
    radios.negative.checked = !s.positive;
    resultNote.textContent = hasNegative ? "" : "This source reports only a positive likelihood ratio, so a negative result cannot be interpreted with it.";
    const result = compute(table, s.testId, s.estimate.key, s.positive, s.pretest);
    const word = s.positive ? "positive" : "negative";
    const target = test.target_condition;
    answerMain.textContent = `After a ${word} result: ${percent(result.post)} probability of ${target}.`;
    answerMain.dataset.post = String(result.post);
    const preOdds = s.pretest / (1 - s.pretest);
    const postOdds = preOdds * result.lr;
    working.textContent = `Pre-test odds = ${percent(s.pretest)} / ${percent(1 - s.pretest)} = ${number(preOdds)}. ` +
      `LR${s.positive ? "+" : "−"} = ${number(result.lr)}. Post-test odds = ${number(preOdds)} × ${number(result.lr)} = ${number(postOdds)}. ` +
      `Post-test probability = ${number(postOdds)} / (1 + ${number(postOdds)}) = ${percent(result.post)}.`;
    drawNomogram(nomogram, s.pretest, result.lr, result.post);
    people.textContent = "";
    const before = Math.round(s.pretest * 100);
    const after = Math.round(result.post * 100);
    drawPeople(people, before, `Before the test: about ${before} of 100 people like this have it.`, `${uid}b`);
    drawPeople(people, after, `After a ${word} result: about ${after} of 100 people with this result have it.`, `${uid}a`);
    const e = s.estimate;
    if (typeof e.sensitivity === "number" && typeof e.specificity === "number") {
      const ill = s.pretest * 100;
      const well = 100 - ill;
      const tp = s.positive ? ill * e.sensitivity : ill * (1 - e.sensitivity);
      const fp = s.positive ? well * (1 - e.specificity) : well * e.specificity;
      frequencies.textContent = `In natural frequencies: of 100 people like this, about ${Math.round(ill)} have it. ` +
        `The test is ${word} in about ${Math.round(tp)} of them (sensitivity ${e.sensitivity}) and in about ${Math.round(fp)} of the ${Math.round(well)} without it ` +
        `(specificity ${e.specificity}). So about ${Math.round(tp)} of the ${Math.round(tp + fp)} people with a ${word} result have it.`;
    } else {
      frequencies.textContent = "This source reports likelihood ratios, not sensitivity and specificity, so the 100 people cannot be split into true and false results.";
    }
    about.textContent = `${test.name}: positive when ${test.positive_when.charAt(0).toLowerCase()}${test.positive_when.slice(1)} ` +
      `Figures: ${e.label}. Population: ${e.population} Reference standard: ${e.reference_standard}. Source: ${e.sources}.`;
  }

  function send(changes) {
    Object.entries(changes).forEach(([key, value]) => model.set(key, value));
    model.save_changes();
  }

  pre.addEventListener("input", () => send({ pretest: Number(pre.value) / 100 }));
  testSelect.addEventListener("change", () => {
    const test = tests.find((t) => t.id === testSelect.value);
    send({ test: test.id, source: test.estimates[0].key });
  });
  sourceSelect.addEventListener("change", () => send({ source: sourceSelect.value }));
  Object.values(radios).forEach((radio) => radio.addEventListener("change", () => {
    if (radio.checked) send({ result: radio.value });
  }));

  const onChange = () => update();
  model.on("change:pretest change:test change:source change:result", onChange);
  update();
  return () => {
    model.off("change:pretest change:test change:source change:result", onChange);
    root.remove();
  };
}

export default guarded(render, "The test accuracy calculator");
