"""Structural promises: the model never imports the UI; no import circle; small modules that
each say their job; README and CI agree."""

import ast
import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
UI = ("panel", "bokeh", "param", "dashboards")
#: The two trees of the project's code; every module of both is checked.
TREES = ("sim", "dashboards")
MAX_MODULE_LINES = 450
#: The only modules of sim/ that may reach the app (lazily, inside functions).
UI_BRIDGES = ("sim/cli/entry.py", "sim/__main__.py")


def _top_level_imports(path: Path) -> set[str]:
    """Modules imported at module level (imports inside functions are lazy)."""
    tree = ast.parse(path.read_text())
    names = set()
    for node in tree.body:
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_the_model_never_imports_the_ui():
    """sim/ (subpackages included) imports no UI library at all, except the command line's
    entry point sim/cli/entry.py (and sim/__main__.py, which runs it), which may reach dashboards lazily (inside serve and
    --html), never at module level."""
    paths = sorted((ROOT / "sim").rglob("*.py"))
    assert ROOT / "sim" / "scenario" / "reading.py" in paths
    for path in paths:
        text = path.read_text()
        if path.relative_to(ROOT).as_posix() in UI_BRIDGES:
            assert not (_top_level_imports(path) & set(UI)), path.name
            continue
        for lib in UI:
            assert not re.search(rf"^\s*(import|from)\s+{lib}\b", text, re.MULTILINE), (path.name, lib)


# ---- the import graph -------------------------------------------------------------------------------

def _modules() -> dict[str, Path]:
    """Every module of the two trees by dotted name (a package by its own name)."""
    out = {}
    for tree in TREES:
        for path in sorted((ROOT / tree).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            out[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return out


def _is_type_checking(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)


def _import_nodes(tree: ast.AST):
    """Every import statement that can run: at module level and inside functions (those under
    ``if TYPE_CHECKING:`` never run and are left out)."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if _is_type_checking(node):
            continue
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node
        stack.extend(ast.iter_child_nodes(node))


def _imported(name: str, path: Path, node: ast.AST, modules: dict[str, Path]) -> set[str]:
    """The project's modules an import statement in module ``name`` imports."""
    if isinstance(node, ast.Import):
        return {a.name for a in node.names if a.name in modules}
    base = node.module or ""
    if node.level:  # relative: from the module's package
        package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
        package = package[:len(package) - node.level + 1]
        base = ".".join(package + ([base] if base else []))
    found = {base} if base in modules else set()
    found |= {f"{base}.{a.name}" for a in node.names if f"{base}.{a.name}" in modules}
    return found


def import_graph() -> dict[str, set[str]]:
    """Module -> the project's modules it imports, module-level and function-level alike."""
    modules = _modules()
    graph = {}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        graph[name] = set().union(*(_imported(name, path, n, modules) for n in _import_nodes(tree))) - {name}
    return graph


def import_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle (``a -> b -> ... -> a``) per strongly connected group of modules that import each other."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[set[str]] = []

    def visit(v: str) -> None:  # Tarjan's algorithm; the graph is small enough to recurse
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = set()
            while True:
                w = stack.pop()
                group.add(w)
                if w == v:
                    break
            if len(group) > 1:
                groups.append(group)

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return [_cycle_in(group, graph) for group in groups]


def _cycle_in(group: set[str], graph: dict[str, set[str]]) -> list[str]:
    """A shortest cycle through the alphabetically first module of ``group``."""
    start = min(group)
    paths = {start: [start]}
    frontier = [start]
    while frontier:
        nxt = []
        for v in frontier:
            for w in sorted(graph[v] & group):
                if w == start:
                    return paths[v] + [start]
                if w not in paths:
                    paths[w] = paths[v] + [w]
                    nxt.append(w)
        frontier = nxt
    raise AssertionError(f"no cycle in {group}")


def test_the_cycle_finder_finds_a_known_circle():
    """The walker itself: a small graph with one circle gives exactly that circle, and a graph
    without one gives none (so the next test cannot pass by finding nothing)."""
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a", "d"}, "d": set()}
    assert import_cycles(graph) == [["a", "b", "c", "a"]]
    assert import_cycles({"a": {"b"}, "b": {"c"}, "c": set()}) == []
    graph = import_graph()
    assert "sim.scenario.reading" in graph["sim.scenario.library"]  # a function-level import is seen too:
    assert "dashboards.report" in graph["sim.cli.entry"]                 # the report writer, inside a function


def test_no_import_circle_in_sim_or_dashboards():
    """No module of sim/ or dashboards/ imports itself through others, counting imports inside
    functions too (a circle makes the import order matter and a module half-built when used)."""
    cycles = import_cycles(import_graph())
    assert not cycles, "import circles:\n" + "\n".join(" -> ".join(c) for c in cycles)


def test_measuring_code_stays_out_of_the_product():
    """The benchmarks (sim.bench, dashboards.bench) are their own packages: no module of the model
    or the app imports them, so nothing of them is on a request's path."""
    benches = ("sim.bench", "dashboards.bench")
    graph = import_graph()
    for name, imported in graph.items():
        if name.startswith(benches):
            continue
        assert not {m for m in imported if m.startswith(benches)}, name


# ---- module size and docstrings -------------------------------------------------------------------------

def test_every_module_is_small_and_says_its_job():
    """No module in sim/ or dashboards/ is over 450 lines, and each opens with a docstring
    (its one job)."""
    too_long, silent = [], []
    for path in _modules().values():
        text = path.read_text(encoding="utf-8")
        if len(text.splitlines()) > MAX_MODULE_LINES:
            too_long.append(f"{path.relative_to(ROOT)} ({len(text.splitlines())} lines)")
        doc = ast.get_docstring(ast.parse(text))
        if not doc or not doc.strip():
            silent.append(str(path.relative_to(ROOT)))
    assert not too_long and not silent, f"over {MAX_MODULE_LINES} lines: {too_long}; no docstring: {silent}"


def test_every_package_of_the_model_ships_in_the_wheel():
    """Each package of sim/ (sim.scenario included) is in the wheel: listed in pyproject's
    packages, or found by setuptools' package discovery if the project uses it."""
    import tomllib

    from setuptools import find_packages

    setuptools_config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    packages = setuptools_config["packages"]
    if isinstance(packages, dict):  # [tool.setuptools.packages.find]
        packages = find_packages(str(ROOT), **{k: v for k, v in packages["find"].items() if k != "namespaces"})
    wanted = {".".join(p.relative_to(ROOT).parts[:-1]) for p in (ROOT / "sim").rglob("__init__.py")}
    assert wanted >= {"sim", "sim.scenario"} and wanted <= set(packages), wanted - set(packages)


def test_readme_starts_with_the_two_commands():
    """README's first lines are the two commands that work on a fresh machine: one
    installs and starts the app, one installs and runs all tests."""
    lines = [line for line in (ROOT / "README.md").read_text().splitlines() if line.strip()][:3]
    assert any(line.startswith("Start the app: `") and "coreg serve" in line for line in lines)
    assert any(line.startswith("Run all tests: `") and "pytest" in line for line in lines)


def test_ci_runs_exactly_the_readme_test_command():
    """.ci/run extracts and runs README's test command (so the two cannot drift)."""
    readme = (ROOT / "README.md").read_text()
    command = re.search(r"^Run all tests: `(.*)`$", readme, re.MULTILINE).group(1)
    extracted = subprocess.run(["sed", "-n", r"s/^Run all tests: `\(.*\)`$/\1/p", str(ROOT / "README.md")],
                               capture_output=True, text=True, check=True).stdout.strip()
    assert extracted == command
    ci = (ROOT / ".ci" / "run").read_text()
    assert "Run all tests:" in ci and 'bash -c "$cmd"' in ci
    assert "chromium" in command and "pytest" in command
