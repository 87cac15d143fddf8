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
