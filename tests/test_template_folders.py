"""One template folder per package: templates/<name>/ is rendered only by training/<name>/.

Every template path written in a module of training/ (render_template arguments, and paths
handed to helpers such as core.importflow) must start with the folder named like the
package holding that module (training/errors.py counts as the package ``errors``), unless
it is one of the shared top-level templates below. And every folder of templates/ is named
like a package, so a folder cannot drift away from the code that renders it.
"""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TRAINING = ROOT / "training"
TEMPLATES = ROOT / "templates"

#: Shared templates at the top of templates/, used by every package.
SHARED = {"base.html", "_macros.html", "_nav.html", "_import.html"}

TEMPLATE_PATH = re.compile(r"[A-Za-z0-9_./-]+\.html")


def _owner(module: Path) -> str:
    """The package a module belongs to: training/<pkg>/... or training/<pkg>.py."""
    parts = module.relative_to(TRAINING).parts
    return parts[0] if len(parts) > 1 else module.stem


def _paths(tree: ast.AST):
    """(line, path) of every template path in a module; f-strings give their fixed part."""
    in_fstrings = {
        id(part)
        for node in ast.walk(tree)
        if isinstance(node, ast.JoinedStr)
        for part in node.values
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            fixed = "".join(
                part.value if isinstance(part, ast.Constant) else "{}" for part in node.values
            )
            if fixed.endswith(".html"):
                yield node.lineno, fixed
        elif (
            isinstance(node, ast.Constant)
            and id(node) not in in_fstrings
            and isinstance(node.value, str)
            and TEMPLATE_PATH.fullmatch(node.value)
        ):
            yield node.lineno, node.value


def template_uses() -> list[tuple[str, str, str]]:
    """(module, package, template path) for every template path written in training/."""
    uses = []
    for module in sorted(TRAINING.rglob("*.py")):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        for line, path in _paths(tree):
            where = f"{module.relative_to(ROOT)}:{line}"
            uses.append((where, _owner(module), path))
    return uses


def _packages() -> set[str]:
    return {p.name for p in TRAINING.iterdir() if (p / "__init__.py").exists()} | {
        p.stem for p in TRAINING.glob("*.py")
    }


def test_the_scan_finds_the_template_paths():
    uses = {(package, path) for _, package, path in template_uses()}
    assert ("accounts", "accounts/import.html") in uses  # handed to core.importflow
    assert ("calendar", "calendar/{}.html") in uses  # an f-string
    assert ("errors", "errors/error.html") in uses  # training/errors.py
    assert ("signoff", "signoff/detail.html") in uses
    assert len(uses) > 60


def test_every_template_path_starts_with_its_package_folder():
    offenders = []
    for where, package, path in template_uses():
        folder, _, rest = path.partition("/")
        if rest and folder == package:
            continue
        if not rest and path in SHARED:
            continue
        offenders.append(f"{where} ({package}) renders {path}")
    assert offenders == []


def test_every_template_folder_is_named_like_a_package():
    folders = {p.name for p in TEMPLATES.iterdir() if p.is_dir()}
    assert folders - _packages() == set()
    top = {p.name for p in TEMPLATES.iterdir() if p.is_file()}
    assert top == SHARED
