"""A "Suggest a correction" link at the end of every page of the book, to a new issue in the
course's repository, pre-filled with the page and asking for a source.

The link appears only when ``_config.yml``'s ``repository.url`` names a real repository. The
course ships with an example value there (the instructor guide tells whoever publishes the book to
set their own), and a published book must never send a reader to a made-up address. So the book
compares ``repository.url`` with ``sphinx.config.legpain_example_repository_url``, the value the
course ships with: while they are equal, or while the URL is no GitHub or GitLab repository
address, no link is written. Whoever publishes the course from the example address itself deletes
the ``legpain_example_repository_url`` line.

The same rule holds for the launch buttons (Binder, JupyterHub, Colab): each opens the notebook
from the repository at ``repository.url``, so with the example value they would send a student to a
repository that does not exist. Until a real repository is set, the book shows no launch buttons
(the notebooks still run in JupyterLab, on a hub or on Colab from a downloaded copy).

Why not the theme's ``html.use_issues_button``: it is an unlabelled light-bulb icon in the page
header with a generic "Your issue content here." body, and it appears for any URL, the example one
included. This link says what it does in words, tells a student that an account is needed, and asks
for what a clinical correction needs: what is wrong, what it should say, and the source.
"""

from __future__ import annotations

import html
import re
from urllib.parse import quote, urlsplit

#: text in a URL that marks it as a template to fill in, not an address
PLACEHOLDER_MARKERS = ("<", ">", "{", "}", "your-", "your_", "example", "...", "xxx")

ISSUE_BODY = (
    "Page: {page}\n\n"
    "**What is wrong, unclear or out of date** (quote the sentence, table row or widget):\n\n\n"
    "**What it should say:**\n\n\n"
    "**Your source** (a guideline, systematic review or study, with a DOI or link):\n\n"
)


def _normalised(url: str) -> str:
    url = (url or "").strip().rstrip("/")
    return url[:-4] if url.endswith(".git") else url


def new_issue_url(repository_url: str, example_url: str = "") -> str | None:
    """The address of a new issue in the repository at ``repository_url``, or ``None`` when that is
    not a real repository: empty, the course's example value, a template (``<your-org>``), not
    https, or not a GitHub or GitLab project address."""
    url = _normalised(repository_url)
    if not url or (example_url and url.lower() == _normalised(example_url).lower()):
        return None
    if any(marker in url.lower() for marker in PLACEHOLDER_MARKERS):
        return None
    parts = urlsplit(url)
    path = [part for part in parts.path.split("/") if part]
    if parts.scheme != "https" or parts.query or parts.fragment or len(path) < 2:
        return None
    host = parts.hostname or ""
    if host in ("github.com", "www.github.com"):
        return f"https://github.com/{path[0]}/{path[1]}/issues/new" if len(path) == 2 else None
    if host == "gitlab.com" or host.startswith("gitlab."):
        return f"https://{parts.netloc}/{'/'.join(path)}/-/issues/new"
    return None


def correction_link(issue_url: str, page_title: str, page_path: str) -> str:
    """``issue_url`` with the issue's title and body filled in for one page."""
    title = f"Correction: {page_title}".strip()
    body = ISSUE_BODY.format(page=page_path)
    if "/-/issues/new" in issue_url:  # GitLab
        query = f"issue[title]={quote(title)}&issue[description]={quote(body)}"
    else:
        query = f"title={quote(title)}&body={quote(body)}"
    return f"{issue_url}?{query}"


def correction_html(issue_url: str, page_title: str, page_path: str) -> str:
    """The paragraph added at the end of a page."""
    site = "GitLab" if "/-/issues/new" in issue_url else "GitHub"
    href = html.escape(correction_link(issue_url, page_title, page_path), quote=True)
    return (
        '\n<div class="legpain-correction d-print-none">\n'
        "<p>Spotted a mistake, an outdated fact or a claim without a source? "
        f'<a class="reference external" href="{href}">Suggest a correction</a> '
        f"(opens a new issue in the course's repository on {site}; you need a free {site} account).</p>\n"
        "</div>\n"
    )


def _plain_title(title_html: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", title_html or "")).split())


def issue_url_of(config) -> str | None:
    """The build's new-issue address, or ``None``. Jupyter Book passes ``repository.url`` to Sphinx
    as the theme option ``repository_url``."""
    options = config.html_theme_options or {}
    return new_issue_url(options.get("repository_url", ""), config.legpain_example_repository_url)


def _add_correction_link(app, pagename, templatename, context, doctree) -> None:
    issue_url = issue_url_of(app.config)
    if issue_url is None or doctree is None or not context.get("body"):
        return  # no real repository, or a page the book generates (search, index)
    page_path = f"{pagename}{app.builder.link_suffix}"
    title = _plain_title(context.get("title", "")) or pagename
    context["body"] += correction_html(issue_url, title, page_path)


LAUNCH_PROVIDERS = ("binderhub_url", "jupyterhub_url", "colab_url")


def _launch_buttons_only_for_a_real_repository(app, config) -> None:
    """Switch the theme's launch buttons off while ``repository.url`` names no real repository."""
    options = config.html_theme_options or {}
    buttons = options.get("launch_buttons") or {}
    if issue_url_of(config) is None and any(buttons.get(key) for key in LAUNCH_PROVIDERS):
        options["launch_buttons"] = {**buttons, **{key: "" for key in LAUNCH_PROVIDERS}}
        config.html_theme_options = options


def setup(app):
    app.add_config_value("legpain_example_repository_url", "", "html", types=[str])
    app.connect("config-inited", _launch_buttons_only_for_a_real_repository)
    # after the page's own additions (reading time, citation roles) have been made to the body
    app.connect("html-page-context", _add_correction_link, priority=600)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
