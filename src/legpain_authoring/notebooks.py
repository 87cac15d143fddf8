"""Re-execute the course's notebooks and save them with their outputs (``python3 course.py execute``).

Each notebook runs top to bottom in a fresh kernel, as a student's "Restart and run all" would.
Widget state is stored (the static book renders widgets from it). Widget model ids are random;
they are renamed to ids derived from the notebook's name and their order, so that executing an
unchanged notebook twice writes the same file.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
_MODEL_ID = re.compile(r"(?<![0-9a-f])[0-9a-f]{32}(?![0-9a-f])")


def stable_ids(notebook: dict, name: str) -> dict:
    """Rename widget model ids to ids derived from the notebook name and a canonical order.

    The order is: models shown in cell outputs, in order, each followed by the models its state
    refers to (``IPY_MODEL_<id>``), then any others by their content. So an unchanged notebook
    executed twice is written byte for byte the same.
    """
    state = notebook.get("metadata", {}).get("widgets", {}).get(
        "application/vnd.jupyter.widget-state+json", {}).get("state", {})
    order: list[str] = []

    def visit(model_id: str) -> None:
        if model_id in order or model_id not in state:
            return
        order.append(model_id)
        for ref in sorted(set(re.findall(r"IPY_MODEL_([0-9a-f]{32})", json.dumps(state[model_id])))):
            visit(ref)

    for cell in notebook.get("cells", []):
        for output in cell.get("outputs", []):
            view = output.get("data", {}).get("application/vnd.jupyter.widget-view+json")
            if view:
                visit(view.get("model_id", ""))
    for model_id in sorted(state, key=lambda m: json.dumps(state[m], sort_keys=True)):
        visit(model_id)
    mapping = {old: hashlib.sha256(f"{name}:{i}".encode()).hexdigest()[:32]
               for i, old in enumerate(order)}
    text = _MODEL_ID.sub(lambda m: mapping.get(m.group(0), m.group(0)), json.dumps(notebook))
    return json.loads(text)


def execute(path: Path) -> None:
    """Run one notebook in a fresh kernel and write it back with outputs and widget state."""
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(notebook, timeout=300, kernel_name="python3", record_timing=False,
                            store_widget_state=True, resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    notebook = nbformat.from_dict(stable_ids(notebook, path.stem))
    text = nbformat.writes(notebook)
    path.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")


def main(names: list[str]) -> int:
    paths = sorted(NOTEBOOKS.glob("*.ipynb"))
    if names:
        wanted = {Path(n).stem for n in names}
        unknown = wanted - {p.stem for p in paths}
        if unknown:
            valid = ", ".join(p.stem for p in paths)
            print(f"unknown notebook(s) {sorted(unknown)}; valid: {valid}", file=sys.stderr)
            return 2
        paths = [p for p in paths if p.stem in wanted]
    for path in paths:
        print(f"executing {path.name}", flush=True)
        execute(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
