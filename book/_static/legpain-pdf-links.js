/* The PDF edition in each page's download menu.
 *
 * `python3 course.py pdf` prints the book and each chapter to PDF and copies the files into the
 * site's _pdf/ folder; _static/legpain-pdfs.js (written then, and by every book build) sets
 * window.legpainPdfs = {book: path or null, pages: {pagename: path}} with only the files that exist.
 * This script adds "PDF of this chapter" and "PDF of the whole book" to the theme's download menu
 * when those files exist, and nothing otherwise. Nothing is fetched.
 */
(function () {
  "use strict";

  function item(href, text, title) {
    var li = document.createElement("li");
    var a = document.createElement("a");
    a.href = href;
    a.className = "btn btn-sm dropdown-item legpain-pdf-link";
    a.title = title;
    a.setAttribute("download", "");
    var icon = document.createElement("span");
    icon.className = "btn__icon-container";
    var glyph = document.createElement("i");
    glyph.className = "fas fa-file-pdf";
    glyph.setAttribute("aria-hidden", "true");
    icon.appendChild(glyph);
    var label = document.createElement("span");
    label.className = "btn__text-container";
    label.textContent = text;
    a.appendChild(icon);
    a.appendChild(label);
    li.appendChild(a);
    return li;
  }

  function start() {
    var pdfs = window.legpainPdfs;
    // Sphinx declares it with `const`: a global name, but not a property of window
    /* global DOCUMENTATION_OPTIONS */
    var options = typeof DOCUMENTATION_OPTIONS !== "undefined" ? DOCUMENTATION_OPTIONS : {};
    var menu = document.querySelector(".dropdown-download-buttons .dropdown-menu");
    if (!pdfs || !menu || menu.querySelector(".legpain-pdf-link")) return;
    var root = document.documentElement.getAttribute("data-content_root") || "";
    var page = pdfs.pages && options.pagename ? pdfs.pages[options.pagename] : null;
    if (page) menu.appendChild(item(root + page, "PDF of this chapter", "Download this chapter as a PDF"));
    if (pdfs.book) menu.appendChild(item(root + pdfs.book, "PDF of the whole book", "Download the whole book as one PDF"));
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
