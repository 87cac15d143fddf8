"""A rebuild in which no page changed skips two passes whose results it already has.

On every build, even one that reads no page, Sphinx runs two passes over the whole book:

- the table-of-contents collector numbers figures and exercises (``numfig``, which sphinx-exercise
  switches on) by loading every page's doctree from disk: for this book about 5 MB of pickles,
  the facts appendix alone 1.7 MB;
- sphinxcontrib-bibtex formats the whole bibliography again to decide which citation goes in
  which list.

Both depend only on the pages read so far, and their results from the last build are kept in the
pickled environment. So when this build read no page and removed none (Sphinx re-reads every
page when the configuration changes, and sphinxcontrib-bibtex marks the citing pages as changed
when a ``.bib`` file changes), the two passes are skipped and their kept results stand. As soon as
one page is read or removed, both run as usual over the whole book.

It wraps the two event listeners by what they are (``TocTreeCollector.get_updated_docs`` for
``env-get-updated`` and sphinxcontrib-bibtex's ``env_updated``); if a future Sphinx or
sphinxcontrib-bibtex renames them, nothing is skipped and the build stays correct, only slower
(``tests/test_rebuild.py`` fails then, so the change is noticed). Measured by ``course.py bench``.
"""

from __future__ import annotations

from sphinx.util import logging

logger = logging.getLogger(__name__)

#: (event, what the listener is): the passes skipped when nothing was read
SKIPPABLE = (
    ("env-get-updated", "sphinx.environment.collectors.toctree", "TocTreeCollector.get_updated_docs"),
    ("env-updated", "sphinxcontrib.bibtex", "env_updated"),
)


def _describe(handler) -> tuple[str, str]:
    function = getattr(handler, "__func__", handler)
    return getattr(function, "__module__", ""), getattr(function, "__qualname__", "")


def _guarded(app, handler, name: str):
    def run_only_if_something_was_read(*args, **kwargs):
        if app.legpain_pages_read:
            return handler(*args, **kwargs)
        app.legpain_skipped.append(name)
        return []

    run_only_if_something_was_read.legpain_guarded = True
    return run_only_if_something_was_read


def wrap_listeners(app) -> list[str]:
    """Guard the skippable listeners registered so far; returns the names of those it guarded."""
    guarded = []
    for event, module, qualname in SKIPPABLE:
        listeners = app.events.listeners.get(event, [])
        for index, listener in enumerate(listeners):
            if getattr(listener.handler, "legpain_guarded", False):
                guarded.append(qualname)
                continue
            if _describe(listener.handler) == (module, qualname):
                name = f"{module}.{qualname}"
                listeners[index] = listener._replace(handler=_guarded(app, listener.handler, name))
                guarded.append(qualname)
    return guarded


def _builder_inited(app) -> None:
    app.legpain_pages_read = False
    app.legpain_skipped = []
    app.legpain_guarded = wrap_listeners(app)


def _pages_read(app, env, docnames) -> None:
    if docnames:
        app.legpain_pages_read = True


def _page_removed(app, env, docname) -> None:
    # emitted for every page about to be re-read and for every removed page
    app.legpain_pages_read = True


def _report(app, exception) -> None:
    if exception is None and getattr(app, "legpain_skipped", None):
        logger.info("no page changed: figure numbers and the bibliography kept from the last build")


def setup(app):
    # after every extension has connected its own listeners (builder-inited comes after setup)
    app.connect("builder-inited", _builder_inited, priority=100)
    app.connect("env-before-read-docs", _pages_read)
    app.connect("env-purge-doc", _page_removed)
    app.connect("build-finished", _report)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
