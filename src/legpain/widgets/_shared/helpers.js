// Shared front-end helpers of the course's widgets. Python (legpain.widgets._base.widget_esm)
// puts this file in front of each widget's own widget.js, so every widget ships one module and
// both loaders (JupyterLab's anywidget and the static book's own loader) import it unchanged.
// Names here are reserved: a widget's own code must not declare them again.

let lpInstanceCount = 0;

/** An id prefix unique on the page. JupyterLab imports a fresh copy of a widget's module for
 * every widget, so a module counter alone starts again at 1 in each copy; the random part keeps
 * the ids and radio-group names of two widgets apart. */
function uniqueId(prefix) {
  lpInstanceCount += 1;
  const random = new Uint32Array(1);
  if (globalThis.crypto && typeof globalThis.crypto.getRandomValues === "function") {
    globalThis.crypto.getRandomValues(random);
  } else {
    random[0] = Math.floor(Math.random() * 0x100000000);
  }
  return `${prefix}${lpInstanceCount}${random[0].toString(36)}`;
}

/** 32-bit FNV-1a hash of a string's UTF-8 bytes (Python: legpain.widgets.quiz.fnv1a32). */
export function fnv1a(text) {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(String(text))) {
    hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** An option's stable identity: 8 hex digits of its text's hash (Python: option_key). */
export function optionKey(text) {
  return fnv1a(text).toString(16).padStart(8, "0");
}

/** mulberry32: a small seeded generator of floats in [0, 1). */
function mulberry32(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state) >>> 0;
    t = ((t + Math.imul(t ^ (t >>> 7), 61 | t)) >>> 0) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Data indices of `count` options in display order for a seed and a question or case step
 * (Python: legpain.widgets.quiz.display_order). */
export function displayOrder(count, seed, scope) {
  const order = Array.from({ length: count }, (_, i) => i);
  const rand = mulberry32(fnv1a(`${seed}:${scope}`));
  for (let i = count - 1; i > 0; i -= 1) {
    const j = Math.floor(rand() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

const validSeed = (value) => Number.isInteger(value) && value > 0 && value <= 0xffffffff;

/** A new shuffle seed for this page view. */
function freshSeed() {
  try {
    return window.crypto.getRandomValues(new Uint32Array(1))[0] || 1;
  } catch (error) {
    return 1 + Math.floor(Math.random() * 0xfffffffe);
  }
}

const LP_SVG_NS = "http://www.w3.org/2000/svg";

/** Attributes and children for el/svg: null, undefined and false attributes are left out; true
 * is an empty boolean attribute ("true" for aria-*); "class" and "text" set className/textContent;
 * "on<event>" adds a listener; children are nodes or text. */
function lpFill(node, attrs, children) {
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "text") node.textContent = value;
    else if (key.startsWith("on") && typeof value === "function") node.addEventListener(key.slice(2), value);
    else if (value === true) node.setAttribute(key, key.startsWith("aria-") ? "true" : "");
    else node.setAttribute(key, String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** An HTML element: el("p", {class: "x-note"}, "text", otherNode). */
function el(tag, attrs, ...children) {
  return lpFill(document.createElement(tag), attrs, children);
}

/** An SVG element, with the same rules as el. */
function svg(tag, attrs, ...children) {
  return lpFill(document.createElementNS(LP_SVG_NS, tag), attrs, children);
}

/** One widget's render, made safe: whatever its data or saved state holds, render never throws
 * out to the loader; when the widget cannot draw, the student reads why in its place instead of
 * finding an empty box. `name` is what the student calls it ("The quiz"). */
function guarded(render, name) {
  return {
    render(context) {
      const fail = (error) => showProblem(context.el, name, error);
      try {
        const result = render(context);
        return result && typeof result.then === "function" ? result.catch(fail) : result;
      } catch (error) {
        fail(error);
        return undefined;
      }
    },
  };
}

function showProblem(host, name, error) {
  console.debug(`legpain: ${name} could not be drawn`, error);
  host.replaceChildren(el("div", { class: "legpain-problem", role: "status" },
    `${name} cannot be shown: its saved data is damaged or comes from another version of the ` +
    "course. Reload the page; in JupyterLab, choose Kernel, then Restart Kernel and Run All Cells."));
}

/**
 * A JSON object kept in this browser's localStorage under `key`, safe against what a browser can
 * do to it: junk or a wrong type reads as empty, storage that is blocked reads as empty, and every
 * save re-reads what is stored first (another tab or widget may have saved since), so nothing
 * another page saved is overwritten. When a save fails (storage full or switched off), every
 * listener given to `onFailure` is told once, so the widget can say so.
 */
function savedStore(key) {
  const listeners = [];
  let failure = null;
  function read() {
    try {
      const raw = window.localStorage.getItem(key);
      const value = raw ? JSON.parse(raw) : {};
      return value && typeof value === "object" && !Array.isArray(value) ? value : {};
    } catch (error) {
      return {};
    }
  }
  function update(change) {
    const current = read();
    change(current);
    try {
      window.localStorage.setItem(key, JSON.stringify(current));
      return true;
    } catch (error) {
      const first = failure === null;
      failure = error && error.name === "QuotaExceededError" ? "full" : "blocked";
      if (first) listeners.forEach((listener) => listener(failure));
      return false;
    }
  }
  return { read, update, onFailure: (listener) => listeners.push(listener), failure: () => failure };
}

/** The visible notice a widget shows when its answers cannot be saved in this browser. */
function storageNotice(failure) {
  const why = failure === "full" ? "this browser's storage for the site is full"
    : "this browser does not allow the site to store data";
  return el("p", { class: "legpain-storage-notice", role: "status" },
    `Your answers cannot be saved: ${why}. They stay while this page is open and are lost when ` +
    "you leave it.");
}

/**
 * One multiple-choice question as the quiz, the case library and the review deck show it.
 *
 * Options appear in a seeded shuffled order (displayOrder(count, seed, scope)), so the right
 * answer has no habitual place. A wrong try shows only the feedback of the option(s) chosen and a
 * hint; every option's feedback appears once the answer is right or the student asks for all
 * answers. The caller keeps the answer: `onStore({picked, checked, revealed})` gets the data
 * indices chosen each time they change, `checked` telling whether the student pressed Check.
 *
 * spec: {prefix (class prefix, e.g. "lpq"), idBase (unique on the page), number (label before
 * the prompt, e.g. "1. " or "Step 2. "), question ({id, type, prompt, options: [{text, correct,
 * feedback}], hint, explanation}), seed, scope, initial ({picked, checked, revealed} or null),
 * typeHint (say "Choose one answer" / "Tick every answer"), tryAgain (a "Try again" button),
 * rightMark ("✓ A right answer"), fallbackHint, onStore, onChecked}
 */
function choiceQuestion(spec) {
  const { prefix: p, idBase, question, seed, scope, initial } = spec;
  const single = question.type !== "multiple";
  const box = el("fieldset", { class: `${p}-question`, "data-question": question.id });
  box.append(el("legend", { class: `${p}-prompt` }, el("span", { class: `${p}-number` }, spec.number),
    question.prompt));
  if (spec.typeHint) {
    box.append(el("p", { class: `${p}-hint` }, single ? "Choose one answer." : "Tick every answer that applies."));
  }
  const list = el("ul", { class: `${p}-options` });
  const inputs = []; // by data index
  const feedbacks = []; // by data index
  const items = question.options.map((option, index) => {
    const id = `${idBase}-${index}`;
    const input = el("input", { type: single ? "radio" : "checkbox", name: idBase, id, value: String(index) });
    const feedback = el("div", { class: `${p}-feedback`, id: `${id}-feedback`, hidden: true });
    inputs.push(input);
    feedbacks.push(feedback);
    return el("li", { class: `${p}-option`, "data-option": optionKey(option.text) },
      input, el("label", { for: id }, option.text), feedback);
  });
  displayOrder(items.length, seed, scope).forEach((index) => list.append(items[index]));
  const check = el("button", { type: "button", class: `${p}-check` }, "Check answer");
  const reset = spec.tryAgain ? el("button", { type: "button", class: `${p}-reset` }, "Try again") : null;
  const showAll = el("button", { type: "button", class: `${p}-show-all`, hidden: true }, "Show all answers");
  const result = el("p", { class: `${p}-result`, role: "status", "aria-live": "polite", tabindex: "-1" });
  const tip = el("p", { class: `${p}-tip`, hidden: true });
  const explanation = el("p", { class: `${p}-explanation`, hidden: true }, question.explanation || "");
  box.append(list, el("div", { class: `${p}-actions` }, check, reset, showAll), result, tip, explanation);

  let revealed = Boolean(initial && initial.revealed);
  const chosen = () => inputs.filter((i) => i.checked).map((i) => Number(i.value));
  const isRight = (selection) => {
    const wanted = question.options.map((o, i) => (o.correct ? i : -1)).filter((i) => i >= 0);
    return wanted.length === selection.length && wanted.every((i) => selection.includes(i));
  };
  const store = (checked) => spec.onStore({ picked: chosen(), checked, revealed });

  function clear() {
    box.classList.remove(`${p}-right`, `${p}-wrong`);
    result.textContent = "";
    feedbacks.forEach((f) => { f.hidden = true; f.textContent = ""; });
    inputs.forEach((i) => i.removeAttribute("aria-describedby"));
    tip.hidden = true;
    explanation.hidden = true;
    showAll.hidden = true;
  }

  function show(selection) {
    clear();
    const right = isRight(selection);
    const all = right || revealed;
    box.classList.add(right ? `${p}-right` : `${p}-wrong`);
    question.options.forEach((option, index) => {
      const picked = selection.includes(index);
      if (!all && !picked) return;
      const mark = option.correct ? spec.rightMark : "✗ Not right";
      feedbacks[index].textContent = `${picked ? "You chose this. " : ""}${mark}: ${option.feedback}`;
      feedbacks[index].className = `${p}-feedback ${p}-fb-${option.correct ? "right" : "wrong"}${picked ? ` ${p}-fb-picked` : ""}`;
      feedbacks[index].hidden = false;
      inputs[index].setAttribute("aria-describedby", feedbacks[index].id);
    });
    if (right) result.textContent = "Correct.";
    else if (revealed) result.textContent = "Not quite. Every option's feedback is shown below it.";
    else if (single) result.textContent = "Not quite. Read the feedback on your choice and the hint, then try another answer.";
    else result.textContent = "Not quite: you need every right option and no wrong one. Read the feedback on your choices and the hint, then try again.";
    tip.textContent = `Hint: ${question.hint || question.explanation || spec.fallbackHint}`;
    tip.hidden = all;
    explanation.hidden = !(all && question.explanation);
    showAll.hidden = all;
  }

  check.addEventListener("click", () => {
    const selection = chosen();
    if (selection.length === 0) {
      result.textContent = single ? "Choose an answer first." : "Tick at least one answer first.";
      return;
    }
    show(selection);
    store(true);
    if (spec.onChecked) spec.onChecked();
  });
  if (reset) {
    reset.addEventListener("click", () => {
      inputs.forEach((i) => { i.checked = false; });
      revealed = false;
      clear();
      store(false);
      inputs[displayOrder(items.length, seed, scope)[0]].focus();
    });
  }
  showAll.addEventListener("click", () => {
    const selection = chosen();
    if (selection.length === 0) return;
    revealed = true;
    show(selection);
    store(true);
    result.focus(); // the button disappears; keep focus in the question
  });
  inputs.forEach((input) => input.addEventListener("change", () => {
    const wasChecked = box.classList.contains(`${p}-right`) || box.classList.contains(`${p}-wrong`);
    clear();
    store(false);
    if (wasChecked && spec.onChecked) spec.onChecked();
  }));

  if (initial) {
    initial.picked.forEach((i) => { if (inputs[i]) inputs[i].checked = true; });
    if (initial.checked && initial.picked.length) show(initial.picked);
  }
  return box;
}

const lpUnpacked = new Map();

/** Data a widget ships packed (gzip + base64 JSON: `pack` in widgets/_base.py), unpacked once per
 * page and shared by every widget that ships the same data. Rejects with a readable Error when the
 * data is missing or the browser cannot unpack it. */
function unpackData(packed) {
  if (packed === null || typeof packed !== "object" || typeof packed.data !== "string") {
    return Promise.reject(new Error("the packed data is missing from this widget's saved state"));
  }
  if (typeof DecompressionStream !== "function") {
    return Promise.reject(new Error("this browser cannot unpack the data (no DecompressionStream)"));
  }
  if (!lpUnpacked.has(packed.data)) {
    lpUnpacked.set(packed.data, (async () => {
      const bytes = Uint8Array.from(atob(packed.data), (c) => c.charCodeAt(0));
      const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
      return JSON.parse(await new Response(stream).text());
    })());
  }
  return lpUnpacked.get(packed.data);
}
