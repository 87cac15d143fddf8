// Check-yourself quiz. Questions come from the model's `quiz` trait (the course's YAML data);
// the student's answers are kept in this browser's localStorage and sent to the `answers` trait.
//
// Options are shown in a seeded shuffled order (displayOrder, the same algorithm as Python's
// legpain.widgets.quiz.display_order), so the right answer has no habitual place. Answers are
// stored by option identity (optionKey: a hash of the option's text), never by screen position,
// together with the seed of the order the student saw, so a stored answer comes back on its own
// option in the same order. A wrong try shows only the feedback of the option(s) chosen and a
// hint; every option's feedback appears once the answer is right or the student asks for it.

const STORE_PREFIX = "legpain-quiz:v1:";

/**
 * One stored answer, read for one question: {picked (data indices), checked, revealed, seed},
 * or null when the entry is missing or malformed. Reads the current format (option keys in
 * `picked`) and the old one (data indices in `selected`).
 */
export function readEntry(entry, question) {
  if (!entry || typeof entry !== "object" || Array.isArray(entry)) return null;
  const count = question.options.length;
  let picked;
  if (Array.isArray(entry.picked)) {
    const keys = question.options.map((o) => optionKey(o.text));
    picked = entry.picked.map((k) => (typeof k === "string" ? keys.indexOf(k) : -1));
  } else if (Array.isArray(entry.selected)) {
    picked = entry.selected.map((i) => (Number.isInteger(i) ? i : -1));
  } else {
    return null;
  }
  picked = [...new Set(picked.filter((i) => i >= 0 && i < count))].sort((a, b) => a - b);
  if (question.type === "single") picked = picked.slice(0, 1);
  return {
    picked,
    checked: entry.checked === true && picked.length > 0,
    revealed: entry.revealed === true,
    seed: validSeed(entry.seed) ? entry.seed : null,
  };
}


function isCorrect(question, chosen) {
  const wanted = question.options.map((o, i) => (o.correct ? i : -1)).filter((i) => i >= 0);
  return wanted.length === chosen.length && wanted.every((i) => chosen.includes(i));
}

function renderQuestion(question, number, ctx) {
  const { quizId, uid, seed, entry, onChange } = ctx;
  const box = el("fieldset", { class: "lpq-question", "data-question": question.id });
  const legend = el("legend", { class: "lpq-prompt" });
  legend.append(el("span", { class: "lpq-number" }, `${number}. `), question.prompt);
  box.append(legend);
  const single = question.type === "single";
  box.append(el("p", { class: "lpq-hint" }, single ? "Choose one answer." : "Tick every answer that applies."));
  const list = el("ul", { class: "lpq-options" });
  const inputs = []; // by data index
  const feedbacks = []; // by data index
  const keys = question.options.map((o) => optionKey(o.text));
  const order = displayOrder(question.options.length, seed, `${quizId}:${question.id}`);
  const items = [];
  question.options.forEach((option, index) => {
    const item = el("li", { class: "lpq-option", "data-option": keys[index] });
    const id = `lpq-${uid}-${question.id}-${index}`;
    const input = el("input", {
      type: single ? "radio" : "checkbox",
      name: `lpq-${uid}-${question.id}`,
      id,
      value: String(index),
    });
    const label = el("label", { for: id }, option.text);
    const feedback = el("div", { class: "lpq-feedback", id: `${id}-feedback` });
    feedback.hidden = true;
    item.append(input, label, feedback);
    items.push(item);
    inputs.push(input);
    feedbacks.push(feedback);
  });
  order.forEach((index) => list.append(items[index]));
  box.append(list);
  const actions = el("div", { class: "lpq-actions" });
  const check = el("button", { type: "button", class: "lpq-check" }, "Check answer");
  const reset = el("button", { type: "button", class: "lpq-reset" }, "Try again");
  const showAll = el("button", { type: "button", class: "lpq-show-all" }, "Show all answers");
  showAll.hidden = true;
  actions.append(check, reset, showAll);
  box.append(actions);
  const result = el("p", { class: "lpq-result", role: "status", "aria-live": "polite", tabindex: "-1" });
  box.append(result);
  const tip = el("p", { class: "lpq-tip" });
  tip.hidden = true;
  box.append(tip);
  const explanation = el("p", { class: "lpq-explanation" }, question.explanation || "");
  explanation.hidden = true;
  box.append(explanation);

  let revealed = Boolean(entry && entry.revealed);
  const chosen = () => inputs.filter((i) => i.checked).map((i) => Number(i.value));

  function feedbackFor(index, picked) {
    const option = question.options[index];
    const mark = option.correct ? "✓ A right answer" : "✗ Not right";
    const prefix = picked ? `You chose this. ${mark}: ` : `${mark}: `;
    feedbacks[index].textContent = prefix + option.feedback;
    feedbacks[index].className = `lpq-feedback ${option.correct ? "lpq-fb-right" : "lpq-fb-wrong"}${picked ? " lpq-fb-picked" : ""}`;
    feedbacks[index].hidden = false;
    inputs[index].setAttribute("aria-describedby", feedbacks[index].id);
  }

  function show(selection) {
    const right = isCorrect(question, selection);
    const all = right || revealed;
    box.classList.toggle("lpq-right", right);
    box.classList.toggle("lpq-wrong", !right);
    feedbacks.forEach((f) => { f.hidden = true; f.textContent = ""; });
    inputs.forEach((i) => i.removeAttribute("aria-describedby"));
    question.options.forEach((option, index) => {
      const picked = selection.includes(index);
      if (all || picked) feedbackFor(index, picked);
    });
    if (right) {
      result.textContent = "Correct.";
    } else if (revealed) {
      result.textContent = "Not quite. Every option's feedback is shown below it.";
    } else {
      result.textContent = single
        ? "Not quite. Read the feedback on your choice and the hint, then try another answer."
        : "Not quite: you need every right option and no wrong one. Read the feedback on your choices and the hint, then try again.";
    }
    const hint = question.hint || question.explanation || "";
    tip.textContent = `Hint: ${hint || "the feedback on your choice says why it does not fit; look for the option that avoids that problem."}`;
    tip.hidden = all;
    explanation.hidden = !(all && question.explanation);
    showAll.hidden = all;
  }

  function clear() {
    box.classList.remove("lpq-right", "lpq-wrong");
    result.textContent = "";
    feedbacks.forEach((f) => { f.hidden = true; f.textContent = ""; });
    inputs.forEach((i) => i.removeAttribute("aria-describedby"));
    tip.hidden = true;
    explanation.hidden = true;
    showAll.hidden = true;
  }

  const store = (checked) => onChange(question, {
    picked: chosen().map((i) => keys[i]), checked, seed, ...(revealed ? { revealed: true } : {}),
  }, checked ? chosen() : null);

  check.addEventListener("click", () => {
    const selection = chosen();
    if (selection.length === 0) {
      result.textContent = single ? "Choose an answer first." : "Tick at least one answer first.";
      return;
    }
    show(selection);
    store(true);
  });
  reset.addEventListener("click", () => {
    inputs.forEach((i) => { i.checked = false; });
    revealed = false;
    clear();
    store(false);
    inputs[order[0]].focus();
  });
  showAll.addEventListener("click", () => {
    revealed = true;
    show(chosen());
    store(true);
    result.focus(); // the button disappears; keep focus in the question
  });
  inputs.forEach((input) => input.addEventListener("change", () => {
    clear();
    store(false);
  }));

  if (entry) {
    entry.picked.forEach((i) => { inputs[i].checked = true; });
    if (entry.checked) show(entry.picked);
  }
  return box;
}

function render({ model, el: root }) {
  const quiz = model.get("quiz");
  if (!quiz || !Array.isArray(quiz.questions)) {
    throw new Error("This quiz has no questions.");
  }
  // JupyterLab loads a fresh copy of this module per widget, so the counter alone is not unique
  const uid = uniqueId(`${quiz.id}-`);
  const store = savedStore(STORE_PREFIX + quiz.id);
  const saved = store.read();
  const fixedSeed = validSeed(model.get("seed")) ? model.get("seed") : null;
  const loadSeed = fixedSeed || freshSeed();
  const entries = {}; // question id -> readEntry result (null when none or malformed)
  quiz.questions.forEach((q) => { entries[q.id] = readEntry(saved[q.id], q); });

  const container = el("section", { class: "lpq", "aria-label": quiz.title || "Check yourself" });
  const header = el("div", { class: "lpq-header" });
  header.append(el("p", { class: "lpq-title" }, quiz.title || "Check yourself"));
  const score = el("p", { class: "lpq-score", "aria-live": "polite" });
  header.append(score);
  container.append(header);
  container.append(el("p", { class: "lpq-note" },
    "Your answers stay in this browser only; nothing is sent anywhere."));
  store.onFailure((failure) => header.after(storageNotice(failure)));

  function updateScore() {
    const right = quiz.questions.filter((q) => {
      const e = entries[q.id];
      return e && e.checked && isCorrect(q, e.picked);
    }).length;
    score.textContent = `${right} of ${quiz.questions.length} answered correctly`;
  }

  function onChange(question, stored, checkedSelection) {
    saved[question.id] = stored;
    entries[question.id] = readEntry(stored, question);
    store.update((current) => { current[question.id] = stored; });
    updateScore();
    if (checkedSelection) {
      const answers = Object.assign({}, model.get("answers") || {});
      answers[question.id] = checkedSelection;
      model.set("answers", answers);
      model.save_changes();
    }
  }

  quiz.questions.forEach((question, index) => {
    const entry = entries[question.id];
    // a stored answer keeps the order the student saw; a fixed seed (tests) overrides it
    const seed = fixedSeed || (entry && entry.seed) || loadSeed;
    container.append(renderQuestion(question, index + 1, { quizId: quiz.id, uid, seed, entry, onChange }));
  });
  updateScore();
  root.append(container);
  return () => container.remove();
}

export default guarded(render, "The quiz");
