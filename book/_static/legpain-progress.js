/* legpain-progress.js: the reader's progress through the course, kept in this browser only.
 *
 * On every page of the book it does two small things, with no request to anywhere:
 *   - it records the page as visited (localStorage "legpain-progress:v1:visited": page -> date);
 *   - on a page with saved widget state (packed and shared as book/_ext/legpain_book.py writes it,
 *     read as book/_static/legpain-widgets.js reads it), it notes what the front page needs to score the quizzes
 *     of that page and to count the review deck's cards (the right options of each question, by
 *     the option keys the quiz stores; the deck's card ids). Nothing else is read or kept.
 * On the front page (book/intro.md) it fills <div id="legpain-progress"> with the chapters
 * visited, each chapter's quiz score (read from the quizzes' own stored answers,
 * "legpain-quiz:v1:<quiz id>", as src/legpain/widgets/quiz/widget.js readEntry reads them), the
 * review cards due ("legpain-review-deck:v1"), the average score per root in the "Draw the deficit"
 * drill ("legpain-deficit-drill:v1", as src/legpain/widgets/deficit_drill/widget.js cleanProgress
 * reads it) and a "Forget my progress" button that deletes every legpain-* key this site stored,
 * after a confirmation.
 */
(function () {
  "use strict";
  var VISITED = "legpain-progress:v1:visited";
  var QUIZZES = "legpain-progress:v1:quizzes";
  var DECK = "legpain-progress:v1:deck";
  var DECK_STORE = "legpain-review-deck:v1";
  var QUIZ_PREFIX = "legpain-quiz:v1:";
  var DRILL_STORE = "legpain-deficit-drill:v1";
  var DRILL_PAGE = "notebooks/practice_draw_the_deficit.html";
  var PREFIX = "legpain-";
  var STATE_TYPE = "application/vnd.jupyter.widget-state+json";

  // ---- storage that never throws: null when the browser refuses it --------------------------
  function store() {
    try {
      var s = window.localStorage;
      s.getItem(VISITED);
      return s;
    } catch (e) {
      return null;
    }
  }
  function readObject(key) {
    var s = store();
    if (!s) return {};
    try {
      var value = JSON.parse(s.getItem(key) || "{}");
      return value && typeof value === "object" && !Array.isArray(value) ? value : {};
    } catch (e) {
      return {};
    }
  }
  function writeObject(key, value) {
    var s = store();
    if (!s) return false;
    var text = JSON.stringify(value);
    try {
      if (s.getItem(key) !== text) s.setItem(key, text);
      return true;
    } catch (e) {
      return false;
    }
  }

  // ---- where this page is, relative to the book's root ----------------------------------------
  function rootUrl() {
    var root = document.documentElement.getAttribute("data-content_root");
    return new URL(root === null ? "./" : root, window.location.href);
  }
  function pagePath(href) {
    var url = new URL(href, window.location.href);
    var base = rootUrl().pathname;
    var path = url.pathname.indexOf(base) === 0 ? url.pathname.slice(base.length) : url.pathname;
    return decodeURIComponent(path || "index.html");
  }
  function today() {
    var d = new Date();
    var pad = function (n) { return String(n).padStart(2, "0"); };
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
  }

  // ---- option keys exactly as the quiz widget makes them (FNV-1a of the option text) -----------
  function optionKey(text) {
    var hash = 0x811c9dc5;
    var bytes = new TextEncoder().encode(String(text));
    for (var i = 0; i < bytes.length; i++) hash = Math.imul(hash ^ bytes[i], 0x01000193) >>> 0;
    return (hash >>> 0).toString(16).padStart(8, "0");
  }

  // ---- the page's saved widget state, as the book writes it (book/_ext/legpain_book.py) -----------
  // A large state comes gzipped and base64-encoded ({"legpain_packed": ...}), and a value several
  // widgets share is written once under "legpain_shared", each widget holding {"$legpain_shared": key}.
  function readWidgetState() {
    var script = document.querySelector('script[type="' + STATE_TYPE + '"]');
    if (!script) return Promise.resolve({});
    return Promise.resolve().then(function () {
      var saved = JSON.parse(script.textContent);
      if (!saved || typeof saved.legpain_packed !== "string") return saved;
      if (typeof DecompressionStream !== "function") return {};
      var bytes = Uint8Array.from(atob(saved.legpain_packed), function (c) { return c.charCodeAt(0); });
      var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
      return new Response(stream).text().then(JSON.parse);
    }).then(function (saved) {
      var state = (saved && saved.state) || {};
      var shared = (saved && saved.legpain_shared) || {};
      var models = {};
      Object.keys(state).forEach(function (id) {
        var traits = (state[id] && state[id].state) || {};
        var out = {};
        Object.keys(traits).forEach(function (name) {
          var value = traits[name];
          var ref = value && typeof value === "object" && !Array.isArray(value) ? value["$legpain_shared"] : null;
          out[name] = typeof ref === "string" && Object.prototype.hasOwnProperty.call(shared, ref)
            ? shared[ref] : value;
        });
        models[id] = out;
      });
      return models;
    }).catch(function () { return {}; });
  }

  // ---- on every page: the visit, and what the front page needs from this page's widgets ---------
  function noteThisPage() {
    var path = pagePath(window.location.href);
    var visited = readObject(VISITED);
    visited[path] = today();
    writeObject(VISITED, visited);
    return readWidgetState().then(function (state) { noteWidgets(path, state); });
  }

  function noteWidgets(path, state) {
    if (Object.keys(state).length === 0) return;
    var quizzes = readObject(QUIZZES);
    var quizzesBefore = JSON.stringify(quizzes);
    Object.keys(state).forEach(function (id) {
      var model = state[id] || {};
      var kind = String(model._anywidget_id || "");
      if (/\.Quiz$/.test(kind) && model.quiz && Array.isArray(model.quiz.questions)
          && typeof model.quiz.id === "string") {
        quizzes[model.quiz.id] = {
          page: path,
          questions: model.quiz.questions.filter(function (q) {
            return q && typeof q.id === "string" && Array.isArray(q.options);
          }).map(function (q) {
            return {
              id: q.id, type: q.type === "multiple" ? "multiple" : "single",
              options: q.options.map(function (o) { return optionKey(o && o.text); }),
              correct: q.options.map(function (o, i) { return o && o.correct === true ? i : -1; })
                .filter(function (i) { return i >= 0; }),
            };
          }),
        };
      } else if (/\.ReviewDeck$/.test(kind) && Array.isArray(model.cards)) {
        writeObject(DECK, {
          page: path,
          cards: model.cards.filter(function (c) { return c && typeof c.id === "string"; })
            .map(function (c) { return c.id; }),
        });
      }
    });
    if (JSON.stringify(quizzes) !== quizzesBefore) writeObject(QUIZZES, quizzes);
  }

  // ---- scores and counts ---------------------------------------------------------------------

  /** Questions right in one quiz, read the way the quiz reads its stored answers (readEntry). */
  function quizScore(quiz) {
    var stored = readObject(QUIZ_PREFIX + quiz.id);
    var right = 0;
    var checked = 0;
    quiz.questions.forEach(function (q) {
      var entry = stored[q.id];
      if (!entry || typeof entry !== "object" || Array.isArray(entry)) return;
      var picked;
      if (Array.isArray(entry.picked)) {
        picked = entry.picked.map(function (k) { return typeof k === "string" ? q.options.indexOf(k) : -1; });
      } else if (Array.isArray(entry.selected)) {
        picked = entry.selected.map(function (i) { return Number.isInteger(i) ? i : -1; });
      } else {
        return;
      }
      picked = picked.filter(function (i, n, all) {
        return i >= 0 && i < q.options.length && all.indexOf(i) === n;
      }).sort(function (a, b) { return a - b; });
      if (q.type === "single") picked = picked.slice(0, 1);
      if (entry.checked !== true || picked.length === 0) return;
      checked += 1;
      if (picked.length === q.correct.length && picked.every(function (i) { return q.correct.indexOf(i) >= 0; })) {
        right += 1;
      }
    });
    return { right: right, checked: checked, total: quiz.questions.length };
  }

  function deckCounts() {
    var deck = readObject(DECK);
    var ids = Array.isArray(deck.cards) ? deck.cards : null;
    var progress = readObject(DECK_STORE);
    var cards = progress.cards && typeof progress.cards === "object" ? progress.cards : {};
    var day = today();
    var known = ids ? ids : Object.keys(cards);
    var due = 0;
    var started = 0;
    known.forEach(function (id) {
      var entry = cards[id];
      if (!entry || typeof entry !== "object") return;
      started += 1;
      if ((typeof entry.due === "string" && entry.due <= day) || entry.drill === day) due += 1;
    });
    return { due: due, started: started, total: ids ? ids.length : null, page: deck.page || null };
  }

  /** The drill's record: per root (L1..S5) and for the nerves together, the tries and the mean
   * score, from the entries the drill keeps ({box, tries, total, last}; junk is skipped). */
  function drillAccuracy() {
    var stored = readObject(DRILL_STORE);
    var lesions = stored.lesions && typeof stored.lesions === "object" && !Array.isArray(stored.lesions)
      ? stored.lesions : {};
    var roots = [];
    var nerves = { tries: 0, total: 0 };
    Object.keys(lesions).forEach(function (id) {
      var e = lesions[id];
      if (!e || typeof e !== "object" || !Number.isInteger(e.tries) || e.tries < 1
          || !Number.isInteger(e.total) || e.total < 0 || e.total > 100 * e.tries) return;
      if (/^[LS][1-5]$/.test(id)) roots.push({ id: id, tries: e.tries, mean: Math.floor(e.total / e.tries + 0.5) });
      else { nerves.tries += e.tries; nerves.total += e.total; }
    });
    roots.sort(function (a, b) {
      return (a.id[0] === b.id[0] ? 0 : a.id[0] === "L" ? -1 : 1) || a.id.localeCompare(b.id);
    });
    return { roots: roots, nerves: nerves };
  }

  function drillLine() {
    var drill = drillAccuracy();
    var tries = function (n) { return n + (n === 1 ? " try" : " tries"); };
    var text;
    if (!drill.roots.length && !drill.nerves.tries) {
      text = "Draw the deficit: not started yet. ";
    } else {
      text = "Draw the deficit, average score per root: " + (drill.roots.length ? drill.roots.map(function (r) {
        return r.id + " " + r.mean + "% (" + tries(r.tries) + ")";
      }).join(", ") : "no root tried yet") + ". ";
      if (drill.nerves.tries) {
        text += "Nerves: " + Math.floor(drill.nerves.total / drill.nerves.tries + 0.5) + "% over " +
          tries(drill.nerves.tries) + ". ";
      }
    }
    return el("p", { class: "legpain-progress-drill" }, [text,
      el("a", { href: new URL(DRILL_PAGE, rootUrl()).href, text: "Open the drill" })]);
  }

  // ---- the panel on the front page -------------------------------------------------------------
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") node.textContent = attrs[k];
      else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) {
      node.append(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return node;
  }

  function longDate(iso) {
    var parts = String(iso).split("-").map(Number);
    var date = new Date(Date.UTC(parts[0], parts[1] - 1, parts[2]));
    return isNaN(date) ? iso : date.toLocaleDateString("en-GB",
      { day: "numeric", month: "long", timeZone: "UTC" });
  }

  /** The course's pages under notebooks/, in the order of the book's menu. */
  function chapterLinks(host) {
    var seen = {};
    var found = [];
    document.querySelectorAll("nav a.reference.internal[href]").forEach(function (a) {
      var path = pagePath(a.getAttribute("href")).split("#")[0];
      if (path.indexOf("notebooks/") !== 0 || seen[path]) return;
      seen[path] = true;
      found.push({ path: path, title: a.textContent.trim(), href: a.getAttribute("href") });
    });
    if (found.length === 0) {  // no menu: the pages this browser has visited
      Object.keys(readObject(VISITED)).sort().forEach(function (path) {
        if (path.indexOf("notebooks/") === 0) {
          found.push({ path: path, title: path.replace(/^notebooks\/|\.html$/g, "").replace(/_/g, " "),
            href: new URL(path, rootUrl()).href });
        }
      });
    }
    return found;
  }

  function forget() {
    var removed = 0;
    [window.localStorage, window.sessionStorage].forEach(function (s) {
      try {
        var keys = [];
        for (var i = 0; i < s.length; i++) keys.push(s.key(i));
        keys.forEach(function (key) {
          if (key && key.indexOf(PREFIX) === 0) { s.removeItem(key); removed += 1; }
        });
      } catch (e) { /* a storage the browser refuses holds nothing of ours */ }
    });
    return removed;
  }

  function renderPanel(host, message) {
    var box = el("section", { class: "legpain-progress", "aria-labelledby": "legpain-progress-heading" });
    box.append(el("p", { id: "legpain-progress-heading", class: "legpain-progress-title",
      text: "Your progress in this browser" }));
    if (!store()) {
      box.append(el("p", { class: "legpain-progress-note", text: "This browser does not let the site " +
        "keep data (private mode, or storage switched off), so the course cannot keep or show your " +
        "progress. Everything still works; it is just not remembered." }));
      host.replaceChildren(box);
      return;
    }
    var visited = readObject(VISITED);
    var quizzes = readObject(QUIZZES);
    var chapters = chapterLinks(host);
    var byPage = {};
    Object.keys(quizzes).forEach(function (id) {
      var q = quizzes[id];
      if (q && typeof q.page === "string" && Array.isArray(q.questions)) {
        byPage[q.page] = { id: id, questions: q.questions.filter(function (x) {
          return x && typeof x.id === "string" && Array.isArray(x.options) && Array.isArray(x.correct);
        }) };
      }
    });
    var seenCount = 0;
    var right = 0;
    var total = 0;
    var list = el("ul", { class: "legpain-progress-list" });
    chapters.forEach(function (chapter) {
      var when = visited[chapter.path];
      if (when) seenCount += 1;
      var quiz = byPage[chapter.path];
      var score = quiz ? quizScore(quiz) : null;
      if (score) { right += score.right; total += score.total; }
      var mark = el("span", { class: "legpain-progress-mark", "aria-hidden": "true", text: when ? "✓" : "○" });
      var facts = [when ? "visited " + longDate(when) : "not visited yet"];
      if (score) facts.push("quiz " + score.right + " of " + score.total + " right");
      list.append(el("li", { class: when ? "legpain-progress-visited" : "legpain-progress-new" }, [
        mark, el("a", { href: chapter.href, text: chapter.title }),
        el("span", { class: "legpain-progress-facts", text: " — " + facts.join(", ") }),
      ]));
    });
    var deck = deckCounts();
    var summary = "Chapters visited: " + seenCount + " of " + chapters.length + ". ";
    summary += total ? "Quiz questions answered right: " + right + " of " + total + " (in the chapters " +
      "you have opened). " : "No quiz answered yet. ";
    box.append(el("p", { class: "legpain-progress-summary", text: summary }));
    var deckLine = deck.started
      ? "Review deck: " + deck.due + (deck.due === 1 ? " card" : " cards") + " due today, " +
        deck.started + (deck.total ? " of " + deck.total : "") + " cards started. "
      : "Review deck: not started yet. ";
    var deckHref = new URL(deck.page || "notebooks/practice_review_deck.html", rootUrl()).href;
    box.append(el("p", { class: "legpain-progress-deck" }, [deckLine,
      el("a", { href: deckHref, text: deck.due ? "Review the cards due" : "Open the review deck" })]));
    box.append(drillLine());
    box.append(el("details", { class: "legpain-progress-chapters" }, [
      el("summary", { text: "Each chapter: visited, and its quiz score" }), list]));
    var button = el("button", { type: "button", class: "legpain-progress-forget", text: "Forget my progress" });
    var status = el("p", { class: "legpain-progress-status", role: "status", text: message || "" });
    button.addEventListener("click", function () {
      var sure = window.confirm("Forget your progress? This deletes everything the course keeps in " +
        "this browser: quiz answers, cases, drill scores, visited pages and the review deck. It cannot " +
        "be undone. " +
        "(Export the review deck first if you want to keep it.)");
      if (!sure) { status.textContent = "Nothing was deleted."; return; }
      var removed = forget();
      renderPanel(host, removed ? "Done: the course's records in this browser were deleted."
        : "There was nothing to delete.");
      var again = host.querySelector(".legpain-progress-status");
      if (again) { again.setAttribute("tabindex", "-1"); again.focus(); }
    });
    box.append(el("p", { class: "legpain-progress-note", text: "Kept in this browser only; nothing is " +
      "sent anywhere. Another browser or a private window starts empty." }), button, status);
    host.replaceChildren(box);
  }

  function main() {
    var done = function () { document.documentElement.dataset.legpainProgress = "ready"; };
    var fail = function (e) { console.debug("legpain: progress could not be noted or shown", e); };
    try {
      noteThisPage().then(function () {
        var host = document.getElementById("legpain-progress");
        if (host) renderPanel(host);
      }).catch(fail).then(done);
    } catch (e) {
      fail(e);
      done();
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", main);
  else main();
})();
