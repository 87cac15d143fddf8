"""The newest axe-core (the accessibility engine), fetched once from the npm registry.

The tests pin one axe-core release and check its published integrity hash, so every run on every
machine checks the pages with the same rules. The file is kept in the git-ignored virtual
environment (``.venv/share/``); nothing is fetched while a page is being checked.

``serious_violations(page)`` runs it on the current page with every rule enabled that the course
holds itself to, including ``label-content-name-mismatch`` (an experimental rule that axe-core
leaves off by default: a control whose accessible name does not contain its visible text cannot
be operated by voice), and returns the serious and critical violations, readably.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import tarfile
import urllib.request
from pathlib import Path

VERSION = "4.14.1"
TARBALL = f"https://registry.npmjs.org/axe-core/-/axe-core-{VERSION}.tgz"
INTEGRITY = "sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ=="
CACHE = Path(__file__).resolve().parents[1] / ".venv" / "share" / f"axe-core-{VERSION}" / "axe.min.js"
SERIOUS = ("critical", "serious")
OPTIONS = {"resultTypes": ["violations"], "rules": {"label-content-name-mismatch": {"enabled": True}}}


def axe_source() -> str:
    """axe.min.js of the pinned release, downloaded and verified on first use."""
    if not CACHE.exists():
        with urllib.request.urlopen(TARBALL, timeout=120) as response:
            packed = response.read()
        digest = "sha512-" + base64.b64encode(hashlib.sha512(packed).digest()).decode("ascii")
        if digest != INTEGRITY:
            raise RuntimeError(f"axe-core {VERSION}: the download does not match its published hash")
        with tarfile.open(fileobj=io.BytesIO(packed), mode="r:gz") as archive:
            member = archive.extractfile("package/axe.min.js")
            assert member is not None
            source = member.read()
        CACHE.parent.mkdir(parents=True, exist_ok=True)
        CACHE.write_bytes(source)
    return CACHE.read_text(encoding="utf-8")


def violations(page, context: str | None = None) -> list[dict]:
    """Every violation axe-core finds on the page (or inside the elements matching ``context``)."""
    if not page.evaluate("typeof window.axe === 'object' && typeof window.axe.run === 'function'"):
        page.evaluate(axe_source())
    assert page.evaluate("axe.version") == VERSION
    return page.evaluate("([context, options]) => axe.run(context || document, options)"
                         ".then((r) => r.violations)", [context, json.loads(json.dumps(OPTIONS))])


def serious_violations(page, context: str | None = None) -> list[str]:
    return [f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
            for v in violations(page, context) if v["impact"] in SERIOUS]
