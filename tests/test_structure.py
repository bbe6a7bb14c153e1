"""The shape of the code, checked: no import circle among `whynot/`, `scoring/` and `cogs/`
(function-level imports count; imports only for the type checker, under TYPE_CHECKING, do
not run and do not count), the core never imports a platform library, and no source file
is longer than 450 lines (outside data/demo/)."""

from __future__ import annotations

import ast
import subprocess
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("whynot", "scoring", "cogs")
MAX_LINES = 450
SOURCE_SUFFIXES = (".py", ".j2", ".js", ".css", ".sql")
PLATFORM_LIBRARIES = ("discord", "aiohttp", "tweepy", "atproto", "mastodon")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {
        module_name(path): path
        for package in PACKAGES
        for path in sorted((ROOT / package).rglob("*.py"))
    }


def _type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _runtime_imports(tree: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    """Every import statement that can run: at module level or inside a function, but
    not under `if TYPE_CHECKING:` (its `else:` runs)."""
    for child in ast.iter_child_nodes(tree):
        if isinstance(child, ast.If) and _type_checking(child):
            for statement in child.orelse:
                yield from _runtime_imports(ast.Module(body=[statement], type_ignores=[]))
            continue
        if isinstance(child, ast.Import | ast.ImportFrom):
            yield child
        yield from _runtime_imports(child)


def imported(name: str, path: Path, known: set[str]) -> set[str]:
    """The project modules `name` imports (a `from package import module` names the
    module; a `from module import thing` names the module)."""
    is_package = path.name == "__init__.py"
    found: set[str] = set()
    for node in _runtime_imports(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        else:
            base = node.module or ""
            if node.level:
                package = name if is_package else name.rpartition(".")[0]
                for _ in range(node.level - 1):
                    package = package.rpartition(".")[0]
                base = f"{package}.{base}" if base else package
            # `from package import module` names the module, `from module import thing`
            # the module
            targets = [
                f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base
                for alias in node.names
            ]
        for target in targets:
            # the longest project module the target names
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def import_graph() -> dict[str, set[str]]:
    mods = modules()
    known = set(mods)
    return {name: imported(name, path, known) for name, path in mods.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_the_walk_sees_function_level_imports_and_skips_type_only_ones(tmp_path):
    pkg = tmp_path / "whynot"
    pkg.mkdir()
    (pkg / "a.py").write_text("def f():\n    from whynot import b\n")
    (pkg / "b.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from whynot.a import f\n"
        "else:\n    import whynot.c\n"
    )
    (pkg / "c.py").write_text("from .a import f\n")
    known = {"whynot.a", "whynot.b", "whynot.c"}
    graph = {name: imported(name, pkg / f"{name[-1]}.py", known) for name in sorted(known)}
    assert graph == {"whynot.a": {"whynot.b"}, "whynot.b": {"whynot.c"}, "whynot.c": {"whynot.a"}}
    assert cycles(graph) == [["whynot.a", "whynot.b", "whynot.c"]]


def test_there_is_no_import_circle():
    graph = import_graph()
    assert len(graph) > 50  # the walk found the project
    assert cycles(graph) == []


def test_the_core_and_scoring_never_import_a_platform_library():
    offenders = []
    for name, path in modules().items():
        if name.startswith(("cogs", "whynot.platforms")):
            continue
        for node in _runtime_imports(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module]
            if any(n and n.split(".")[0] in PLATFORM_LIBRARIES for n in names):
                offenders.append(name)
    assert offenders == []


def tracked_sources() -> list[Path]:
    listed = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if listed.returncode != 0:  # not a git checkout: every file under the root
        names = [str(p.relative_to(ROOT)) for p in ROOT.rglob("*") if ".venv" not in p.parts]
    else:
        names = listed.stdout.splitlines()
    return [
        ROOT / n
        for n in names
        if n.endswith(SOURCE_SUFFIXES) and not n.startswith("data/demo/") and (ROOT / n).is_file()
    ]


def test_no_source_file_is_longer_than_450_lines():
    sources = tracked_sources()
    assert len(sources) > 100
    long = {
        str(p.relative_to(ROOT)): n
        for p in sources
        if (n := len(p.read_text(encoding="utf-8", errors="replace").splitlines())) > MAX_LINES
    }
    assert long == {}
