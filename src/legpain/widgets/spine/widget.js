// Lumbar spine widget: pick a disc and a herniation zone; see which root is squeezed in a side
// view and an axial view, with that root's dermatome and key muscle actions. All clinical content
// comes from the model's `data` trait (computed in Python from the course's knowledge base);
// this file only draws and looks things up, so it works in the static book without a kernel.

const SVG = "http://www.w3.org/2000/svg";

// ---------------------------------------------------------------- pure helpers (named exports)

/** The table for a lumbar count ("4", "5" or "6"), or null. */
export function tableFor(data, count) {
  const tables = data && data.tables;
  return tables && tables[String(count)] ? tables[String(count)] : null;
}

/** `disc` if it exists with this count, else the lowest disc (as Python's fallback_disc). */
export function fallbackDisc(data, disc, count) {
  const table = tableFor(data, count);
  if (!table || !table.discs.length) return null;
  return table.discs.includes(disc) ? disc : table.discs[table.discs.length - 1];
}

/** Which roots a herniation meets: {roots, which, sides, ifLarge, exiting, traversing, note}. */
export function lookup(data, count, disc, zone) {
  const table = tableFor(data, count);
  if (!table) return null;
  const row = table.rows.find((r) => r.disc === disc);
  const cell = row && row.zones ? row.zones[zone] : null;
  if (!cell || !Array.isArray(cell.roots)) return null;
  return {
    roots: cell.roots.slice(),
    which: cell.which,
    sides: cell.sides,
    ifLarge: Array.isArray(cell.if_large) ? cell.if_large.slice() : null,
    ifLargeNote: cell.if_large_note || null,
    exiting: row.exiting,
    traversing: row.traversing,
    note: row.note || null,
    noteSources: row.note_sources || [],
  };
}

// ---------------------------------------------------------------- small DOM helpers

function asButton(node, label, act) {
  node.setAttribute("role", "button");
  node.setAttribute("tabindex", "0");
  node.setAttribute("aria-label", label);
  node.addEventListener("click", act);
  node.addEventListener("keydown", (event) => {
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      act();
    }
  });
  return node;
}

function labelsOf(data, keys) {
  const labels = (data && data.labels) || {};
  return [...new Set(keys)].map((k) => labels[k] || k).join("; ");
}

// ---------------------------------------------------------------- the side (sagittal) view

const BODY_H = 30;
const DISC_H = 12;
const TOP = 26;
const X_BODY = 62;
const W_BODY = 74;
const X_CANAL = X_BODY + W_BODY; // 136
const W_CANAL = 44;
const X_PED = X_CANAL + W_CANAL; // 180
const W_PED = 18;

function vertebraY(i) {
  return TOP + i * (BODY_H + DISC_H);
}

function drawSagittal(state, act) {
  const { data, count, disc, zone, hit } = state;
  const table = tableFor(data, count);
  const n = Number(count);
  const sacrumY = vertebraY(n);
  const height = sacrumY + 96;
  const root = svg("svg", { viewBox: `0 0 344 ${height}`, class: "lps-svg", role: "group",
    "aria-label": "Side view of the lumbar spine" });
  const defs = svg("defs");
  const pattern = svg("pattern", { id: `lps-hatch-${state.uid}`, width: 6, height: 6,
    patternUnits: "userSpaceOnUse", patternTransform: "rotate(45)" });
  pattern.append(svg("rect", { width: 6, height: 6, class: "lps-hatch-fill" }),
    svg("line", { x1: 0, y1: 0, x2: 0, y2: 6, class: "lps-hatch-line" }));
  defs.append(pattern);
  root.append(defs);
  root.append(svg("text", { x: X_BODY + W_BODY / 2, y: 14, class: "lps-head" }, "front"),
    svg("text", { x: X_CANAL + W_CANAL / 2, y: 14, class: "lps-head" }, "canal"),
    svg("text", { x: X_PED + 30, y: 14, class: "lps-head" }, "foramina"));

  // canal (dural sac) and the cord ending in the conus at about the L1-L2 disc
  root.append(svg("rect", { x: X_CANAL + 3, y: 18, width: W_CANAL - 6, height: sacrumY + 40 - 18,
    rx: 8, class: "lps-canal" }));
  const conusY = vertebraY(0) + BODY_H + DISC_H / 2;
  const cx = X_CANAL + W_CANAL / 2;
  root.append(svg("path", { d: `M ${cx - 12} 18 L ${cx + 12} 18 L ${cx + 12} ${conusY - 16} ` +
    `Q ${cx} ${conusY + 6} ${cx - 12} ${conusY - 16} Z`, class: "lps-cord" }));
  root.append(svg("text", { x: cx, y: 34, class: "lps-small lps-on-cord" }, "cord"));

  // vertebrae, pedicles, discs
  for (let i = 0; i < n; i += 1) {
    const y = vertebraY(i);
    root.append(svg("rect", { x: X_BODY, y, width: W_BODY, height: BODY_H, rx: 5,
      class: "lps-bone" }));
    root.append(svg("text", { x: X_BODY + W_BODY / 2, y: y + BODY_H / 2 + 4,
      class: "lps-vlabel" }, `L${i + 1}`));
    root.append(svg("rect", { x: X_PED, y: y + 3, width: W_PED, height: BODY_H * 0.55, rx: 3,
      class: "lps-bone" }));
  }
  // sacrum (tilted block) with the first sacral foramen
  root.append(svg("path", { d: `M ${X_BODY} ${sacrumY} L ${X_BODY + W_BODY} ${sacrumY} ` +
    `L ${X_PED + W_PED} ${sacrumY} L ${X_PED + W_PED - 10} ${sacrumY + 70} ` +
    `L ${X_BODY + 40} ${sacrumY + 78} Z`, class: "lps-bone" }));
  root.append(svg("text", { x: X_BODY + W_BODY / 2, y: sacrumY + 26, class: "lps-vlabel" },
    "sacrum"));

  table.discs.forEach((name, i) => {
    const y = vertebraY(i) + BODY_H;
    const chosen = name === disc;
    const group = svg("g", { class: `lps-hit lps-disc${chosen ? " lps-chosen" : ""}`,
      "data-disc": name });
    group.append(svg("rect", { x: X_BODY + 2, y: y + 1, width: W_BODY - 4, height: DISC_H - 2,
      rx: 4, class: "lps-disc-shape" }));
    group.append(svg("rect", { x: 0, y: y - 4, width: X_BODY + W_BODY, height: DISC_H + 8,
      class: "lps-target" }));
    group.append(svg("text", { x: X_BODY - 6, y: y + DISC_H / 2 + 4, class: "lps-dlabel" },
      name));
    asButton(group, `${name} disc${chosen ? " (chosen)" : ""}`, () => act("disc", name));
    group.setAttribute("aria-pressed", chosen ? "true" : "false");
    root.append(group);
  });

  // roots: each runs down the canal and leaves below its pedicle (L1..Ln), S1 into the sacrum
  const names = [];
  for (let i = 1; i <= n; i += 1) names.push(`L${i}`);
  names.push("S1");
  const exitY = (i) => (i < n ? vertebraY(i) + BODY_H * 0.55 + 3 + (BODY_H * 0.45 + DISC_H) / 2
    : sacrumY + 34);
  const hitRoots = new Set(hit ? hit.roots : []);
  const pair = hit ? [hit.exiting, hit.traversing] : [];
  names.forEach((name, i) => {
    const x = X_CANAL + W_CANAL - 8 - i * 4;
    const startY = i === 0 ? conusY - 30 : conusY - 14;
    const y = exitY(i);
    const d = `M ${x} ${startY} L ${x} ${y - 10} Q ${x} ${y} ${x + 12} ${y + 2} ` +
      `L ${X_PED + W_PED + 44} ${y + 20}`;
    const squeezed = hitRoots.has(name);
    const cls = squeezed ? "lps-root lps-squeezed" : pair.includes(name) ? "lps-root lps-pair"
      : "lps-root";
    root.append(svg("path", { d, class: cls, "data-root": name }));
    const tx = X_PED + W_PED + 46;
    root.append(svg("text", { x: tx, y: y + 24, class: `lps-rlabel${squeezed ? " lps-strong" : ""}` },
      squeezed ? `${name} ✱ squeezed` : pair.includes(name) ? `${name} spared` : name));
  });
  // the remaining sacral roots continue down as part of the cauda equina
  root.append(svg("path", { d: `M ${X_CANAL + 12} ${conusY - 14} L ${X_CANAL + 12} ${sacrumY + 44}`,
    class: "lps-root" }));
  root.append(svg("text", { x: X_CANAL + 14, y: sacrumY + 58, class: "lps-small" }, "S2–S5"));
  root.append(svg("text", { x: X_CANAL + W_CANAL / 2, y: conusY + 16, class: "lps-small" },
    "conus"));
  root.append(svg("text", { x: X_CANAL + W_CANAL / 2, y: conusY + 28, class: "lps-small" },
    "cauda"));

  // the herniation: into the canal (central, paracentral) or into/beyond the foramen
  const index = table.discs.indexOf(disc);
  if (index >= 0) {
    const y = vertebraY(index) + BODY_H + DISC_H / 2;
    const xs = { central: X_CANAL + 8, paracentral: X_CANAL + 14, foraminal: X_PED + 6,
      extraforaminal: X_PED + W_PED + 14 };
    const x = xs[zone] !== undefined ? xs[zone] : X_CANAL + 10;
    root.append(svg("ellipse", { cx: x, cy: y, rx: zone === "central" ? 12 : 10, ry: 7,
      fill: `url(#lps-hatch-${state.uid})`, class: "lps-herniation" }));
  }
  return root;
}

// ---------------------------------------------------------------- the axial view

// Zone bands on one side of the disc, midline outward, as offsets from the midline (viewBox 300).
const MID = 150;
const BANDS = { central: [-18, 18], paracentral: [18, 48], foraminal: [48, 82],
  extraforaminal: [82, 140] };

function drawAxial(state, act) {
  const { zone, hit, zones } = state;
  const root = svg("svg", { viewBox: "0 0 300 236", class: "lps-svg", role: "group",
    "aria-label": "Axial view of the chosen disc with the four herniation zones" });
  root.append(svg("text", { x: MID, y: 12, class: "lps-head" }, "front"));
  root.append(svg("text", { x: MID, y: 232, class: "lps-head" }, "back"));
  // the other side's zones, drawn faintly (mirror), not clickable
  root.append(svg("rect", { x: MID - 140, y: 20, width: 122, height: 150, class: "lps-band-mirror" }));
  // zones (clickable), on the side of the herniation
  zones.forEach((z, i) => {
    const [a, b] = BANDS[z.id] || [0, 0];
    const chosen = z.id === zone;
    const group = svg("g", { class: `lps-hit lps-zone${chosen ? " lps-chosen" : ""}`,
      "data-zone": z.id });
    group.append(svg("rect", { x: MID + a, y: 20, width: b - a, height: 150, class: "lps-band" }));
    group.append(svg("text", { x: MID + (a + b) / 2, y: 34, class: "lps-zlabel" }, String(i + 1)));
    asButton(group, `zone ${i + 1}: ${z.name}${chosen ? " (chosen)" : ""}`, () => act("zone", z.id));
    group.setAttribute("aria-pressed", chosen ? "true" : "false");
    root.append(group);
  });
  // disc: annulus fibrosus with the nucleus pulposus inside
  root.append(svg("path", { d: `M ${MID - 100} 80 C ${MID - 100} 26, ${MID + 100} 26, ${MID + 100} 80 ` +
    `C ${MID + 100} 112, ${MID + 44} 112, ${MID} 102 C ${MID - 44} 112, ${MID - 100} 112, ` +
    `${MID - 100} 80 Z`, class: "lps-annulus" }));
  root.append(svg("ellipse", { cx: MID, cy: 72, rx: 36, ry: 18, class: "lps-nucleus" }));
  root.append(svg("text", { x: MID, y: 76, class: "lps-small" }, "nucleus"));
  root.append(svg("text", { x: MID - 62, y: 86, class: "lps-small" }, "annulus"));
  // pedicle edges (dashed) bound the foraminal zone
  for (const off of [48, 82, -48, -82]) {
    root.append(svg("line", { x1: MID + off, y1: 20, x2: MID + off, y2: 170, class: "lps-edge" }));
  }
  // canal (dural sac with the cauda equina), facet joints, lamina and spinous process
  root.append(svg("path", { d: `M ${MID - 38} 108 Q ${MID} 100 ${MID + 38} 108 L ${MID + 22} 160 ` +
    `Q ${MID} 170 ${MID - 22} 160 Z`, class: "lps-canal" }));
  for (const s of [-1, 1]) {
    root.append(svg("ellipse", { cx: MID + s * 58, cy: 170, rx: 16, ry: 12, class: "lps-bone" }));
    root.append(svg("line", { x1: MID + s * 50, y1: 160, x2: MID + s * 66, y2: 180,
      class: "lps-joint" }));
  }
  root.append(svg("path", { d: `M ${MID - 46} 180 L ${MID - 10} 196 L ${MID - 6} 222 L ${MID + 6} 222 ` +
    `L ${MID + 10} 196 L ${MID + 46} 180 L ${MID + 40} 174 L ${MID} 188 L ${MID - 40} 174 Z`,
  class: "lps-bone" }));
  root.append(svg("text", { x: MID + 78, y: 200, class: "lps-small" }, "facet joint"));
  // cauda equina: the roots of lower levels, small dots in the sac
  for (let k = 0; k < 7; k += 1) {
    root.append(svg("circle", { cx: MID - 12 + (k % 4) * 8, cy: 128 + Math.floor(k / 4) * 10, r: 3,
      class: "lps-cauda" }));
  }
  // traversing root in the lateral recess; exiting root leaving through the foramen (both sides)
  const squeezed = new Set(hit ? hit.roots : []);
  const roles = hit ? [["traversing", hit.traversing], ["exiting", hit.exiting]] : [];
  for (const s of [-1, 1]) {
    for (const [role, name] of roles) {
      const isHit = squeezed.has(name) && (s === 1 || hit.sides === "both");
      const cls = `lps-axroot${isHit ? " lps-squeezed" : " lps-pair"}`;
      if (role === "traversing") {
        root.append(svg("circle", { cx: MID + s * 28, cy: 122, r: 7, class: cls,
          "data-root": name, "data-role": role, "data-side": s }));
      } else {
        root.append(svg("path", { d: `M ${MID + s * 54} 118 Q ${MID + s * 84} 104 ${MID + s * 136} 62`,
          class: `${cls} lps-nerve`, "data-root": name, "data-role": role, "data-side": s }));
      }
      if (s === 1) {
        const at = role === "traversing" ? { x: MID + 38, y: 126, class: "lps-rlabel" }
          : { x: MID + 104, y: 54, class: "lps-rlabel lps-mid" };
        if (isHit) at.class += " lps-strong";
        root.append(svg("text", at, `${name} ${role}${isHit ? " ✱" : ""}`));
      }
    }
  }
  // the herniation: a bulge from the back of the disc into the chosen zone
  const band = BANDS[zone];
  if (band) {
    const x = MID + (zone === "central" ? 0 : (band[0] + band[1]) / 2);
    const y = zone === "central" || zone === "paracentral" ? 112 : zone === "foraminal" ? 106 : 96;
    root.append(svg("ellipse", { cx: x, cy: y, rx: zone === "central" ? 18 : 13, ry: 10,
      fill: `url(#lps-hatch-${state.uid})`, class: "lps-herniation" }));
  }
  return root;
}

// ---------------------------------------------------------------- the text panels

function rootPanel(data, name, mapId, count) {
  const box = el("div", { class: "lps-rootinfo", "data-root": name });
  const info = data.roots ? data.roots[name] : null;
  box.append(el("h4", { class: "lps-h" }, `${name} root`));
  if (!info) {
    box.append(el("p", {}, data.texts.no_map));
    return box;
  }
  if (String(count) !== "5") box.append(el("p", { class: "lps-caution" }, data.texts.transitional_caution));
  const map = (data.maps || []).find((m) => m.id === mapId) || (data.maps || [])[0];
  const regions = map && info.dermatome[map.id] ? info.dermatome[map.id] : [];
  const skin = el("p", { class: "lps-skin" });
  skin.append(el("strong", {}, `Dermatome (${map ? map.short : ""} map): `),
    regions.length ? regions.join(", ") : "—");
  box.append(skin);
  const key = el("p");
  key.append(el("strong", {}, "Key sensory point: "), info.key_point);
  box.append(key);
  const muscles = el("ul", { class: "lps-muscles", "aria-label": `Key muscle actions of ${name}` });
  info.muscles.forEach((m) => {
    muscles.append(el("li", {}, `${m.action} (${m.muscle}; ${m.role})`));
  });
  const mTitle = el("p");
  mTitle.append(el("strong", {}, "Key muscle actions:"));
  box.append(mTitle, muscles);
  if (info.reflexes.length) {
    const reflex = el("p");
    reflex.append(el("strong", {}, "Reflex: "),
      info.reflexes.map((r) => `${r.reflex} (${r.role})`).join(", "));
    box.append(reflex);
  }
  const keys = [...(map ? info.dermatome_sources[map.id] || [] : [])];
  info.muscles.forEach((m) => keys.push(...m.sources));
  box.append(el("p", { class: "lps-sources" }, `Sources: ${labelsOf(data, keys)}`));
  return box;
}

function answerPanel(state, model) {
  const { data, count, disc, zone, hit, zones } = state;
  const box = el("div", { class: "lps-answer", "aria-live": "polite" });
  const z = zones.find((item) => item.id === zone);
  if (!hit || !z) {
    box.append(el("p", {}, "Choose a disc and a zone."));
    return box;
  }
  const roots = hit.roots.join(" and ");
  const head = el("p", { class: "lps-verdict" });
  head.append(el("span", { class: "lps-mark", "aria-hidden": "true" }, "✱ "),
    el("strong", {}, `Squeezed: ${roots}`),
    ` — the ${hit.which} root${hit.sides === "both" ? ", on both sides" : ""}`);
  box.append(head);
  const why = hit.which === "traversing"
    ? `At the ${disc} disc, ${hit.traversing} is the traversing root: it runs down the back of ` +
      `this disc inside the canal and leaves one level lower. ${hit.exiting} is the exiting root: ` +
      "it has already turned into its foramen above the disc, so this herniation usually " +
      "spares it."
    : `At the ${disc} disc, ${hit.exiting} is the exiting root: ` +
      (zone === "extraforaminal"
        ? "it has just left the spine through the foramen at this level and runs outward past " +
          "the side of the disc, right where this herniation sits. "
        : "it is leaving the spine through the foramen at this level, right where this " +
          "herniation sits. ") +
      `${hit.traversing} is the traversing root, still inside the canal, so it is usually spared.`;
  box.append(el("p", {}, why));
  box.append(el("p", { class: "lps-def" }, `${z.name}: ${z.definition}`));
  if (hit.ifLarge && hit.ifLarge.length) {
    const warn = el("p", { class: "lps-warning", role: "note" });
    warn.append(el("strong", {}, "⚠ If large: "),
      `${hit.ifLargeNote} (${hit.ifLarge.join(", ")}). `);
    const link = model.legpainStatic
      ? el("a", { href: data.texts.red_flags_book, class: "lps-redflags" }, data.texts.red_flags)
      : el("a", { href: data.texts.red_flags_lab, class: "lps-redflags", target: "_blank",
        rel: "noopener" }, data.texts.red_flags);
    warn.append(link);
    box.append(warn);
  }
  if (hit.note) box.append(el("p", { class: "lps-note" }, `Note: ${hit.note}.`));
  const panels = el("div", { class: "lps-roots" });
  hit.roots.forEach((name) => panels.append(rootPanel(data, name, state.mapId, count)));
  box.append(panels);
  return box;
}

function countPanel(state) {
  const { data, count, disc } = state;
  const table = tableFor(data, count);
  const info = (data.counts || {})[String(count)] || {};
  const box = el("div", { class: "lps-count" });
  const head = el("p");
  head.append(el("strong", {}, `${info.label || ""}: `), info.text || "");
  box.append(head, el("p", {}, table.counting));
  const five = info.as_if_five ? info.as_if_five[disc] : undefined;
  if (String(count) !== "5") {
    const warn = el("p", { class: "lps-shift" });
    warn.append(el("strong", {}, "Counting trap: "), five
      ? `someone who counts up from the sacrum and assumes five lumbar vertebrae would call this ` +
        `disc ${five}, not ${disc}.`
      : `someone who counts up from the sacrum and assumes five lumbar vertebrae would not ` +
        `count this disc as lumbar at all.`);
    box.append(warn);
  }
  return box;
}

// ---------------------------------------------------------------- render

function render({ model, el: host }) {
  const uid = uniqueId("");
  const container = el("div", { class: "lps" });
  host.append(container);

  function current() {
    const data = model.get("data") || {};
    let count = model.get("lumbar_vertebrae");
    if (!tableFor(data, count)) count = 5;
    let disc = fallbackDisc(data, model.get("disc"), count);
    const table = tableFor(data, count);
    const zones = table ? table.zones : [];
    let zone = model.get("zone");
    if (!zones.some((z) => z.id === zone)) zone = zones.length > 1 ? zones[1].id : null;
    let mapId = model.get("dermatome_map");
    if (!(data.maps || []).some((m) => m.id === mapId)) mapId = data.maps && data.maps[0] ? data.maps[0].id : null;
    if (!disc) disc = null;
    const hit = disc && zone ? lookup(data, count, disc, zone) : null;
    return { data, count, disc, zone, zones, mapId, hit, uid };
  }

  function act(name, value) {
    if (name === "lumbar_vertebrae") {
      const data = model.get("data") || {};
      model.set("lumbar_vertebrae", value);
      const moved = fallbackDisc(data, model.get("disc"), value);
      if (moved && moved !== model.get("disc")) model.set("disc", moved);
    } else {
      model.set(name, value);
    }
    model.save_changes();
  }

  function radioGroup(legend, name, options, chosen, onPick) {
    const box = el("fieldset", { class: "lps-group" });
    box.append(el("legend", {}, legend));
    options.forEach(([value, text]) => {
      const id = `lps-${uid}-${name}-${value}`;
      const input = el("input", { type: "radio", name: `lps-${uid}-${name}`, id, value: String(value) });
      input.checked = String(value) === String(chosen);
      input.addEventListener("change", () => input.checked && onPick(value));
      const label = el("label", { for: id, class: "lps-option" });
      label.append(input, ` ${text}`);
      box.append(label);
    });
    return box;
  }

  function draw() {
    const state = current();
    const { data, count, disc, zone, zones, mapId } = state;
    const active = document.activeElement;
    const focusKey = active && container.contains(active)
      ? (active.id || active.getAttribute("data-disc") || active.getAttribute("data-zone")) : null;
    container.replaceChildren();
    const table = tableFor(data, count);
    if (!table) {
      showProblem(container, "The lumbar spine model", new Error("no spine table in its data"));
      return;
    }
    container.append(el("p", { class: "lps-title" }, data.texts ? data.texts.title : ""));
    const controls = el("div", { class: "lps-controls" });
    const countOptions = Object.keys(data.tables).map((n) => [Number(n),
      `${n} — ${(data.counts[n] || {}).label || n}`]);
    controls.append(radioGroup("Lumbar vertebrae", "count", countOptions, count,
      (v) => act("lumbar_vertebrae", v)));
    const discLabel = el("label", { class: "lps-field", for: `lps-${uid}-disc` }, "Disc ");
    const select = el("select", { id: `lps-${uid}-disc` });
    table.discs.forEach((d) => {
      const option = el("option", { value: d }, d);
      option.selected = d === disc;
      select.append(option);
    });
    select.addEventListener("change", () => act("disc", select.value));
    const discBox = el("div", { class: "lps-group lps-plain" });
    discBox.append(discLabel, select);
    const mapLabel = el("label", { class: "lps-field", for: `lps-${uid}-map` }, "Dermatome map ");
    const mapSelect = el("select", { id: `lps-${uid}-map` });
    (data.maps || []).forEach((m) => {
      const option = el("option", { value: m.id }, m.short);
      option.selected = m.id === mapId;
      mapSelect.append(option);
    });
    mapSelect.addEventListener("change", () => act("dermatome_map", mapSelect.value));
    discBox.append(el("br"), mapLabel, mapSelect);
    controls.append(discBox);
    controls.append(radioGroup("Herniation zone", "zone",
      zones.map((z, i) => [z.id, `${i + 1} ${z.name}`]), zone, (v) => act("zone", v)));
    container.append(controls);

    const views = el("div", { class: "lps-views" });
    const side = el("figure", { class: "lps-figure lps-side" });
    side.append(drawSagittal(state, act), el("figcaption", {}, data.texts.sagittal));
    const axial = el("figure", { class: "lps-figure lps-axial" });
    axial.append(drawAxial(state, act), el("figcaption", {}, data.texts.axial));
    views.append(side, axial);
    container.append(views);
    const legend = el("p", { class: "lps-legend" });
    legend.append(el("span", { class: "lps-key lps-key-hit", "aria-hidden": "true" }),
      " squeezed root (✱, thick)  ",
      el("span", { class: "lps-key lps-key-pair", "aria-hidden": "true" }),
      " the other root at this disc  ",
      el("span", { class: "lps-key lps-key-hern", "aria-hidden": "true" }),
      " herniation (hatched)");
    container.append(legend);
    container.append(answerPanel(state, model));
    container.append(countPanel(state));
    const zoneItem = zones.find((z) => z.id === zone);
    const keys = [...(table.sources || []), ...(zoneItem ? zoneItem.sources : []),
      ...((data.counts[String(count)] || {}).sources || [])];
    container.append(el("p", { class: "lps-sources" }, `Sources: ${labelsOf(data, keys)}`));

    if (focusKey) {
      const again = container.querySelector(`[id="${focusKey}"], [data-disc="${focusKey}"], ` +
        `[data-zone="${focusKey}"]`);
      if (again) again.focus();
    }
  }

  const redraw = () => draw();
  const events = "change:disc change:zone change:lumbar_vertebrae change:dermatome_map change:data";
  model.on(events, redraw);
  draw();
  return () => model.off(events, redraw);
}

export default guarded(render, "The lumbar spine model");
