/* The book's navigation buttons, made to work at every width.
 *
 * The pinned pydata-sphinx-theme (0.17.1, under sphinx-book-theme 1.3) listens only to the first
 * ".primary-toggle" / ".secondary-toggle" on a page, which is its own hidden header button; the
 * buttons a reader sees are sphinx-book-theme's, so on a phone or tablet the chapters menu and the
 * page contents never open (pydata-sphinx-theme issue 2451), and on a laptop the chapters sidebar
 * cannot be collapsed. This script routes a click on a visible button:
 *   - below 992 px: to the theme's own button, which opens the theme's menu dialog;
 *   - from 992 px: the chapters button collapses or restores the sidebar (remembered for the tab).
 * It listens in the capture phase and stops the click, so a later theme release that wires these
 * buttons itself does not open the menu twice. Nothing is sent anywhere.
 */
(function () {
  "use strict";
  var WIDE = "(min-width: 992px)";
  var KEY = "legpain-chapters-sidebar-collapsed";
  var COLLAPSED = "legpain-sidebar-collapsed";

  function remembered() {
    try { return window.sessionStorage.getItem(KEY) === "1"; } catch (e) { return false; }
  }
  function remember(value) {
    // a display preference only: if the browser refuses storage, the sidebar simply reopens later
    try { window.sessionStorage.setItem(KEY, value ? "1" : "0"); } catch (e) { /* not needed */ }
  }
  function wide() { return window.matchMedia(WIDE).matches; }

  function buttons(kind) {
    return Array.prototype.slice.call(document.querySelectorAll("." + kind + "-toggle"));
  }

  function describe() {
    var collapsed = document.documentElement.classList.contains(COLLAPSED);
    buttons("primary").forEach(function (button) {
      button.setAttribute("aria-controls", "pst-primary-sidebar");
      button.setAttribute("aria-label", wide()
        ? (collapsed ? "Show the chapters sidebar" : "Hide the chapters sidebar")
        : "Open the chapters menu");
      if (wide()) { button.setAttribute("aria-expanded", collapsed ? "false" : "true"); }
      else { button.removeAttribute("aria-expanded"); }
    });
    buttons("secondary").forEach(function (button) {
      button.setAttribute("aria-controls", "pst-secondary-sidebar");
      button.setAttribute("aria-label", "Open the contents of this page");
    });
  }

  function setCollapsed(value) {
    document.documentElement.classList.toggle(COLLAPSED, value);
    remember(value);
    describe();
  }

  function onClick(event) {
    var target = event.target && event.target.closest
      ? event.target.closest(".primary-toggle, .secondary-toggle") : null;
    if (!target) { return; }
    var kind = target.classList.contains("primary-toggle") ? "primary" : "secondary";
    var theirs = buttons(kind)[0];
    if (kind === "primary" && wide()) {
      event.preventDefault();
      event.stopImmediatePropagation();
      setCollapsed(!document.documentElement.classList.contains(COLLAPSED));
      return;
    }
    if (target === theirs || !theirs) { return; }  // the theme handles its own button
    event.preventDefault();
    event.stopImmediatePropagation();
    theirs.click();
  }

  function start() {
    if (remembered()) { document.documentElement.classList.add(COLLAPSED); }
    describe();
    document.addEventListener("click", onClick, true);
    window.matchMedia(WIDE).addEventListener("change", describe);
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); }
  else { start(); }
})();

/* Controls named by what they show. The theme gives the search button the name "Search" while it
 * shows "Search Ctrl+K", the folded code cells the name "Toggle hidden content" while they show
 * "Show the Python code", and the colour-mode button icons whose titles ("Light", "Dark") do not
 * appear in its name "Color mode". Someone who operates the page by voice says what they see, so
 * each control here takes its name from its visible text (WCAG 2.5.3, axe-core's
 * label-content-name-mismatch), and the colour-mode button says which mode is on.
 */
(function () {
  "use strict";
  function modeName() {
    var mode = document.documentElement.dataset.mode || "auto";
    return mode === "auto" ? "as the system" : mode;
  }
  function nameControls() {
    document.querySelectorAll(".search-button__button[aria-label]").forEach(function (button) {
      if (button.textContent.trim()) { button.removeAttribute("aria-label"); }  // icon-only: keep
    });
    document.querySelectorAll("details > summary[aria-label]").forEach(function (summary) {
      if (summary.textContent.trim()) { summary.removeAttribute("aria-label"); }
    });
    document.querySelectorAll(".theme-switch-button").forEach(function (button) {
      button.querySelectorAll("i[title]").forEach(function (icon) {
        icon.removeAttribute("title");
        icon.setAttribute("aria-hidden", "true");
      });
      button.setAttribute("aria-label", "Colour mode: " + modeName() + " (change)");
    });
  }
  function start() {
    nameControls();
    new MutationObserver(nameControls).observe(document.documentElement,
      { attributes: true, attributeFilter: ["data-mode"] });
    window.addEventListener("load", nameControls);
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); }
  else { start(); }
})();

/* Tables on a phone. Below 640 px (book/_static/legpain-book.css) a table of three or more columns
 * shows each row as a block, each cell under its column's name: the CSS reads that name from the
 * cell's data-label, set here from the table's header row. A table no longer laid out as a table
 * loses its role for screen readers, so the native roles are set back explicitly.
 */
(function () {
  "use strict";
  function text(cell) { return (cell.textContent || "").replace(/\s+/g, " ").trim(); }
  function headerNames(table) {
    var row = table.tHead && table.tHead.rows[0];
    if (!row) { return []; }
    var names = [];
    Array.prototype.forEach.call(row.cells, function (cell) {
      for (var i = 0; i < (cell.colSpan || 1); i++) { names.push(text(cell)); }
    });
    return names;
  }
  function stack(table) {
    if (table.closest(".legpain-static-widget")) { return; }  // a widget lays out its own tables
    var names = headerNames(table);
    if (names.length < 3) { return; }
    table.classList.add("legpain-stacked");
    table.setAttribute("role", "table");
    var groups = table.querySelectorAll(":scope > thead, :scope > tbody, :scope > tfoot");
    Array.prototype.forEach.call(groups, function (group) { group.setAttribute("role", "rowgroup"); });
    Array.prototype.forEach.call(table.rows, function (row) {
      row.setAttribute("role", "row");
      var column = 0;
      Array.prototype.forEach.call(row.cells, function (cell) {
        var head = row.parentNode === table.tHead;
        if (cell.tagName === "TH") {
          cell.setAttribute("role", head ? "columnheader" : "rowheader");
        } else { cell.setAttribute("role", "cell"); }
        if (!head && names[column]) { cell.setAttribute("data-label", names[column]); }
        column += cell.colSpan || 1;
      });
    });
  }
  function start() {
    document.querySelectorAll(".bd-article table").forEach(stack);
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); }
  else { start(); }
})();

/* The menus on a phone close once used. The theme's chapters and page-contents dialogs stay open
 * after a link to a section of the same page is followed (covering most of the screen), and only
 * close on Escape while the focus is inside them; here both close after a link (the focus then
 * moves to the chosen section) and on Escape.
 */
(function () {
  "use strict";
  var DIALOGS = "#pst-primary-sidebar-modal, #pst-secondary-sidebar-modal";
  function openDialogs() {
    return Array.prototype.filter.call(document.querySelectorAll(DIALOGS),
      function (dialog) { return dialog.open; });
  }
  function onClick(event) {
    if (event.defaultPrevented || event.button || event.ctrlKey || event.metaKey || event.shiftKey
        || event.altKey) { return; }  // a link opened in a new tab leaves the menu as it is
    var link = event.target && event.target.closest ? event.target.closest("a[href]") : null;
    var dialog = link ? link.closest(DIALOGS) : null;
    if (!dialog || !dialog.open) { return; }
    var id = link.hash ? decodeURIComponent(link.hash.slice(1)) : "";
    var here = link.pathname === window.location.pathname;
    var target = here && id ? document.getElementById(id) : null;
    if (target) {
      // Closing hands the focus back to the menu button, which scrolls the page; so go to the
      // section only once the dialog is closed (after the theme's own close handler), and move
      // the focus on to it.
      event.preventDefault();
      dialog.addEventListener("close", function () {
        if (window.location.hash === link.hash) { target.scrollIntoView(); }
        else { window.location.hash = link.hash; }
        if (!target.hasAttribute("tabindex")) { target.setAttribute("tabindex", "-1"); }
        target.focus({ preventScroll: true });
      }, { once: true });
    }
    dialog.close();
  }
  function onKey(event) {
    if (event.key !== "Escape") { return; }
    openDialogs().forEach(function (dialog) { dialog.close(); });
  }
  document.addEventListener("click", onClick);
  document.addEventListener("keydown", onKey);
})();

/* Folded parts of a page open when it is printed (File -> Print, and the PDF edition, which fires
 * "beforeprint" too): paper has no clicks. Every fold of the text prints open: reference tables,
 * the "More about ..." part of a cause card, its sources, and a case's answer (on paper, a reader
 * covers it, as in a printed workbook); only the Python code stays folded. Closed again after. */
(function () {
  "use strict";
  var opened = [];
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll(".bd-article details:not([open])").forEach(function (details) {
      if (details.classList.contains("hide") || details.closest(".legpain-static-widget")) { return; }
      details.open = true;
      opened.push(details);
    });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (details) { details.open = false; });
    opened = [];
  });
}());
