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
