// Pain sorter (chapter 02b). The descriptions, their classes, feedback and sources come from the
// model's `data` trait (the course's YAML data, legpain/knowledge/data/pain_types.yaml). The student
// picks a kind of pain for each description in a drop-down list, presses Check and reads, under
// each description, whether it was right and why, with its source. Descriptions are shown in a
// seeded shuffled order (displayOrder, as Python's legpain.widgets.quiz.display_order). Choices
// are kept in this browser's localStorage (savedStore) and sent to the `answers` trait.

const STORE_KEY = "legpain-pain-sorter:v1";
const SCOPE = "pain-sorter";

/** The data, checked: classes and items with the fields the sorter uses, or an Error. */
function readData(data) {
  const ok = (v) => typeof v === "string" && v.length > 0;
  if (!data || typeof data !== "object" || !Array.isArray(data.classes) || !Array.isArray(data.items)
      || data.classes.length < 2 || data.items.length < 1) {
    throw new Error("The pain sorter has no descriptions to sort.");
  }
  const classes = data.classes.filter((c) => c && ok(c.id) && ok(c.label));
  const ids = classes.map((c) => c.id);
  const items = data.items.filter((i) => i && ok(i.id) && ok(i.text) && ids.includes(i.answer));
  if (classes.length < 2 || items.length < 1) throw new Error("The pain sorter's data is incomplete.");
  return { classes, items };
}

/** Only known item ids with known class ids survive from saved answers. */
function cleanAnswers(value, items, classes) {
  const clean = {};
  if (!value || typeof value !== "object" || Array.isArray(value)) return clean;
  const ids = classes.map((c) => c.id);
  for (const item of items) {
    const chosen = value[item.id];
    if (typeof chosen === "string" && ids.includes(chosen)) clean[item.id] = chosen;
  }
  return clean;
}

function render({ model, el: root }) {
  const { classes, items } = readData(model.get("data"));
  const label = Object.fromEntries(classes.map((c) => [c.id, c.label]));
  const uid = uniqueId("lpps-");
  const store = savedStore(STORE_KEY);
  const saved = store.read();
  const fixedSeed = validSeed(model.get("seed")) ? model.get("seed") : null;
  const seed = fixedSeed || (validSeed(saved.seed) ? saved.seed : freshSeed());
  let answers = cleanAnswers(model.get("answers"), items, classes);
  if (Object.keys(answers).length === 0) answers = cleanAnswers(saved.answers, items, classes);
  let checked = model.get("checked") === true || (saved.checked === true && Object.keys(answers).length > 0);

  const box = el("section", { class: "lpps", "aria-label": "Pain sorter" });
  const intro = el("p", { class: "lpps-intro" },
    "For each description, choose the kind of pain (or loss) it describes, then press Check. ",
    "Your choices stay in this browser only.");
  const legend = el("ul", { class: "lpps-key", "aria-label": "The kinds to choose from" },
    classes.map((c) => el("li", {}, el("strong", {}, `${c.label}: `), c.features || "")));
  const list = el("ol", { class: "lpps-items" });
  const selects = {};
  const feedbacks = {};
  const rows = {};
  items.forEach((item, index) => {
    const id = `${uid}-${index}`;
    const select = el("select", { id, class: "lpps-select", "aria-describedby": `${id}-fb` },
      el("option", { value: "" }, "Choose a kind…"),
      classes.map((c) => el("option", { value: c.id }, c.label)));
    select.value = answers[item.id] || "";
    const feedback = el("p", { class: "lpps-feedback", id: `${id}-fb`, hidden: true });
    selects[item.id] = select;
    feedbacks[item.id] = feedback;
    rows[item.id] = el("li", { class: "lpps-item", "data-item": item.id },
      el("label", { for: id, class: "lpps-text" }, item.text), select, feedback);
    select.addEventListener("change", () => {
      if (select.value) answers[item.id] = select.value; else delete answers[item.id];
      checked = false;
      clearMarks();
      save();
    });
  });
  displayOrder(items.length, seed, SCOPE).forEach((i) => list.append(rows[items[i].id]));

  const check = el("button", { type: "button", class: "lpps-check" }, "Check");
  const reset = el("button", { type: "button", class: "lpps-reset" }, "Try again");
  const result = el("p", { class: "lpps-result", role: "status", "aria-live": "polite", tabindex: "-1" });
  box.append(intro, legend, list, el("div", { class: "lpps-actions" }, check, reset), result);
  store.onFailure((failure) => intro.after(storageNotice(failure)));

  function save() {
    const copy = Object.assign({}, answers);
    store.update((current) => { current.answers = copy; current.checked = checked; current.seed = seed; });
    model.set("answers", copy);
    model.set("checked", checked);
    model.save_changes();
  }

  function clearMarks() {
    result.textContent = "";
    for (const item of items) {
      rows[item.id].classList.remove("lpps-right", "lpps-wrong", "lpps-open");
      feedbacks[item.id].hidden = true;
      feedbacks[item.id].textContent = "";
    }
  }

  function mark() {
    clearMarks();
    let right = 0;
    for (const item of items) {
      const chosen = answers[item.id];
      const ok = chosen === item.answer;
      if (ok) right += 1;
      const why = `${item.feedback} (${item.sources})`;
      // an unanswered description keeps its answer hidden: the student can still sort it
      feedbacks[item.id].textContent = ok ? `✓ Right: ${label[item.answer]}. ${why}`
        : chosen ? `✗ Not quite: you chose ${label[chosen]}; this is ${label[item.answer]}. ${why}`
          : "? Not sorted yet: choose a kind for it, then press Check again.";
      feedbacks[item.id].hidden = false;
      rows[item.id].classList.add(ok ? "lpps-right" : chosen ? "lpps-wrong" : "lpps-open");
    }
    const open = items.filter((item) => !answers[item.id]).length;
    result.textContent = right === items.length
      ? `${right} of ${items.length} sorted right. Well done.`
      : `${right} of ${items.length} sorted right${open ? ` (${open} not sorted yet)` : ""}. ` +
        "Read the feedback under each description marked ✗, then press Try again.";
  }

  check.addEventListener("click", () => {
    checked = true;
    mark();
    save();
    result.focus();
  });
  reset.addEventListener("click", () => {
    answers = {};
    checked = false;
    Object.values(selects).forEach((s) => { s.value = ""; });
    clearMarks();
    save();
    selects[items[displayOrder(items.length, seed, SCOPE)[0]].id].focus();
  });

  if (checked) mark();
  root.append(box);
  return () => box.remove();
}

export default guarded(render, "The pain sorter");
