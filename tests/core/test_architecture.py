"""The package's shape holds: the README's layout is the tree's, and imports go one way.

`WRITE_LAYOUT=1 pytest tests/core/test_architecture.py` rewrites the README's generated block
after a module is added, moved or removed; the test fails until it is rewritten.
"""

import ast
import os
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "factcheck"
README = ROOT / "README.md"
BEGIN = "<!-- layout: generated from the tree by tests/core/test_architecture.py -->"
END = "<!-- end of generated layout -->"
# Folders that are Django's conventions rather than areas, and what they hold.
CONVENTIONS = {"management", "templatetags", "migrations", "locale", "static"}
WIDTH = 100
COLUMN = 26


def _docstring_line(path: Path) -> str:
    doc = ast.get_docstring(ast.parse(path.read_text())) or ""
    return " ".join(doc.split("\n\n")[0].split())


def _modules(folder: Path) -> list[str]:
    return sorted(p.stem for p in folder.glob("*.py") if p.name != "__init__.py")


def _entry(name: str, text: str, indent: int = 2) -> list[str]:
    """`name` in the left column and `text` wrapped in the right one (below a long name)."""
    lead = " " * indent + name
    lines = textwrap.wrap(text, WIDTH - COLUMN)
    if len(lead) >= COLUMN - 1:
        return [lead] + [" " * COLUMN + line for line in lines]
    first = f"{lead.ljust(COLUMN - 1)} {lines[0]}" if lines else lead
    return [first] + [" " * COLUMN + line for line in lines[1:]]


def _area(folder: Path, indent: int) -> list[str]:
    """An area: its docstring, then its modules, then its sub-packages the same way."""
    out = _entry(folder.name + "/", _docstring_line(folder / "__init__.py"), indent)
    out += [
        " " * COLUMN + line for line in textwrap.wrap(" ".join(_modules(folder)), WIDTH - COLUMN)
    ]
    for sub in sorted(p for p in folder.iterdir() if (p / "__init__.py").exists()):
        out += _area(sub, indent + 2)
    return out


def layout() -> str:
    top = " ".join(m + ".py" for m in _modules(PACKAGE))
    lines = ["factcheck/", *("  " + line for line in textwrap.wrap(top, WIDTH - 2))]
    areas = sorted(
        p
        for p in PACKAGE.iterdir()
        if (p / "__init__.py").exists() and p.name not in CONVENTIONS and p.name != "workflow"
    )
    for area in [PACKAGE / "workflow", *areas]:
        lines += _area(area, 2)
    lines += _entry("management/commands/", " ".join(_modules(PACKAGE / "management" / "commands")))
    lines += _entry("templatetags/", " ".join(_modules(PACKAGE / "templatetags")))
    return "\n".join(lines)


def test_the_readme_layout_is_the_tree():
    text = README.read_text()
    assert BEGIN in text and END in text, "the README's Layout section lost its markers"
    before, rest = text.split(BEGIN, 1)
    current, after = rest.split(END, 1)
    expected = f"\n```\n{layout()}\n```\n"
    if os.environ.get("WRITE_LAYOUT") and current != expected:
        README.write_text(before + BEGIN + expected + END + after)
        current = expected
    assert current == expected, "the tree changed: run WRITE_LAYOUT=1 on this test"


def test_every_module_says_what_it_is_for():
    silent = [
        str(path.relative_to(ROOT))
        for path in PACKAGE.rglob("*.py")
        if "migrations" not in path.parts and path.stat().st_size and not _docstring_line(path)
    ]
    assert silent == []


# --- which way imports go -------------------------------------------------------------------

UPPER = ("views", "forms", "admin", "urls")


def _is_upper(module: str) -> bool:
    """Views, forms, the admin and the URLs: the layers that speak HTTP and HTML."""
    parts = module.split(".")
    return any(part in UPPER for part in parts[1:]) or parts[1:2] in (
        ["management"],
        ["templatetags"],
    )


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("factcheck"):
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("factcheck"))
    return found


def _known(name: str) -> bool:
    path = ROOT / Path(*name.split("."))
    return path.with_suffix(".py").exists() or (path / "__init__.py").exists()


def _sources():
    for path in sorted(PACKAGE.rglob("*.py")):
        if "migrations" not in path.parts:
            yield _module_name(path), path


def test_lower_layers_never_import_forms_views_or_the_admin():
    wrong = [
        f"{module} imports {target}"
        for module, path in _sources()
        if not _is_upper(module) and module not in ("factcheck.settings", "factcheck.apps")
        for target in _imports(path)
        if _known(target) and _is_upper(target)
    ]
    assert wrong == []


@pytest.mark.parametrize("area", ["core"])
def test_core_knows_no_area(area):
    wrong = [
        f"{module} imports {target}"
        for module, path in _sources()
        if module.startswith(f"factcheck.{area}")
        for target in _imports(path)
        if _known(target) and not target.startswith("factcheck.core")
    ]
    assert wrong == []


def _pure(name: str) -> bool:
    """A helper module that imports nothing from the package's areas (only core, or nothing)."""
    path = ROOT / Path(*name.split("."))
    path = path.with_suffix(".py") if path.with_suffix(".py").exists() else path / "__init__.py"
    return all(t.startswith("factcheck.core") or not _known(t) for t in _imports(path))


def test_models_import_only_models_core_and_pure_helpers():
    """A model module is the bottom of its area: it may name other areas' models and pure
    helpers (canonical URLs), never services, so loading the app registry runs no area logic."""
    wrong = [
        f"{module} imports {target}"
        for module, path in _sources()
        if module.endswith(".models") or module == "factcheck.models"
        for target in _imports(path)
        if _known(target)
        and not target.startswith("factcheck.core")
        and not (target.endswith(".models") or target.startswith("factcheck.models"))
        and not _pure(target)
    ]
    assert wrong == []
