// Case library: invented patient stories with staged questions and feedback on every option.
// Cases come from the model's `library` trait (the course's cases.yaml); the student's answers
// are kept in this browser's localStorage and sent to the `progress` trait.
//
// As in the quiz, options are shown in a seeded shuffled order (displayOrder, the same algorithm as
// Python's legpain.widgets.quiz.display_order) and an answer is stored by option identity
// (optionKey, a hash of the option's text) with the seed of the order the student saw. A wrong
// try shows only the chosen option's feedback and a hint; every option's feedback appears once
// the answer is right or the student asks for it.

const STORE_KEY = "legpain-cases:v1";


/**
 * The saved answer of one question if it is valid for that question, else null:
 * {selected (data index), checked, revealed, seed}. Reads the current format (the option's key in
 * `picked`) and the old one (its data index in `selected`).
 */
export function savedAnswer(saved, caseRow, question) {
  const forCase = saved && typeof saved[caseRow.id] === "object" && saved[caseRow.id] ? saved[caseRow.id] : {};
  const entry = forCase[question.id];
  if (!entry || typeof entry !== "object" || Array.isArray(entry)) return null;
  let index = -1;
  if (typeof entry.picked === "string") {
    index = question.options.findIndex((o) => optionKey(o.text) === entry.picked);
  } else if (Number.isInteger(entry.selected)) {
    index = entry.selected;
  }
  if (!Number.isInteger(index) || index < 0 || index >= question.options.length) return null;
  return {
    selected: index,
    checked: entry.checked === true,
    revealed: entry.revealed === true,
    seed: validSeed(entry.seed) ? entry.seed : null,
  };
}

/** {checked, right, total} for one case from the saved answers. */
export function caseProgress(saved, caseRow) {
  let checked = 0;
  let right = 0;
  caseRow.questions.forEach((q) => {
    const answer = savedAnswer(saved, caseRow, q);
    if (answer && answer.checked) {
      checked += 1;
      if (q.options[answer.selected].correct) right += 1;
    }
  });
  return { checked, right, total: caseRow.questions.length };
}

function statusText(p) {
  if (p.checked === 0) return { mark: "○", text: "not started" };
  if (p.checked < p.total) return { mark: "◐", text: `in progress, ${p.checked} of ${p.total} answered` };
  return { mark: "✓", text: `done, ${p.right} of ${p.total} right` };
}

function render({ model, el: container }) {
  const library = model.get("library") || {};
  const cases = Array.isArray(library.cases) ? library.cases : [];
  if (!cases.length) {
    throw new Error("This case library has no cases.");
  }
  // JupyterLab loads a fresh copy of this module per widget, so the counter alone is not unique
  const uid = uniqueId("lpc");
  const stored = savedStore(STORE_KEY);
  const saved = stored.read();
  const isStatic = model.legpainStatic === true;
  const fixedSeed = validSeed(model.get("seed")) ? model.get("seed") : null;
  const loadSeed = fixedSeed || freshSeed();
  const root = el("section", { class: "lpc", "aria-label": "Case library" });
  root.append(el("p", { class: "lpc-note" },
    "Every case is invented. Your answers stay in this browser only; nothing is sent anywhere."));
  stored.onFailure((failure) => root.insertBefore(storageNotice(failure), root.children[1] || null));
  const layout = el("div", { class: "lpc-layout" });
  const nav = el("nav", { class: "lpc-nav", "aria-label": "Cases" });
  const overall = el("p", { class: "lpc-overall", "aria-live": "polite" });
  nav.append(overall);
  const buttons = {};
  const categories = Array.isArray(library.categories) ? library.categories : [];
  const order = [...categories, ...new Set(cases.map((c) => c.category).filter((c) => !categories.includes(c)))];
  order.forEach((category) => {
    const inCategory = cases.filter((c) => c.category === category);
    if (!inCategory.length) return;
    const headingId = `${uid}-cat-${category.replace(/\W+/g, "-")}`;
    nav.append(el("p", { class: "lpc-cat", id: headingId }, category.charAt(0).toUpperCase() + category.slice(1)));
    const list = el("ul", { class: "lpc-list", "aria-labelledby": headingId });
    inCategory.forEach((c) => {
      const item = el("li");
      const button = el("button", { type: "button", class: "lpc-pick", "data-case": c.id });
      const mark = el("span", { class: "lpc-mark", "aria-hidden": "true" });
      const title = el("span", { class: "lpc-pick-title" }, c.title);
      const status = el("span", { class: "lpc-status" });
      button.append(mark, title, status);
      button.addEventListener("click", () => choose(c.id, true));
      item.append(button);
      list.append(item);
      buttons[c.id] = { button, mark, status };
    });
    nav.append(list);
  });
  const article = el("article", { class: "lpc-case" });
  layout.append(nav, article);
  root.append(layout);
  container.append(root);

  function updateMarks() {
    let done = 0;
    cases.forEach((c) => {
      const p = caseProgress(saved, c);
      if (p.checked === p.total) done += 1;
      const s = statusText(p);
      const b = buttons[c.id];
      b.mark.textContent = s.mark;
      b.status.textContent = s.text;
      b.button.classList.toggle("lpc-done", p.checked === p.total);
    });
    overall.textContent = `${done} of ${cases.length} cases done`;
  }

  function sendProgress() {
    const progress = {};
    cases.forEach((c) => {
      c.questions.forEach((q) => {
        const answer = savedAnswer(saved, c, q);
        if (answer && answer.checked) {
          progress[c.id] = progress[c.id] || {};
          progress[c.id][q.id] = answer.selected;
        }
      });
    });
    model.set("progress", progress);
    model.save_changes();
  }

  function remember(caseRow, question, selected, checked, extra = {}) {
    if (!saved[caseRow.id] || typeof saved[caseRow.id] !== "object" || Array.isArray(saved[caseRow.id])) {
      saved[caseRow.id] = {};
    }
    if (selected === null) delete saved[caseRow.id][question.id];
    else saved[caseRow.id][question.id] = { picked: optionKey(question.options[selected].text), checked, ...extra };
    const mine = saved[caseRow.id];
    stored.update((current) => {  // another tab may have saved other answers of this case since
      const theirs = current[caseRow.id] && typeof current[caseRow.id] === "object"
        && !Array.isArray(current[caseRow.id]) ? current[caseRow.id] : {};
      current[caseRow.id] = Object.assign(theirs, { [question.id]: mine[question.id] });
      if (selected === null) delete current[caseRow.id][question.id];
    });
    updateMarks();
    if (checked || selected === null) sendProgress();
  }

  function chapterLink(caseRow) {
    const href = `${caseRow.chapter}${isStatic ? ".html" : ".ipynb"}`;
    const p = el("p", { class: "lpc-chapter" });
    p.append("Learn more in the chapter ", el("a", { href }, caseRow.chapter_title), ".");
    return p;
  }

  function renderQuestion(caseRow, question, number, onChecked) {
    const previous = savedAnswer(saved, caseRow, question);
    // a stored answer keeps the order the student saw; a fixed seed (tests) overrides it
    const seed = fixedSeed || (previous && previous.seed) || loadSeed;
    return choiceQuestion({
      prefix: "lpc", idBase: `${uid}-${caseRow.id}-${question.id}`, number: `Step ${number}. `,
      question: { ...question, type: "single" }, seed, scope: `${caseRow.id}:${question.id}`,
      initial: previous && { picked: [previous.selected], checked: previous.checked, revealed: previous.revealed },
      rightMark: "✓ Right",
      fallbackHint: "read the story and the findings again, then the feedback on your choice.",
      onStore: ({ picked, checked, revealed }) => remember(caseRow, question,
        picked.length ? picked[0] : null, checked, { seed, ...(revealed ? { revealed: true } : {}) }),
      onChecked,
    });
  }

  function renderCase(caseRow, focus) {
    article.textContent = "";
    const heading = el("h3", { class: "lpc-title", tabindex: "-1" }, caseRow.title);
    article.append(heading);
    article.append(el("p", { class: "lpc-category" }, `Case: ${caseRow.category}`));
    article.append(el("p", { class: "lpc-story" }, caseRow.story));
    const findings = el("table", { class: "lpc-findings" });
    findings.append(el("caption", {}, "Findings, in the course's words"));
    const body = el("tbody");
    (caseRow.findings || []).forEach(([label, text]) => {
      const row = el("tr");
      row.append(el("th", { scope: "row" }, label), el("td", {}, text));
      body.append(row);
    });
    findings.append(body);
    article.append(findings);
    const boxes = caseRow.questions.map((q, i) => renderQuestion(caseRow, q, i + 1, () => reveal()));
    const waiting = el("p", { class: "lpc-waiting" });
    const summary = el("p", { class: "lpc-summary", role: "status", "aria-live": "polite" });
    boxes.forEach((b) => article.append(b));
    article.append(waiting, summary);
    article.append(chapterLink(caseRow));
    const sources = (caseRow.sources || []).join("; ");
    article.append(el("p", { class: "lpc-sources" }, `Sources: ${sources}${sources.endsWith(".") ? "" : "."}`));
    const restart = el("button", { type: "button", class: "lpc-restart" }, "Start this case again");
    restart.addEventListener("click", () => {
      delete saved[caseRow.id];
      stored.update((current) => { delete current[caseRow.id]; });
      updateMarks();
      sendProgress();
      renderCase(caseRow, true);
    });
    article.append(restart);

    function reveal() {
      // a step is open when every step before it has been checked at least once
      // (changing an earlier answer later does not close the steps already reached)
      const checked = caseRow.questions.map((q) => {
        const answer = savedAnswer(saved, caseRow, q);
        return Boolean(answer && answer.checked);
      });
      const lastChecked = checked.lastIndexOf(true);
      const firstOpen = checked.indexOf(false);
      const limit = Math.max(lastChecked + 1, firstOpen === -1 ? checked.length : firstOpen);
      boxes.forEach((box, i) => { box.hidden = i > limit; });
      const p = caseProgress(saved, caseRow);
      waiting.textContent = p.checked < p.total ? "The next step opens when you check this one." : "";
      summary.textContent = p.checked === p.total ? `Case done: ${p.right} of ${p.total} right.` : "";
    }
    reveal();
    if (focus) heading.focus();
  }

  function choose(caseId, focus) {
    const caseRow = cases.find((c) => c.id === caseId) || cases[0];
    Object.entries(buttons).forEach(([id, b]) => {
      if (id === caseRow.id) b.button.setAttribute("aria-current", "true");
      else b.button.removeAttribute("aria-current");
    });
    const picked = buttons[caseRow.id].button;
    const delta = picked.getBoundingClientRect().top - nav.getBoundingClientRect().top;
    if (delta < 0 || delta > nav.clientHeight - 48) nav.scrollTop += delta - 48; // keep it in view
    renderCase(caseRow, focus);
    if (model.get("current") !== caseRow.id) {
      model.set("current", caseRow.id);
      model.save_changes();
    }
  }

  updateMarks();
  choose(model.get("current"), false);
  return () => root.remove();
}

export default guarded(render, "The case library");
