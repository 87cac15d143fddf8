// Check-yourself quiz. Questions come from the model's `quiz` trait (the course's YAML data);
// the student's answers are kept in this browser's localStorage and sent to the `answers` trait.

const STORE_PREFIX = "legpain-quiz:v1:";
let instances = 0;

function loadSaved(quizId) {
  try {
    const raw = window.localStorage.getItem(STORE_PREFIX + quizId);
    const saved = raw ? JSON.parse(raw) : {};
    return saved && typeof saved === "object" ? saved : {};
  } catch (error) {
    return {}; // storage blocked (private mode, sandboxed frame): the quiz still works
  }
}

function save(quizId, saved) {
  try {
    window.localStorage.setItem(STORE_PREFIX + quizId, JSON.stringify(saved));
  } catch (error) {
    // storage unavailable: answers live for this page view only
  }
}

function el(tag, attrs = {}, text) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

function isCorrect(question, chosen) {
  const wanted = question.options.map((o, i) => (o.correct ? i : -1)).filter((i) => i >= 0);
  return wanted.length === chosen.length && wanted.every((i) => chosen.includes(i));
}

function renderQuestion(question, number, quizId, uid, saved, onCheck) {
  const box = el("fieldset", { class: "lpq-question", "data-question": question.id });
  const legend = el("legend", { class: "lpq-prompt" });
  legend.append(el("span", { class: "lpq-number" }, `${number}. `), question.prompt);
  box.append(legend);
  const single = question.type === "single";
  box.append(el("p", { class: "lpq-hint" }, single ? "Choose one answer." : "Tick every answer that applies."));
  const list = el("ul", { class: "lpq-options" });
  const inputs = [];
  const feedbacks = [];
  question.options.forEach((option, index) => {
    const item = el("li", { class: "lpq-option" });
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
    list.append(item);
    inputs.push(input);
    feedbacks.push(feedback);
  });
  box.append(list);
  const actions = el("div", { class: "lpq-actions" });
  const check = el("button", { type: "button", class: "lpq-check" }, "Check answer");
  const reset = el("button", { type: "button", class: "lpq-reset" }, "Try again");
  actions.append(check, reset);
  box.append(actions);
  const result = el("p", { class: "lpq-result", role: "status", "aria-live": "polite" });
  box.append(result);
  const explanation = el("p", { class: "lpq-explanation" }, question.explanation || "");
  explanation.hidden = true;
  box.append(explanation);

  const chosen = () => inputs.filter((i) => i.checked).map((i) => Number(i.value));

  function show(selection) {
    const right = isCorrect(question, selection);
    box.classList.toggle("lpq-right", right);
    box.classList.toggle("lpq-wrong", !right);
    result.textContent = right
      ? "Correct."
      : single
        ? "Not quite: read the feedback on each option."
        : "Not quite: you need every right option and no wrong one. Read the feedback on each option.";
    question.options.forEach((option, index) => {
      const picked = selection.includes(index);
      const mark = option.correct ? "✓ A right answer" : "✗ Not right";
      const prefix = picked ? `You chose this. ${mark}: ` : `${mark}: `;
      feedbacks[index].textContent = prefix + option.feedback;
      feedbacks[index].className = `lpq-feedback ${option.correct ? "lpq-fb-right" : "lpq-fb-wrong"}${picked ? " lpq-fb-picked" : ""}`;
      feedbacks[index].hidden = false;
      inputs[index].setAttribute("aria-describedby", feedbacks[index].id);
    });
    explanation.hidden = !question.explanation;
  }

  function clear() {
    box.classList.remove("lpq-right", "lpq-wrong");
    result.textContent = "";
    feedbacks.forEach((f) => { f.hidden = true; f.textContent = ""; });
    inputs.forEach((i) => i.removeAttribute("aria-describedby"));
    explanation.hidden = true;
  }

  check.addEventListener("click", () => {
    const selection = chosen();
    if (selection.length === 0) {
      result.textContent = single ? "Choose an answer first." : "Tick at least one answer first.";
      return;
    }
    show(selection);
    onCheck(question.id, selection, true);
  });
  reset.addEventListener("click", () => {
    inputs.forEach((i) => { i.checked = false; });
    clear();
    onCheck(question.id, [], false);
    inputs[0].focus();
  });
  inputs.forEach((input) => input.addEventListener("change", () => {
    clear();
    onCheck(question.id, chosen(), false);
  }));

  const previous = saved[question.id];
  if (previous && Array.isArray(previous.selected)) {
    const valid = previous.selected.filter((i) => Number.isInteger(i) && i >= 0 && i < inputs.length);
    valid.forEach((i) => { inputs[i].checked = true; });
    if (previous.checked && valid.length) show(valid);
  }
  return box;
}

function render({ model, el: root }) {
  const quiz = model.get("quiz");
  if (!quiz || !Array.isArray(quiz.questions)) {
    root.textContent = "This quiz has no questions.";
    return;
  }
  instances += 1;
  const uid = `${quiz.id}-${instances}`;
  const saved = loadSaved(quiz.id);
  const container = el("section", { class: "lpq", "aria-label": quiz.title || "Check yourself" });
  const header = el("div", { class: "lpq-header" });
  header.append(el("p", { class: "lpq-title" }, quiz.title || "Check yourself"));
  const score = el("p", { class: "lpq-score", "aria-live": "polite" });
  header.append(score);
  container.append(header);
  container.append(el("p", { class: "lpq-note" },
    "Your answers stay in this browser only; nothing is sent anywhere."));

  function updateScore() {
    const checked = quiz.questions.filter((q) => saved[q.id] && saved[q.id].checked);
    const right = checked.filter((q) => isCorrect(q, saved[q.id].selected)).length;
    score.textContent = `${right} of ${quiz.questions.length} answered correctly`;
  }

  function onCheck(questionId, selection, checked) {
    saved[questionId] = { selected: selection, checked };
    save(quiz.id, saved);
    updateScore();
    if (checked) {
      const answers = Object.assign({}, model.get("answers") || {});
      answers[questionId] = selection;
      model.set("answers", answers);
      model.save_changes();
    }
  }

  quiz.questions.forEach((question, index) => {
    container.append(renderQuestion(question, index + 1, quiz.id, uid, saved, onCheck));
  });
  updateScore();
  root.append(container);
  return () => container.remove();
}

export default { render };
