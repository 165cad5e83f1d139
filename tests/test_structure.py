"""Structural promises: the model never imports the UI; README and CI agree."""

import ast
import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
UI = ("panel", "bokeh", "param", "dashboards")


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
    """sim/ imports no UI library at all, except sim/cli.py, which may reach dashboards
    lazily (inside serve and --html), never at module level."""
    for path in sorted((ROOT / "sim").glob("*.py")):
        text = path.read_text()
        if path.name == "cli.py":
            assert not (_top_level_imports(path) & set(UI)), path.name
            continue
        for lib in UI:
            assert not re.search(rf"^\s*(import|from)\s+{lib}\b", text, re.M), (path.name, lib)


def test_readme_starts_with_the_two_commands():
    """README's first lines are the two commands that work on a fresh machine: one
    installs and starts the app, one installs and runs all tests."""
    lines = [line for line in (ROOT / "README.md").read_text().splitlines() if line.strip()][:3]
    assert any(line.startswith("Start the app: `") and "coreg serve" in line for line in lines)
    assert any(line.startswith("Run all tests: `") and "pytest" in line for line in lines)


def test_ci_runs_exactly_the_readme_test_command():
    """.ci/run extracts and runs README's test command (so the two cannot drift)."""
    readme = (ROOT / "README.md").read_text()
    command = re.search(r"^Run all tests: `(.*)`$", readme, re.M).group(1)
    extracted = subprocess.run(["sed", "-n", r"s/^Run all tests: `\(.*\)`$/\1/p", str(ROOT / "README.md")],
                               capture_output=True, text=True, check=True).stdout.strip()
    assert extracted == command
    ci = (ROOT / ".ci" / "run").read_text()
    assert "Run all tests:" in ci and 'bash -c "$cmd"' in ci
    assert "chromium" in command and "pytest" in command


def test_block_lanes_carry_every_parameter():
    """The population kernel's per-lane parameter tuple holds every entry of the
    parameter vector, in order (a parameter added to the model and not to the lane
    tuple would silently read the wrong value)."""
    import numpy as np

    from sim import kernel as kn
    from sim import model as m

    Pt = np.arange(m.NPARAM * kn.BLOCK, dtype=float)
    for lane in (0, kn.BLOCK - 1):
        assert kn._lane_params.py_func(Pt, lane) == tuple(float(i * kn.BLOCK + lane) for i in range(m.NPARAM))
