// The course's reasoning in the browser, for the widgets that answer without a kernel: the same
// triage as Python's legpain.triage() and the same ranking as legpain.reasoning.localization.
// One copy, shipped (after _shared/helpers.js) only with the widgets that ask for it in
// `widget_files(__file__, reasoning=True)`: the triage, the explorer and the generated cases.
// Browser tests check that it gives Python's answers on hundreds of cases.

const TRIAGE_LEVELS = ["emergency", "urgent", "routine"];

function foldWords(text) {
  return String(text).toLowerCase().replace(/_/g, " ").split(/\s+/).filter(Boolean).join(" ");
}

function uniqueItems(items) {
  return Array.from(new Set(items));
}

/** Whether one triage rule of red_flags.yaml fires for the set of present signs: all of
 * `all_of`, one of `any_of` (when listed) and at least `at_least.n` of `at_least.of`
 * (Python: legpain.reasoning.triage_rules). Shared by every widget that triages in the browser. */
function triageRuleMatches(rule, present) {
  if (rule.all_of.some((sign) => !present.has(sign))) return false;
  if (rule.any_of.length && !rule.any_of.some((sign) => present.has(sign))) return false;
  const atLeast = rule.at_least;
  if (atLeast && atLeast.of.filter((sign) => present.has(sign)).length < atLeast.n) return false;
  return true;
}

/** Canonical red-flag names for `signs` (aliases accepted); unknown names are dropped. */
export function canonicalSigns(table, signs) {
  if (!Array.isArray(signs)) return [];
  const aliases = (table && table.aliases) || {};
  const names = [];
  for (const sign of signs) {
    if (typeof sign !== "string") continue;
    const name = aliases[foldWords(sign)];
    if (name) names.push(name);
  }
  return uniqueItems(names);
}

/** The triage answer for `signs`: the same fields and values as Python's legpain.triage(). */
export function triage(table, signs) {
  const levels = {};
  for (const level of table.levels) levels[level.id] = level;
  const chosen = canonicalSigns(table, signs);
  if (chosen.length === 0) {
    return {
      level: "routine",
      reasons: [table.empty.reason],
      conditions: [],
      action: levels.routine.action,
      sources: uniqueItems(table.empty.sources.concat(levels.routine.sources)),
      signs: [],
      rules: [],
    };
  }
  const present = new Set(chosen);
  const rank = (level) => TRIAGE_LEVELS.indexOf(level);
  const matched = table.rules.filter((rule) => triageRuleMatches(rule, present));
  matched.sort((a, b) => rank(a.level) - rank(b.level)); // stable: file order within a level
  const level = matched.length ? matched[0].level : "routine";
  let action = levels[level].action;
  let actionSources = levels[level].sources;
  if (matched.length && matched[0].action) {
    action = matched[0].action;
    actionSources = [];
  }
  return {
    level,
    reasons: uniqueItems(matched.map((rule) => rule.reason)),
    conditions: uniqueItems(matched.map((rule) => rule.condition).filter((c) => c !== null && c !== undefined)),
    action,
    sources: uniqueItems(matched.flatMap((rule) => rule.sources).concat(actionSources)),
    signs: chosen,
    rules: matched.map((rule) => rule.id),
  };
}

/**
 * Posterior probabilities from an evidence table, exactly as `legpain.reasoning.localization`
 * ranks them (Python: `localize`, and `rank` for the generated cases).
 *
 * Log posterior = ln prior + the ln likelihood of every finding, added in the order of
 * `keys`; candidates are sorted by it (ties in table order), and probability =
 * exp(log posterior - max) / sum. A finding's reason supports a candidate when its likelihood is
 * above the finding's reference, and argues against it when below; `score` is the log10
 * likelihood ratio against the reference. No findings: an empty list.
 *
 * @param {object} table  {candidates: [{id, kind, name, ln_prior}], levels: [[p, ln p]],
 *                         ln10, both_legs_key, findings: {key: {ref: level, rows: {id: [level, reason]}}}}
 * @param {string[]} keys  finding keys of `table.findings` (unknown keys are skipped)
 */
function rankFindingKeys(table, keys) {
  if (!Array.isArray(keys)) return [];
  const cands = table.candidates || [];
  const levels = table.levels || [];
  if (!keys.length || !cands.length) return [];
  const rows = new Map();
  cands.forEach((c, i) => rows.set(c.id, { index: i, logpost: c.ln_prior, lr: 0,
    row: { id: c.id, kind: c.kind, name: c.name, score: 0, supporting: [], against: [], probability: 0 } }));
  for (const key of keys) {
    const entry = (table.findings || {})[key];
    if (!entry) continue;
    const ref = levels[entry.ref];
    for (const c of cands) {
      const cell = entry.rows[c.id];
      if (!cell) continue;
      const r = rows.get(c.id);
      const level = levels[cell[0]];
      r.logpost += level[1];
      r.lr += level[1] - ref[1];
      if (cell[1]) (level[0] > ref[0] ? r.row.supporting : r.row.against).push(cell[1]);
    }
  }
  let top = -Infinity;
  for (const c of cands) top = Math.max(top, rows.get(c.id).logpost);
  let total = 0;
  const weights = new Map();
  for (const c of cands) {
    const w = Math.exp(rows.get(c.id).logpost - top);
    weights.set(c.id, w);
    total += w;
  }
  for (const c of cands) {
    const r = rows.get(c.id);
    r.row.probability = weights.get(c.id) / total;
    r.row.score = r.lr / table.ln10;
  }
  return [...rows.values()]
    .sort((a, b) => b.logpost - a.logpost || a.index - b.index)
    .map((r) => r.row);
}
