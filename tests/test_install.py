"""What a user installs is what is tested: the wheel holds the whole app, it installs into a
fresh environment that then imports it (not this checkout), and the README's test command
runs the suite against the installed package."""

from __future__ import annotations

import json
import os
import re
import sys
import tomllib
import zipfile
from pathlib import Path

from installing import CACHE_SUFFIXES, PACKAGES, ROOT, source_files


def _names(wheel: Path) -> set[str]:
    with zipfile.ZipFile(wheel) as zf:
        return set(zf.namelist())


def test_wheel_holds_every_module_scenario_and_data_file_of_the_checkout(wheel):
    """Every file under sim/, dashboards/ (every subpackage, every asset) and scenarios/ (the
    whole .toml library) is in the wheel that `pip install .` builds."""
    expected = source_files()
    assert any(name.startswith("dashboards/pages/") for name in expected)  # the page modules exist
    assert any(name.startswith("scenarios/") and name.endswith(".toml") for name in expected)
    missing = [name for name in expected if name not in _names(wheel)]
    assert missing == [], f"not in the wheel: {missing}"


def test_wheel_holds_no_bytecode_or_numba_cache(wheel):
    """Caches present in the source tree (planted in the build copy) never reach the wheel."""
    shipped = [n for n in _names(wheel) if "__pycache__" in n or n.endswith(CACHE_SUFFIXES)]
    assert shipped == []


def test_wheel_holds_nothing_but_the_three_packages_and_its_metadata(wheel):
    """No stray top-level package (tests, build leftovers) is installed into site-packages."""
    tops = {name.split("/")[0] for name in _names(wheel)}
    assert tops - set(PACKAGES) == {f"coregulation_lab-{_version()}.dist-info"}


def test_wheel_declares_the_coreg_command(wheel):
    """The wheel installs the `coreg` command, pointing at the command line's main()."""
    with zipfile.ZipFile(wheel) as zf:
        entry = next(n for n in zf.namelist() if n.endswith(".dist-info/entry_points.txt"))
        text = zf.read(entry).decode()
    assert re.search(r"^\[console_scripts\]\s*\ncoreg\s*=\s*sim\.cli:main\s*$", text, re.M), text


def test_fresh_venv_imports_the_installed_package_not_the_checkout_nor_the_running_pythons(installed):
    """The fresh venv (it sees the packages of the Python running the tests, so this must be
    checked) imports sim, sim.engine.jit, dashboards, dashboards.app, dashboards.pages and scenarios
    from its own site-packages, and with them every dependency they need."""
    site = installed.site_packages()
    assert installed.venv.resolve() in site.parents
    for name, file in installed.imported_from().items():
        path = Path(file).resolve()
        assert site in path.parents, f"{name} imported from {path}, not from {site}"
        assert ROOT not in path.parents, f"{name} imported from the checkout"


def _site_folders(paths: list[str]) -> list[str]:
    return [os.path.realpath(p) for p in paths if Path(p).name in ("site-packages", "dist-packages")]


def test_fresh_venv_sees_its_own_packages_then_those_of_the_python_running_the_tests_and_no_others(installed):
    """The fresh venv's import path holds its own site-packages, then the site-packages folders
    of the Python running the tests (a user's venv, or the system's Python), and no other: not
    the base interpreter's when the tests run in a venv that leaves them out (a base that has the
    dependencies would hide a fixture that cannot find them in a user's venv)."""
    done = installed.run([str(installed.python), "-c", "import json, sys; print(json.dumps(sys.path))"])
    assert done.returncode == 0, done.stderr[-3000:]
    assert _site_folders(json.loads(done.stdout)) == [str(installed.site_packages()), *_site_folders(sys.path)]


def _version() -> str:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]


def test_readme_test_command_runs_the_suite_against_the_installed_package():
    """README's test command installs the checkout as a user would (not editable) and runs the
    `pytest` script with PYTHONSAFEPATH=1, and pytest is configured for importlib imports with
    only tests/ on the path: so neither the test process nor the processes it starts can import
    the checkout's sim/dashboards/scenarios instead of the installed ones."""
    readme = (ROOT / "README.md").read_text()
    command = re.search(r"^Run all tests: `(.*)`$", readme, re.M).group(1)
    steps = [s.strip() for s in command.split("&&")]
    assert 'pip install ".[test]"' in steps and not any("-e" in s.split() for s in steps if "pip" in s)
    runner = steps[-1].split()
    assert runner[:2] == ["PYTHONSAFEPATH=1", "pytest"], steps[-1]
    options = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["pytest"]["ini_options"]
    assert "--import-mode=importlib" in options["addopts"].split()
    assert options["pythonpath"] == ["tests"]
