// Generated cases: an invented patient drawn from the course's own model, by case number.
// Everything arrives packed in the model's `data_packed` (legpain.widgets.generated_cases
// .widget_data()): the generator's table, the localiser's evidence table, the triage table and the
// interface words. `drawCase` draws a case exactly as Python's legpain.reasoning.generated_cases
// .draw does (same mulberry32 stream, same order of draws, same words); `rank` and `triage` answer
// it as legpain.localize and legpain.triage do. No clinical text is written here.
// Plain ES module: no imports, no network, no console output.

const STORE_KEY = "legpain-generated-cases:v1";
const KEEP_CASES = 200; // answers of at most this many cases are kept in the browser
const LEVELS = TRIAGE_LEVELS;

const isObject = (value) => value !== null && typeof value === "object" && !Array.isArray(value);

/** Replace every {name} in a template with its value. */
function fill(template, values) {
  let text = String(template);
  for (const [key, value] of Object.entries(values)) text = text.split(`{${key}}`).join(String(value));
  return text;
}

/** Fisher-Yates with the case's generator (Python: _shuffled). */
function shuffled(rand, items) {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** An index drawn with the given probabilities (Python: _pick). */
function pick(rand, weights) {
  const u = rand();
  let total = 0;
  for (let i = 0; i < weights.length; i += 1) {
    total += weights[i];
    if (u < total) return i;
  }
  return weights.length - 1;
}

function drawFindings(rand, t, cand) {
  const regions = t.regions.map((r) => r.name);
  const actions = t.actions.map((a) => a.name);
  const exam = t.exam;
  let pain = regions.filter((r, i) => rand() < cand.pain[i]);
  if (pain.length > exam.max_pain) {
    const kept = new Set(shuffled(rand, pain).slice(0, exam.max_pain));
    pain = pain.filter((r) => kept.has(r));
  }
  const both = t.both_legs ? rand() < cand.both_legs : false;
  const leg = regions.filter((r) => !t.trunk.includes(r));
  const others = leg.filter((r) => !pain.includes(r));
  const tested = new Set(pain.filter((r) => leg.includes(r)));
  shuffled(rand, others).slice(0, exam.extra_sensation).forEach((r) => tested.add(r));
  if (rand() < exam.test_saddle) t.saddle_regions.forEach((r) => tested.add(r));
  const numbness = [];
  const normalSensation = [];
  regions.forEach((region, i) => {
    if (tested.has(region)) (rand() < cand.numbness[i] ? numbness : normalSensation).push(region);
  });
  const weakness = [];
  const normalStrength = [];
  actions.forEach((action, i) => {
    if (rand() < exam.test_movement) (rand() < cand.weakness[i] ? weakness : normalStrength).push(action);
  });
  const states = t.reflex_states.map((s) => s.name);
  const reflexes = [];
  t.reflexes.forEach((reflex, i) => {
    if (rand() < exam.test_reflex) reflexes.push([reflex.name, states[pick(rand, cand.reflex[i])]]);
  });
  return { pain, numbness, weakness, reflexes, normal_strength: normalStrength,
    normal_sensation: normalSensation, both_legs: both };
}

function drawRedFlags(rand, t, f, over50) {
  const flags = t.red_flags;
  const signs = [];
  const saddle = f.numbness.some((r) => t.saddle_regions.includes(r));
  if (saddle) signs.push(flags.saddle);
  if (f.both_legs) signs.push(flags.both_legs);
  if (over50) signs.push(flags.age);
  if (rand() < flags.share) {
    const shown = { "": true, "saddle or both legs": saddle || f.both_legs, weakness: f.weakness.length > 0,
      numbness: f.numbness.length > 0, "leg pain": f.pain.some((r) => !t.not_leg_pain.includes(r)) };
    const pool = flags.pool.filter((flag) => shown[flag.needs] === true).map((flag) => flag.sign);
    if (pool.length) signs.push(pool[Math.floor(rand() * pool.length)]);
  }
  return signs;
}

function storyParagraphs(t, person, f, extra) {
  const texts = t.texts;
  const join = texts.join;
  const words = {};
  t.regions.forEach((r) => { words[r.name] = r.words; });
  t.actions.forEach((a) => { words[a.name] = a.words; });
  const reflexWords = Object.fromEntries(t.reflexes.map((r) => [r.name, r.words]));
  const stateWords = Object.fromEntries(t.reflex_states.map((s) => [s.name, s.words]));
  const flagWords = Object.fromEntries(t.red_flags.pool.map((flag) => [flag.sign, flag.words]));
  const history = [fill(f.both_legs ? texts.who_both : texts.who, person), person.onset];
  if (f.pain.length) history.push(fill(texts.pain, { list: f.pain.map((r) => words[r]).join(join) }));
  else history.push(fill(texts.no_pain, person));
  const exam = [texts.exam];
  [["numbness", "numb"], ["normal_sensation", "felt"], ["weakness", "weak"], ["normal_strength", "strong"]]
    .forEach(([field, key]) => {
      if (f[field].length) exam.push(fill(texts[key], { list: f[field].map((n) => words[n]).join(join) }));
    });
  if (f.reflexes.length) {
    const items = f.reflexes.map(([r, s]) => fill(texts.reflex, { reflex: reflexWords[r], state: stateWords[s] }));
    exam.push(fill(texts.reflexes, { list: items.join(join) }));
  }
  if (exam.length === 1) exam.push(texts.nothing);
  const paragraphs = [history, exam];
  if (extra.length) paragraphs.push(extra.map((s) => fill(texts.flag, { flag: flagWords[s] })));
  return paragraphs;
}

/** The case number `seed` drawn from the generator's table: the same fields and values as
 * Python's legpain.reasoning.generated_cases.draw(seed). */
export function drawCase(t, seed) {
  const rand = mulberry32(seed);
  const cands = t.candidates;
  const lesion = cands[pick(rand, cands.map((c) => c.prior))];
  const people = t.people;
  const sex = people.sexes[Math.floor(rand() * people.sexes.length)];
  const age = people.ages[Math.floor(rand() * people.ages.length)];
  const side = people.sides[Math.floor(rand() * people.sides.length)];
  const onset = people.onsets[Math.floor(rand() * people.onsets.length)];
  let findings = null;
  for (let i = 0; i < t.exam.max_draws; i += 1) {
    findings = drawFindings(rand, t, lesion);
    if (findings.pain.length || findings.numbness.length || findings.weakness.length) break;
  }
  const signs = drawRedFlags(rand, t, findings, age.over_50);
  const values = { a: sex.a, they: sex.they, their: sex.their, they_lower: sex.they.toLowerCase(), side };
  const person = Object.assign({}, values, { age: fill(age.words, values), onset: fill(onset, values) });
  const derived = [t.red_flags.saddle, t.red_flags.both_legs, t.red_flags.age];
  const paragraphs = storyParagraphs(t, person, findings, signs.filter((s) => !derived.includes(s)));
  return Object.assign({ seed, lesion: lesion.id, sex: sex.id, age: age.id, side }, findings, {
    red_flags: signs, paragraphs, story: paragraphs.map((p) => p.join(" ")).join("\n\n"),
  });
}

/** The evidence-table keys of a drawn case, in the order of Python's finding_keys. */
export function findingKeys(drawn, table) {
  const keys = drawn.pain.map((r) => `pain:${r}`)
    .concat(drawn.numbness.map((r) => `numbness:${r}`))
    .concat(drawn.weakness.map((a) => `weakness:${a}`))
    .concat(drawn.reflexes.map(([r, s]) => `reflex:${r}:${s}`))
    .concat(drawn.normal_strength.map((a) => `normal strength:${a}`))
    .concat(drawn.normal_sensation.map((r) => `normal sensation:${r}`));
  if (drawn.both_legs && table.both_legs_key) keys.push(table.both_legs_key);
  return keys;
}

/** The whole answer for one case number: the drawn case, the ranking and the triage. */
export function solveCase(data, seed) {
  const drawn = drawCase(data.generator, seed);
  return { drawn, ranked: rankFindingKeys(data.evidence, findingKeys(drawn, data.evidence)),
    triage: triage(data.triage, drawn.red_flags) };
}

/** A case number typed by the student: the number, or null when it is not 1 to seedMax. */
export function parseCaseNumber(text, seedMax) {
  const clean = String(text).trim().replace(/^case\s*/i, "").replace(/[\s,._']/g, "");
  if (!/^\d{1,10}$/.test(clean)) return null;
  const value = Number(clean);
  return value >= 1 && value <= seedMax ? value : null;
}

/** The packed case data (`unpackData`, shared): a readable error when it is missing. */
export function unpack(packed) {
  if (!isObject(packed) || typeof packed.data !== "string") {
    return Promise.reject(new Error("The case data is missing from this widget's saved state."));
  }
  return unpackData(packed);
}

function usable(data) {
  const g = isObject(data) ? data.generator : null;
  return Boolean(g && Array.isArray(g.candidates) && g.candidates.length && Array.isArray(g.regions)
    && isObject(g.texts) && isObject(g.exam) && isObject(g.red_flags) && isObject(g.people)
    && isObject(data.evidence) && isObject(data.evidence.findings) && isObject(data.triage)
    && Array.isArray(data.triage.rules) && Array.isArray(data.levels) && isObject(data.texts));
}

function percent(p) {
  return p < 0.001 ? "under 0.1%" : `${(p * 100).toFixed(1)}%`;
}

/** The stored answers of every case, cleaned: {"c<seed>": {lesion, level, checked}}. */
function storedCases(raw, candidateIds) {
  const out = {};
  const cases = isObject(raw) && isObject(raw.cases) ? raw.cases : {};
  for (const [key, entry] of Object.entries(cases)) {
    if (!/^c\d+$/.test(key) || !isObject(entry)) continue;
    out[key] = {
      lesion: candidateIds.includes(entry.lesion) ? entry.lesion : "",
      level: LEVELS.includes(entry.level) ? entry.level : "",
      checked: entry.checked === true && typeof entry.site_right === "boolean" && typeof entry.level_right === "boolean",
      site_right: entry.site_right === true,
      level_right: entry.level_right === true,
    };
  }
  return out;
}

async function render({ model, el: container }) {
  const isStatic = model.legpainStatic === true;
  if (typeof DecompressionStream !== "function") {
    container.append(el("p", { class: "legpain-problem", role: "status" },
      "The generated cases cannot be shown: this browser cannot unpack the case data; please use a " +
      "current version of Chrome, Edge, Firefox or Safari."));
    return () => {};
  }
  const data = await unpack(model.get("data_packed"));
  if (!usable(data)) throw new Error("The case data in this widget's saved state is incomplete.");
  const gen = data.generator;
  const texts = data.texts;
  const seedMax = gen.seed_max;
  const candidates = data.evidence.candidates;
  const candidateIds = candidates.map((c) => c.id);
  const levels = Object.fromEntries(data.levels.map((level) => [level.id, level]));
  const levelText = (id) => `${levels[id].label} (${levels[id].timing})`;
  const flagWords = isObject(data.red_flag_words) ? data.red_flag_words : {};
  const uid = uniqueId("lpgc");
  const stored = savedStore(STORE_KEY);

  const root = el("section", { class: "lpgc", "aria-label": texts.title });
  root.append(el("p", { class: "lpgc-note" }, texts.note));
  stored.onFailure((failure) => root.insertBefore(storageNotice(failure), root.children[1] || null));

  // ---- the case number, "Load case" and "New case"
  const bar = el("div", { class: "lpgc-toolbar" });
  const seedId = `${uid}-seed`;
  const seedError = el("p", { class: "lpgc-error", id: `${uid}-seed-error`, role: "status", "aria-live": "polite" });
  const seedInput = el("input", { type: "text", id: seedId, class: "lpgc-seed", inputmode: "numeric",
    autocomplete: "off", spellcheck: "false", "aria-describedby": seedError.id });
  const loadButton = el("button", { type: "button", class: "lpgc-load" }, texts.load);
  const newButton = el("button", { type: "button", class: "lpgc-new" }, texts.new_case);
  bar.append(el("label", { for: seedId, class: "lpgc-seed-label" }, texts.case_number), seedInput, loadButton, newButton);
  root.append(bar, seedError);

  // ---- the story
  const article = el("article", { class: "lpgc-case", "aria-labelledby": `${uid}-heading` });
  root.append(article);

  // ---- the student's answers
  const form = el("div", { class: "lpgc-answers" });
  const selectId = `${uid}-lesion`;
  const select = el("select", { id: selectId, class: "lpgc-select" });
  select.append(el("option", { value: "" }, texts.lesion_placeholder));
  const groups = isObject(texts.groups) ? texts.groups : {};
  [...new Set(candidates.map((c) => c.kind))].forEach((kind) => {
    const group = el("optgroup", { label: groups[kind] || kind });
    candidates.filter((c) => c.kind === kind).forEach((c) => group.append(el("option", { value: c.id }, c.name)));
    select.append(group);
  });
  const lesionBox = el("div", { class: "lpgc-lesion" },
    el("label", { for: selectId, class: "lpgc-question" }, texts.lesion_question), select);
  const levelBox = el("fieldset", { class: "lpgc-levels" });
  levelBox.append(el("legend", { class: "lpgc-question" }, texts.level_question));
  const radios = {};
  LEVELS.forEach((id) => {
    const inputId = `${uid}-level-${id}`;
    radios[id] = el("input", { type: "radio", name: `${uid}-level`, id: inputId, value: id });
    levelBox.append(el("div", { class: "lpgc-level-option" }, radios[id],
      el("label", { for: inputId }, levelText(id))));
  });
  const checkButton = el("button", { type: "button", class: "lpgc-check" }, texts.check);
  const status = el("p", { class: "lpgc-status", role: "status", "aria-live": "polite" });
  form.append(lesionBox, levelBox, el("div", { class: "lpgc-actions" }, checkButton), status);
  root.append(form);

  const feedback = el("section", { class: "lpgc-feedback", "aria-label": texts.bars_heading });
  feedback.hidden = true;
  const tally = el("p", { class: "lpgc-tally" });
  root.append(feedback, tally);
  container.append(root);

  let seed = 1;
  let solved = null;

  const chosenLevel = () => LEVELS.find((id) => radios[id].checked) || "";

  function cases() {
    return storedCases(stored.read(), candidateIds);
  }

  function showTally() {
    const entries = Object.values(cases()).filter((entry) => entry.checked);
    tally.textContent = entries.length ? fill(texts.tally, {
      n: entries.length, s: entries.length === 1 ? "" : "s",
      site: entries.filter((e) => e.site_right).length, level: entries.filter((e) => e.level_right).length,
    }) : "";
    tally.hidden = !entries.length;
  }

  function remember(entry) {
    stored.update((current) => {
      const all = isObject(current.cases) ? current.cases : {};
      delete all[`c${seed}`];
      all[`c${seed}`] = entry; // the newest last
      const keys = Object.keys(all);
      keys.slice(0, Math.max(0, keys.length - KEEP_CASES)).forEach((key) => { delete all[key]; });
      current.cases = all;
    });
    showTally();
  }

  function sendAnswers(checked) {
    model.set("lesion_answer", select.value);
    model.set("level_answer", chosenLevel());
    model.set("checked", checked);
    model.save_changes();
  }

  function showStory() {
    const { drawn } = solved;
    article.textContent = "";
    article.append(el("h3", { class: "lpgc-heading", id: `${uid}-heading`, tabindex: "-1" },
      fill(texts.heading, { seed })));
    const [history, exam, extra] = drawn.paragraphs;
    article.append(el("p", { class: "lpgc-story" }, history.join(" ")));
    article.append(el("p", { class: "lpgc-exam-heading" }, texts.exam_heading));
    const list = el("ul", { class: "lpgc-exam" });
    exam.slice(1).forEach((sentence) => list.append(el("li", {}, sentence)));
    article.append(list);
    if (extra) article.append(el("p", { class: "lpgc-story lpgc-extra" }, extra.join(" ")));
  }

  function showFeedback() {
    const { drawn, ranked, triage: answer } = solved;
    const key = ranked[0];
    const mine = select.value;
    const myLevel = chosenLevel();
    const mineIndex = ranked.findIndex((c) => c.id === mine);
    feedback.textContent = "";
    const siteRight = mine === key.id;
    const levelRight = myLevel === answer.level;
    feedback.append(el("p", { class: `lpgc-verdict ${siteRight ? "lpgc-right" : "lpgc-wrong"}` },
      siteRight ? fill(texts.lesion_right, { name: key.name, p: percent(key.probability) })
        : fill(texts.lesion_wrong, { name: key.name, p: percent(key.probability),
          mine: mineIndex >= 0 ? ranked[mineIndex].name : mine, rank: mineIndex + 1,
          pmine: mineIndex >= 0 ? percent(ranked[mineIndex].probability) : "" })));
    feedback.append(el("p", { class: `lpgc-verdict ${levelRight ? "lpgc-right" : "lpgc-wrong"}` },
      levelRight ? fill(texts.level_right, { label: levels[answer.level].label, timing: levels[answer.level].timing })
        : fill(texts.level_wrong, { label: levels[answer.level].label, timing: levels[answer.level].timing,
          mine: levelText(myLevel) })));

    // the posterior: the top five, and the student's answer if it is further down
    const barsId = `${uid}-bars`;
    feedback.append(el("h4", { class: "lpgc-subheading", id: barsId }, texts.bars_heading));
    const top = ranked.slice(0, 5);
    const bars = el("ol", { class: "lpgc-bars", "aria-labelledby": barsId });
    const row = (c, number) => {
      const item = el("li", { class: `lpgc-bar${c.id === mine ? " lpgc-bar-mine" : ""}`, value: String(number) });
      const name = el("span", { class: "lpgc-bar-name" }, c.name);
      if (c.id === mine) name.append(" ", el("span", { class: "lpgc-tag" }, `(${texts.yours})`));
      const track = el("span", { class: "lpgc-track", "aria-hidden": "true" },
        el("span", { class: "lpgc-fill", style: `width: ${Math.max(0.5, c.probability * 100).toFixed(1)}%` }));
      item.append(name, track, el("span", { class: "lpgc-p" }, percent(c.probability)));
      return item;
    };
    top.forEach((c, i) => bars.append(row(c, i + 1)));
    if (mineIndex >= top.length) bars.append(row(ranked[mineIndex], mineIndex + 1));
    feedback.append(bars);
    feedback.append(el("p", { class: "lpgc-caption" },
      fill(texts.bars_caption, { n: top.length, total: ranked.length })));

    // why the first candidate comes first
    feedback.append(el("h4", { class: "lpgc-subheading" }, fill(texts.why_heading, { name: key.name })));
    const why = el("ul", { class: "lpgc-why" });
    key.supporting.slice(0, 4).forEach((reason) => why.append(el("li", { class: "lpgc-for" },
      el("span", { class: "lpgc-mark" }, `${texts.for}: `), reason)));
    key.against.slice(0, 3).forEach((reason) => why.append(el("li", { class: "lpgc-against" },
      el("span", { class: "lpgc-mark" }, `${texts.against}: `), reason)));
    if (why.children.length) feedback.append(why);
    const drawnName = (candidates.find((c) => c.id === drawn.lesion) || { name: drawn.lesion }).name;
    feedback.append(el("p", { class: "lpgc-drawn" }, fill(texts.drawn, { name: drawnName }),
      drawn.lesion !== key.id ? ` ${texts.drawn_differs}` : ""));

    // the triage
    feedback.append(el("h4", { class: "lpgc-subheading" }, texts.triage_heading));
    const box = el("div", { class: `lpgc-triage lpgc-triage-${answer.level}` });
    box.append(el("p", { class: "lpgc-triage-level" }, levelText(answer.level)));
    box.append(el("p", { class: "lpgc-action" }, answer.action));
    feedback.append(box);
    if (answer.signs.length) {
      feedback.append(el("p", { class: "lpgc-flags-heading" }, `${texts.flags_heading}:`));
      const flags = el("ul", { class: "lpgc-flags" });
      answer.signs.forEach((sign) => flags.append(el("li", {}, flagWords[sign] ? `${sign}: ${flagWords[sign]}` : sign)));
      feedback.append(flags);
    } else {
      feedback.append(el("p", { class: "lpgc-flags-heading" }, texts.no_flags));
    }
    feedback.append(el("p", { class: "lpgc-flags-heading" }, `${texts.reasons_heading}:`));
    const reasons = el("ul", { class: "lpgc-reasons" });
    answer.reasons.forEach((reason) => reasons.append(el("li", {}, reason)));
    feedback.append(reasons);
    if (answer.signs.length) {
      feedback.append(el("p", { class: "lpgc-link" }, el("a", {
        href: isStatic ? texts.red_flags_book : texts.red_flags_lab, class: "lpgc-redflags" }, texts.red_flags_text)));
    }
    feedback.append(el("p", { class: "lpgc-limits" }, texts.limits));
    feedback.hidden = false;
    return { siteRight, levelRight };
  }

  function hideFeedback() {
    feedback.hidden = true;
    feedback.textContent = "";
  }

  function setAnswers(lesion, level) {
    select.value = candidateIds.includes(lesion) ? lesion : "";
    LEVELS.forEach((id) => { radios[id].checked = id === level; });
  }

  /** Show case `value`; answers come from the model (when they are for this case) or storage. */
  function showCase(value, { fromModel = false, focus = false } = {}) {
    seed = value;
    seedInput.value = String(seed);
    seedInput.removeAttribute("aria-invalid");
    solved = solveCase(data, seed);
    showStory();
    hideFeedback();
    status.textContent = "";
    const entry = cases()[`c${seed}`];
    const modelLesion = model.get("lesion_answer");
    const modelLevel = model.get("level_answer");
    if (fromModel && (candidateIds.includes(modelLesion) || LEVELS.includes(modelLevel))) {
      setAnswers(modelLesion, modelLevel);
      if (model.get("checked") === true && select.value && chosenLevel()) showFeedback();
    } else if (entry) {
      setAnswers(entry.lesion, entry.level);
      if (entry.checked && select.value && chosenLevel()) showFeedback();
    } else {
      setAnswers("", "");
    }
    if (focus) article.querySelector(".lpgc-heading").focus();
  }

  function load(value) {
    showCase(value, { focus: true });
    seedError.textContent = "";
    model.set("seed", seed);
    sendAnswers(false);
  }

  loadButton.addEventListener("click", () => {
    const value = parseCaseNumber(seedInput.value, seedMax);
    if (value === null) {
      seedError.textContent = texts.bad_number;
      seedInput.setAttribute("aria-invalid", "true");
      seedInput.focus();
      return;
    }
    load(value);
  });
  seedInput.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault();
      loadButton.click();
    }
  });
  newButton.addEventListener("click", () => {
    const most = Number.isInteger(data.new_case_max) && data.new_case_max > 1 ? data.new_case_max : 999999;
    let value = seed;
    while (value === seed) value = 1 + (freshSeed() % most);
    load(value);
  });
  checkButton.addEventListener("click", () => {
    if (!select.value || !chosenLevel()) {
      status.textContent = texts.choose_first;
      return;
    }
    const result = showFeedback();
    status.textContent = "";
    remember({ lesion: select.value, level: chosenLevel(), checked: true,
      site_right: result.siteRight, level_right: result.levelRight });
    sendAnswers(true);
    feedback.querySelector(".lpgc-verdict").setAttribute("tabindex", "-1");
    feedback.querySelector(".lpgc-verdict").focus();
  });
  const changed = () => {
    if (!feedback.hidden) {
      hideFeedback();
      status.textContent = texts.changed;
    }
    sendAnswers(false);
  };
  select.addEventListener("change", changed);
  LEVELS.forEach((id) => radios[id].addEventListener("change", changed));

  const initial = model.get("seed");
  const valid = Number.isInteger(initial) && initial >= 1 && initial <= seedMax;
  showCase(valid ? initial : 1, { fromModel: valid });
  if (!valid) seedError.textContent = texts.bad_saved_number;
  showTally();

  const onSeed = () => {
    const value = model.get("seed");
    // Python chose another case: the answers of the previous one do not carry over
    if (Number.isInteger(value) && value >= 1 && value <= seedMax && value !== seed) showCase(value);
  };
  model.on("change:seed", onSeed);
  root.dataset.ready = "yes";
  return () => {
    model.off("change:seed", onSeed);
    root.remove();
  };
}

export default guarded(render, "The generated cases");
