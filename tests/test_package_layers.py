"""The packages of training/ form no import cycle, and imports stand where a reader looks.

Import-linter (``.importlinter``, run by ``make test``) checks the layers; this test checks
what the contracts cannot say in general: no two packages import each other, directly or
around a longer loop, counting every import (inside functions and under TYPE_CHECKING
too). A package that must ask a higher one hands the question over at app start instead
(``training/__init__.py``: ``_hand_over_upward_answers``).
"""

import ast
from collections import defaultdict
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TRAINING = ROOT / "training"


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _package(module: str) -> str:
    """training.units.models -> units; training.cli -> cli; training -> training."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def _imported(node: ast.AST, module: str, is_package: bool) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if not isinstance(node, ast.ImportFrom):
        return []
    if node.level:
        base = module.split(".") if is_package else module.split(".")[:-1]
        base = base[: len(base) - (node.level - 1)]
        target = ".".join(base + ([node.module] if node.module else []))
    else:
        target = node.module or ""
    if target == "training":
        return [f"training.{alias.name}" for alias in node.names]
    return [target]


@cache
def package_edges() -> dict[tuple[str, str], list[str]]:
    """(importing package, imported package) -> the "module:line" of every such import."""
    edges = defaultdict(list)
    for path in sorted(TRAINING.rglob("*.py")):
        module = _module_name(path)
        source = _package(module)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            for target in _imported(node, module, path.name == "__init__.py"):
                if target.startswith("training.") and _package(target) != source:
                    edges[source, _package(target)].append(f"{module}:{node.lineno}")
    return edges


def cycles(edges) -> list[list[str]]:
    """The strongly connected components of more than one package (Tarjan)."""
    graph = defaultdict(set)
    for source, target in edges:
        graph[source].add(target)
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(graph[node]):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(set(graph) | {t for targets in graph.values() for t in targets}):
        if node not in index:
            visit(node)
    return found


def test_no_two_packages_import_each_other():
    edges = package_edges()
    found = cycles(edges)
    report = [
        f"{a} -> {b}: {', '.join(edges[a, b][:3])}"
        for component in found
        for a in component
        for b in component
        if (a, b) in edges
    ]
    assert found == [], "package cycles:\n" + "\n".join(report)


def test_the_cycle_finder_finds_long_and_short_loops():
    edges = {("a", "b"): [], ("b", "c"): [], ("c", "a"): [], ("d", "e"): [], ("e", "d"): []}
    edges[("c", "x")] = []

    assert sorted(cycles(edges)) == [["a", "b", "c"], ["d", "e"]]
    assert cycles({("a", "b"): [], ("b", "c"): []}) == []


def test_the_edges_count_function_level_and_type_checking_imports():
    edges = package_edges()

    # sessions.models names Course for its annotations only (under TYPE_CHECKING)
    assert ("sessions", "programs") in edges
    # the app factory imports every blueprint inside its functions
    assert ("training", "units") in edges


def _is_type_checking_block(node: ast.stmt) -> bool:
    return isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)


def test_module_imports_come_before_any_code():
    late = []
    for path in sorted(TRAINING.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        code_seen = False
        for position, node in enumerate(tree.body):
            if isinstance(node, ast.Import | ast.ImportFrom):
                if code_seen:
                    late.append(f"{path.relative_to(ROOT)}:{node.lineno}")
            elif position == 0 and isinstance(node, ast.Expr):
                continue  # the module docstring
            elif not _is_type_checking_block(node):
                code_seen = True
    assert late == []


def _function_imports(tree: ast.AST):
    """Blocks of consecutive import statements inside functions: (first, last) lines."""
    nodes = {}
    for function in ast.walk(tree):
        if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            for node in ast.walk(function):
                if isinstance(node, ast.Import | ast.ImportFrom):
                    nodes[node.lineno] = node
    block = None
    for line in sorted(nodes):
        node = nodes[line]
        if block and node.lineno == block[1] + 1:
            block = (block[0], node.end_lineno)
            continue
        if block:
            yield block
        block = (node.lineno, node.end_lineno)
    if block:
        yield block


def test_imports_inside_functions_say_why():
    """A comment on the block's first line, the line above, or its last line."""
    silent = []
    for path in sorted(TRAINING.rglob("*.py")):
        lines = path.read_text(encoding="utf-8").splitlines()
        for first, last in _function_imports(ast.parse("\n".join(lines))):
            said = (
                "#" in lines[first - 1]
                or lines[first - 2].strip().startswith("#")
                or "#" in lines[last - 1]
            )
            if not said:
                silent.append(f"{path.relative_to(ROOT)}:{first} {lines[first - 1].strip()}")
    assert silent == []
