"""Suite-wide fixtures: which copy of the package the tests run against; the wheel a user
installs, built from this checkout; and that wheel installed into a fresh virtual
environment outside the checkout (built and installed once per test session)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from installing import PACKAGES, ROOT, Installed, clean_env, running_site_dirs


def pytest_report_header(config: pytest.Config) -> list[str]:
    import dashboards
    import scenarios
    import sim

    where = {m.__name__: str(Path(m.__file__).resolve().parent.parent) for m in (sim, dashboards, scenarios)}
    places = sorted(set(where.values()))
    note = " (this checkout)" if places == [str(ROOT)] else ""
    return [f"coregulation-lab imported from: {', '.join(places)}{note}"]


@pytest.fixture(scope="session")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel ``pip install .`` builds from this checkout (copied first, with a planted numba
    and bytecode cache, so the build neither writes into the checkout nor depends on its caches)."""
    src = tmp_path_factory.mktemp("src")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, src / name)
    for package in PACKAGES:
        shutil.copytree(ROOT / package, src / package)
        planted = src / package / "__pycache__"
        planted.mkdir(exist_ok=True)
        (planted / "planted.nbi").write_bytes(b"numba index")
        (planted / "planted.cpython-311.pyc").write_bytes(b"bytecode")
    out = tmp_path_factory.mktemp("wheelhouse")
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--wheel-dir", str(out), str(src)],
        capture_output=True, text=True, timeout=600, cwd=out, env=clean_env(),
    )
    assert done.returncode == 0, f"pip wheel failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    wheels = list(out.glob("coregulation_lab-*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


@pytest.fixture(scope="session")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Installed:
    """A fresh venv outside the checkout with the wheel installed (its own files and its own
    `coreg` command). It sees the packages of the Python running the tests, whether that is the
    system's or a venv's (numpy, numba, panel: nothing is downloaded), so tests must check that it
    imports the project from its own site-packages (``Installed.imported_from``)."""
    base = tmp_path_factory.mktemp("installed")
    workdir = base / "empty"
    workdir.mkdir()
    inst = Installed(venv=base / "venv", workdir=workdir)
    base_python = getattr(sys, "_base_executable", sys.executable)  # a venv is made from its base
    made = subprocess.run([base_python, "-m", "venv", str(inst.venv)],
                          capture_output=True, text=True, timeout=300, env=clean_env())
    assert made.returncode == 0, made.stderr[-3000:]
    # each line of a .pth file in site-packages is a folder appended to sys.path, after the venv's own
    (inst.site_packages() / "running-python-site-packages.pth").write_text("\n".join(running_site_dirs()) + "\n")
    # --ignore-installed: a copy of the project that the running Python has must not stand in for the wheel
    done = inst.run(
        [str(inst.python), "-m", "pip", "install", "--no-deps", "--no-index", "--no-cache-dir", "--ignore-installed",
         "--disable-pip-version-check", str(wheel)],
    )
    assert done.returncode == 0, f"pip install failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return inst
