"""The PDF edition in the book: its print style, and download links to PDFs that exist.

- ``legpain-print.css`` (how a page looks on paper, and the PDF edition's title page) and
  ``legpain-pdf-links.js`` (the download menu's PDF entries) are added to every page.
- ``_static/legpain-pdfs.js`` lists the PDFs in the built site's ``_pdf/`` folder (put there by
  ``python3 course.py pdf``). It is written at the end of every build, empty when there are none,
  so a page never links to a missing PDF and never asks the server for one that may be missing.
"""

from __future__ import annotations

from pathlib import Path


def _write_manifest(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    from legpain_authoring.pdf import write_manifest

    write_manifest(Path(app.outdir))


def setup(app):
    # after the theme's and the book's own styles (html_css_files come at priority 800)
    app.add_css_file("legpain-print.css", priority=900)
    app.add_js_file("legpain-pdfs.js", defer="defer")
    app.add_js_file("legpain-pdf-links.js", defer="defer")
    app.connect("build-finished", _write_manifest)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
