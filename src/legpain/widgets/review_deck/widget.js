// Review deck: the course's facts as flashcards, scheduled by spaced repetition (SM-2).
//
// The cards come from the model's `cards` trait (built in Python from the knowledge base, each with
// its sources). The daily session and the scheduler run here, in the browser, so the deck works in
// the static book; legpain.reasoning.spacing is the Python reference of the same functions
// (sm2Next, reviewCard, drillCard, cleanEntry, cleanProgress, sessionQueue), and a browser test
// requires both to agree. Progress is kept in this browser's localStorage (savedStore) and copied
// to the `progress` trait for Python; Export and Import move it as a JSON file. Nothing is sent
// anywhere.

const STORE_KEY = "legpain-review-deck:v1";
export const EXPORT_FORMAT = "legpain-review-deck";
const EXPORT_VERSION = 1;
/** SM-2 (Wozniak 1990): the four answers on its 0-5 grade scale, its E-Factors in hundredths. */
export const QUALITY = { again: 2, hard: 3, good: 4, easy: 5 };
const GRADES = ["again", "hard", "good", "easy"];
const START_EF100 = 250;
const MIN_EF100 = 130;
const PASS_QUALITY = 3; // below: a lapse, repetitions start again from I(1)
const DRILL_BELOW = 4; // below: the card comes back once more in today's session
const DEFAULT_NEW_PER_DAY = 10;
const NEW_PER_DAY_CHOICES = [5, 10, 15, 20, 30];
const DAY_MS = 86400000;
const ISO_RE = /^\d{4}-\d{2}-\d{2}$/;

// ---- dates (ISO strings, whole days, no time zone drift) -------------------------------------

/** The date if `value` is a real date written YYYY-MM-DD, else null. */
function isoDate(value) {
  if (typeof value !== "string" || !ISO_RE.test(value)) return null;
  const [y, m, d] = value.split("-").map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d
    ? value : null;
}

function utcMs(iso) {
  const [y, m, d] = iso.split("-").map(Number);
  return Date.UTC(y, m - 1, d);
}

/** An ISO date plus a number of days (Python: spacing.add_days). */
export function addDays(iso, days) {
  return new Date(utcMs(iso) + days * DAY_MS).toISOString().slice(0, 10);
}

function daysBetween(from, to) {
  return Math.round((utcMs(to) - utcMs(from)) / DAY_MS);
}

/** Today in this browser's own calendar. */
function localToday() {
  const now = new Date();
  const pad = (n) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

function longDate(iso) {
  return new Date(utcMs(iso)).toLocaleDateString("en-GB",
    { weekday: "long", day: "numeric", month: "long", timeZone: "UTC" });
}

// ---- SM-2 and one card's record (Python: legpain.reasoning.spacing) ----------------------------

function efChange100(quality) {
  const miss = 5 - quality;
  return 10 - miss * (8 + miss * 2);
}

/** The SM-2 state after one repetition: {n, ef, interval} (Python: spacing.sm2_next). */
export function sm2Next(state, grade) {
  const quality = QUALITY[grade];
  if (quality === undefined) throw new Error(`unknown answer ${grade}`);
  let ef100 = Math.round(state.ef * 100);
  if (quality < PASS_QUALITY) return { n: 0, ef: ef100 / 100, interval: 1 };
  ef100 = Math.max(MIN_EF100, ef100 + efChange100(quality));
  const n = state.n + 1;
  let interval;
  if (n === 1) interval = 1;
  else if (n === 2) interval = 6;
  else interval = Math.floor((state.interval * ef100 + 99) / 100); // I(n-1) * EF, rounded up
  return { n, ef: ef100 / 100, interval };
}

/** A card's record after today's first answer; `entry` null for a new card (spacing.review_card). */
export function reviewCard(entry, grade, today) {
  const before = entry || { n: 0, ef: START_EF100 / 100, interval: 0, reviews: 0, lapses: 0 };
  const after = sm2Next(before, grade);
  const quality = QUALITY[grade];
  return {
    n: after.n, ef: after.ef, interval: after.interval, due: addDays(today, after.interval),
    first: (entry && entry.first) || today, last: today, reviews: (before.reviews || 0) + 1,
    lapses: (before.lapses || 0) + (quality < PASS_QUALITY ? 1 : 0),
    drill: quality < DRILL_BELOW ? today : "",
  };
}

/** A same-day repeat: the schedule stays; good or easy ends today's repeats (spacing.drill_card). */
export function drillCard(entry, grade) {
  return Object.assign({}, entry, QUALITY[grade] >= DRILL_BELOW ? { drill: "" } : {});
}

function count(value) {
  return typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= 100000
    ? value : null;
}

/** One stored record, checked: null when malformed (Python: spacing.clean_entry). */
export function cleanEntry(raw) {
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) return null;
  const n = count(raw.n);
  const interval = count(raw.interval);
  const reviews = count(raw.reviews === undefined ? 0 : raw.reviews);
  const lapses = count(raw.lapses === undefined ? 0 : raw.lapses);
  const due = isoDate(raw.due);
  const last = isoDate(raw.last);
  const first = isoDate(raw.first);
  const ef = raw.ef;
  if ([n, interval, reviews, lapses, due, last, first].includes(null)) return null;
  if (typeof ef !== "number" || !Number.isFinite(ef) || ef < MIN_EF100 / 100 || ef > 10) return null;
  return { n, ef: Math.round(ef * 100) / 100, interval, due, first, last, reviews, lapses,
    drill: isoDate(raw.drill) || "" };
}

/** The whole stored progress, checked: {cards: {id: record}, settings} (spacing.clean_progress). */
export function cleanProgress(raw) {
  const source = raw && typeof raw === "object" && !Array.isArray(raw) ? raw : {};
  const cardsIn = source.cards && typeof source.cards === "object" && !Array.isArray(source.cards)
    ? source.cards : {};
  const cards = {};
  for (const [key, value] of Object.entries(cardsIn)) {
    const entry = cleanEntry(value);
    if (entry) cards[key] = entry;
  }
  const settingsIn = source.settings && typeof source.settings === "object"
    && !Array.isArray(source.settings) ? source.settings : {};
  const settings = {};
  if (Array.isArray(settingsIn.excluded)) {
    settings.excluded = [...new Set(settingsIn.excluded.filter((c) => typeof c === "string"))].sort();
  }
  const perDay = count(settingsIn.newPerDay);
  if (perDay !== null && perDay >= 1 && perDay <= 100) settings.newPerDay = perDay;
  return { cards, settings };
}

/** Today's card ids in order: due, then new (up to the day's limit), then today's repeats
 * (Python: spacing.session_queue). */
export function sessionQueue(cards, progress, today, newPerDay) {
  const { cards: stored, settings } = cleanProgress(progress);
  const excluded = new Set(settings.excluded || []);
  const limit = settings.newPerDay !== undefined ? settings.newPerDay : newPerDay;
  const chosen = cards.filter((c) => !excluded.has(c.chapter));
  const due = chosen.filter((c) => stored[c.id] && stored[c.id].due <= today).map((c) => c.id);
  due.sort((a, b) => (stored[a].due < stored[b].due ? -1 : stored[a].due > stored[b].due ? 1 : 0));
  const startedToday = Object.values(stored).filter((e) => e.first === today).length;
  const fresh = chosen.filter((c) => !stored[c.id]).map((c) => c.id)
    .slice(0, Math.max(0, limit - startedToday));
  const drills = chosen.filter((c) => stored[c.id] && stored[c.id].drill === today
    && stored[c.id].due > today).map((c) => c.id);
  return due.concat(fresh, drills);
}

/** Two progress records in one: for each card the more recent record (later `last`, then more
 * reviews); the second's settings win. */
export function mergeProgress(a, b) {
  const one = cleanProgress(a);
  const two = cleanProgress(b);
  const cards = Object.assign({}, one.cards);
  for (const [id, entry] of Object.entries(two.cards)) {
    const mine = cards[id];
    if (!mine || entry.last > mine.last || (entry.last === mine.last && entry.reviews >= mine.reviews)) {
      cards[id] = entry;
    }
  }
  return { cards, settings: Object.assign({}, one.settings, two.settings) };
}

// ---- the deck ----------------------------------------------------------------------------------

const days = (n) => (n === 1 ? "1 day" : `${n} days`);

function checkedCards(model) {
  const cards = model.get("cards");
  const chapters = model.get("chapters");
  const text = (v) => typeof v === "string" && v.trim() !== "";
  if (!Array.isArray(cards) || cards.length === 0 || !Array.isArray(chapters) || chapters.length === 0
      || !cards.every((c) => c && text(c.id) && text(c.chapter) && text(c.front) && text(c.back))
      || !chapters.every((c) => c && text(c.id) && text(c.title))) {
    throw new Error("The review deck has no cards.");
  }
  return { cards, chapters };
}

function render({ model, el: root }) {
  const { cards, chapters } = checkedCards(model);
  const kinds = model.get("kinds") && typeof model.get("kinds") === "object" ? model.get("kinds") : {};
  const byId = Object.fromEntries(cards.map((c) => [c.id, c]));
  const chapterOf = Object.fromEntries(chapters.map((c) => [c.id, c]));
  const fixedToday = isoDate(model.get("today"));
  const today = () => fixedToday || localToday();
  const traitPerDay = count(model.get("new_per_day"));
  const defaultPerDay = traitPerDay && traitPerDay <= 100 ? traitPerDay : DEFAULT_NEW_PER_DAY;
  const perDay = () => (progress.settings.newPerDay !== undefined ? progress.settings.newPerDay
    : defaultPerDay);
  const uid = uniqueId("lprd-");
  const store = savedStore(STORE_KEY);
  let progress = cleanProgress(store.read());

  const container = el("section", { class: "lprd", "aria-label": "Review deck" });
  const header = el("div", { class: "lprd-header" },
    el("p", { class: "lprd-title" }, "Review deck"),
    el("p", { class: "lprd-summary" }));
  const summary = header.lastChild;
  container.append(header, el("p", { class: "lprd-note" },
    "Your progress stays in this browser only; nothing is sent anywhere. Export it to keep a copy " +
    "or to carry on in another browser."));
  store.onFailure((failure) => header.after(storageNotice(failure)));

  // chapters: tick the ones to study; each says how many cards are due and new
  const chapterPanelId = `${uid}-chapters`;
  const chapterBox = el("div", { class: "lprd-chapters" });
  const chapterSummary = el("button", { type: "button", class: "lprd-chapters-toggle",
    "aria-expanded": "false", "aria-controls": chapterPanelId });
  const chapterList = el("ul", { class: "lprd-chapter-list" });
  const chapterCounts = {};
  const chapterInputs = {};
  chapters.forEach((chapter) => {
    const id = `${uid}-ch-${chapter.id}`;
    const input = el("input", { type: "checkbox", id, value: chapter.id });
    const counts = el("span", { class: "lprd-chapter-counts" });
    input.addEventListener("change", () => {
      save((p) => {
        const excluded = new Set(p.settings.excluded || []);
        if (input.checked) excluded.delete(chapter.id); else excluded.add(chapter.id);
        p.settings.excluded = [...excluded].sort();
      });
      refresh(false);
    });
    chapterInputs[chapter.id] = input;
    chapterCounts[chapter.id] = counts;
    chapterList.append(el("li", { class: "lprd-chapter" }, input,
      el("label", { for: id }, el("span", { class: "lprd-chapter-title" },
        `${chapter.number || chapter.id}. ${chapter.title}`), counts)));
  });
  const chapterPanel = el("div", { class: "lprd-chapter-panel", id: chapterPanelId },
    el("p", { class: "lprd-help" },
      "Tick the chapters whose cards you want today. New cards come in the order of the course."),
    chapterList);
  chapterPanel.hidden = true;
  chapterSummary.addEventListener("click", () => {
    chapterPanel.hidden = !chapterPanel.hidden;
    chapterSummary.setAttribute("aria-expanded", chapterPanel.hidden ? "false" : "true");
  });
  chapterBox.append(chapterSummary, chapterPanel);
  container.append(chapterBox);

  const session = el("div", { class: "lprd-session" });
  container.append(session);

  // tools: new cards a day, export, import
  const perDayId = `${uid}-per-day`;
  const perDaySelect = el("select", { id: perDayId });
  const fileId = `${uid}-import`;
  const fileInput = el("input", { type: "file", id: fileId, accept: ".json,application/json" });
  const exportButton = el("button", { type: "button", class: "lprd-export" }, "Export my progress");
  const status = el("p", { class: "lprd-status", role: "status", "aria-live": "polite" });
  container.append(el("div", { class: "lprd-tools" },
    el("div", { class: "lprd-tool" }, el("label", { for: perDayId }, "New cards a day"), perDaySelect),
    el("div", { class: "lprd-tool" }, exportButton),
    el("div", { class: "lprd-tool" }, el("label", { for: fileId }, "Import progress from a file"),
      fileInput)), status);

  function mirror() {
    model.set("progress", JSON.parse(JSON.stringify(progress)));
    model.save_changes();
  }

  /** Apply a change to the stored progress (re-read first: another tab may have saved). */
  function save(change) {
    let merged = null;
    const saved = store.update((current) => {
      const clean = cleanProgress(current);
      change(clean);
      Object.keys(current).forEach((key) => { delete current[key]; });
      Object.assign(current, clean);
      merged = clean;
    });
    if (saved && merged) progress = merged;
    else change(progress); // storage refused: keep going in memory (the notice says so)
    mirror();
  }

  function counts() {
    const day = today();
    const excluded = new Set(progress.settings.excluded || []);
    const rows = {};
    chapters.forEach((c) => { rows[c.id] = { due: 0, fresh: 0, total: 0 }; });
    cards.forEach((card) => {
      const row = rows[card.chapter];
      if (!row) return;
      const entry = progress.cards[card.id];
      row.total += 1;
      if (!entry) row.fresh += 1;
      else if (entry.due <= day || entry.drill === day) row.due += 1;
    });
    return { rows, excluded };
  }

  function refreshCounts(queue) {
    const { rows, excluded } = counts();
    let ticked = 0;
    chapters.forEach((c) => {
      const row = rows[c.id];
      chapterInputs[c.id].checked = !excluded.has(c.id);
      ticked += chapterInputs[c.id].checked ? 1 : 0;
      chapterCounts[c.id].textContent = ` — ${row.due} due, ${row.fresh} new, ${row.total} cards`;
    });
    chapterSummary.textContent = `Chapters to study: ${ticked} of ${chapters.length} ticked`;
    chapterSummary.prepend(el("span", { class: "lprd-toggle-mark", "aria-hidden": "true" }, "▸ "));
    const started = cards.filter((c) => progress.cards[c.id]).length;
    summary.textContent = `${queue.length} ${queue.length === 1 ? "card" : "cards"} left today · `
      + `${started} of ${cards.length} started`;
    perDaySelect.replaceChildren(...NEW_PER_DAY_CHOICES.concat(
      NEW_PER_DAY_CHOICES.includes(perDay()) ? [] : [perDay()]).sort((a, b) => a - b)
      .map((n) => el("option", { value: String(n), selected: n === perDay() }, String(n))));
    perDaySelect.value = String(perDay());
  }

  function nextDueText() {
    const day = today();
    const excluded = new Set(progress.settings.excluded || []);
    const chosen = cards.filter((c) => !excluded.has(c.chapter));
    if (chosen.length === 0) return "No chapter is ticked: tick one above to study its cards.";
    const dates = chosen.map((c) => progress.cards[c.id]).filter((e) => e && e.due > day)
      .map((e) => e.due);
    if (chosen.some((c) => !progress.cards[c.id])) dates.push(addDays(day, 1)); // new cards
    if (dates.length === 0) return "Every card is answered.";
    const next = dates.sort()[0];
    const gap = daysBetween(day, next);
    return `Your next cards are due ${gap === 1 ? "tomorrow" : `in ${days(gap)}`} (${longDate(next)}).`;
  }

  function showDone(focus) {
    const day = today();
    const answered = Object.values(progress.cards).filter((e) => e.last === day).length;
    const done = el("div", { class: "lprd-done", tabindex: "-1" },
      el("p", { class: "lprd-done-title" }, "Done for today."),
      el("p", {}, answered ? `You answered ${answered} ${answered === 1 ? "card" : "cards"} today. `
        : "", nextDueText()));
    session.replaceChildren(done);
    if (focus) done.focus();
  }

  function whenText(entry, grade, repeat) {
    if (repeat) return QUALITY[grade] >= DRILL_BELOW ? "done for today" : "once more today";
    const after = reviewCard(entry, grade, today());
    if (QUALITY[grade] < PASS_QUALITY) return "once more today, then tomorrow";
    const next = `next in ${days(after.interval)}`;
    return QUALITY[grade] < DRILL_BELOW ? `${next}, once more today` : next;
  }

  function showCard(card, focus) {
    const entry = progress.cards[card.id] || null;
    const repeat = Boolean(entry && entry.last === today());
    const chapter = chapterOf[card.chapter];
    const frontId = `${uid}-front`;
    const gradeLabelId = `${uid}-grade-label`;
    const meta = [`Chapter ${chapter ? chapter.number || chapter.id : card.chapter}`,
      kinds[card.kind] || "Card", repeat ? "once more today" : entry ? "review" : "new card"];
    const show = el("button", { type: "button", class: "lprd-show", "aria-describedby": frontId },
      "Show the answer");
    const back = el("div", { class: "lprd-back", tabindex: "-1" },
      el("p", { class: "lprd-answer-label" }, "Answer"),
      ...String(card.back).split("\n").map((line) => el("p", { class: "lprd-answer" }, line)),
      el("p", { class: "lprd-sources" }, `Sources: ${card.source_text || "see the chapter"}`));
    back.hidden = true;
    const grades = el("div", { class: "lprd-grades", role: "group", "aria-labelledby": gradeLabelId },
      el("p", { class: "lprd-grade-label", id: gradeLabelId }, "How well did you remember it?"),
      ...GRADES.map((grade) => {
        const button = el("button", { type: "button", class: `lprd-grade lprd-grade-${grade}` },
          el("span", { class: "lprd-grade-name" }, grade[0].toUpperCase() + grade.slice(1)),
          el("span", { class: "lprd-grade-when" }, whenText(entry, grade, repeat)));
        button.addEventListener("click", () => answer(card, grade));
        return button;
      }));
    grades.hidden = true;
    show.addEventListener("click", () => {
      show.hidden = true;
      back.hidden = false;
      grades.hidden = false;
      back.focus();
    });
    const box = el("article", { class: "lprd-card", "aria-labelledby": frontId },
      el("p", { class: "lprd-meta" }, meta.join(" · ")),
      el("p", { class: "lprd-front", id: frontId }, card.front),
      show, back, grades);
    session.replaceChildren(box);
    if (focus) show.focus();
  }

  function answer(card, grade) {
    const day = today();
    const entry = progress.cards[card.id] || null;
    const repeat = Boolean(entry && entry.last === day);
    save((p) => {
      const current = p.cards[card.id] || null;
      p.cards[card.id] = current && current.last === day ? drillCard(current, grade)
        : reviewCard(current, grade, day);
    });
    const after = progress.cards[card.id];
    const name = grade[0].toUpperCase() + grade.slice(1);
    if (repeat) {
      status.textContent = after.drill ? `${name}: this card comes once more today.`
        : `${name}: done with this card for today.`;
    } else if (after.drill) {
      status.textContent = `${name}: this card comes once more today, then on ${longDate(after.due)}.`;
    } else {
      status.textContent = `${name}: next time in ${days(after.interval)} (${longDate(after.due)}).`;
    }
    refresh(true);
  }

  function refresh(focus) {
    const queue = sessionQueue(cards, progress, today(), defaultPerDay);
    refreshCounts(queue);
    if (queue.length === 0) showDone(focus);
    else showCard(byId[queue[0]], focus);
  }

  perDaySelect.addEventListener("change", () => {
    const value = Number(perDaySelect.value);
    save((p) => { p.settings.newPerDay = value; });
    refresh(false);
  });

  exportButton.addEventListener("click", () => {
    const day = today();
    const data = Object.assign({ format: EXPORT_FORMAT, version: EXPORT_VERSION, exported: day },
      mergeProgress(store.read(), progress));
    const name = `legpain-review-deck-${day}.json`;
    const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 1)],
      { type: "application/json" }));
    const link = el("a", { href: url, download: name, class: "lprd-download" });
    link.hidden = true;
    container.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
    const n = Object.keys(data.cards).length;
    status.textContent = `Saved ${name} with your progress on ${n} ${n === 1 ? "card" : "cards"}. ` +
      "Import it here in any browser to carry on.";
  });

  fileInput.addEventListener("change", () => {
    const file = fileInput.files && fileInput.files[0];
    if (!file) return;
    const fail = () => {
      status.textContent = `${file.name} is not a review-deck progress file from this course; ` +
        "nothing was changed.";
    };
    file.text().then((text) => {
      let data;
      try { data = JSON.parse(text); } catch (error) { fail(); return; }
      if (!data || data.format !== EXPORT_FORMAT || data.version !== EXPORT_VERSION) { fail(); return; }
      const imported = cleanProgress(data);
      save((p) => {
        const merged = mergeProgress(p, imported);
        p.cards = merged.cards;
        p.settings = merged.settings;
      });
      const n = Object.keys(imported.cards).length;
      status.textContent = `Imported your progress on ${n} ${n === 1 ? "card" : "cards"} from ` +
        `${file.name}. Where this browser also had a card, the more recent record was kept.`;
      refresh(false);
    }).catch(fail).finally(() => { fileInput.value = ""; });
  });

  if (Object.keys(progress.cards).length) mirror();
  refresh(false);
  root.append(container);
  return () => container.remove();
}

export default guarded(render, "The review deck");
