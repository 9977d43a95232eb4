"""The README's Architecture section names every module, and the library stays free of Prefect."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_ENTRY = re.compile(r"^(?P<indent> *)(?P<name>[\w./]+/|[\w.]+\.py)\s")


def _architecture_block() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Architecture", 1)[1]
    return section.split("```", 2)[1].splitlines()


def _named_modules() -> set[str]:
    """Paths of the modules the Architecture tree names (folders open by indentation)."""
    named: set[str] = set()
    folders: list[tuple[int, str]] = []
    for line in _architecture_block():
        entry = _ENTRY.match(line + " ")
        if not entry:
            continue
        indent, name = len(entry["indent"]), entry["name"]
        while folders and folders[-1][0] >= indent:
            folders.pop()
        path = "".join(folder for _, folder in folders) + name
        if name.endswith("/"):
            folders.append((indent, name))
        else:
            named.add(path)
    return named


def _modules() -> set[str]:
    files = [*(ROOT / "src").rglob("*.py"), *(ROOT / "flows").rglob("*.py")]
    return {p.relative_to(ROOT).as_posix() for p in files}


def test_every_module_is_named_in_the_readme_and_every_name_exists():
    named, modules = _named_modules(), _modules()
    assert sorted(modules - named) == [], "modules missing from README's Architecture section"
    assert sorted(named - modules) == [], "README's Architecture names modules that do not exist"


def test_the_library_imports_nothing_from_prefect_or_flows():
    for path in (ROOT / "src" / "textmine").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            for name in names:
                top = name.split(".")[0]
                # The CLI starts the flow: it is the one front end that may import it.
                if path.name == "cli.py" and top == "flows":
                    continue
                assert top not in {"prefect", "prefect_dask", "flows"}, f"{path}: imports {name}"
