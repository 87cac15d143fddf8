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
  const keys = question.options.map((o) => optionKey(o.text));
  return choiceQuestion({
    prefix: "lpq", idBase: `lpq-${uid}-${question.id}`, number: `${number}. `, question, seed,
    scope: `${quizId}:${question.id}`, initial: entry, typeHint: true, tryAgain: true,
    rightMark: "✓ A right answer",
    fallbackHint: "the feedback on your choice says why it does not fit; look for the option that avoids that problem.",
    onStore: ({ picked, checked, revealed }) => onChange(question, {
      picked: picked.map((i) => keys[i]), checked, seed, ...(revealed ? { revealed: true } : {}),
    }, checked ? picked : null),
  });
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
