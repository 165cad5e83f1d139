"""Installing the project as a user does, for the tests: the checkout's files, an
environment without the checkout on its path, and a venv that has the wheel installed."""

from __future__ import annotations

import json
import os
import site
import subprocess
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("sim", "dashboards", "scenarios")
#: files that must never ship: Python's and numba's caches
CACHE_SUFFIXES = (".pyc", ".pyo", ".nbi", ".nbc")
#: what chooses the folder of the compiled kernels (sim.engine.jit.kernel_cache_dir), the first one set wins
CACHE_VARIABLES = ("COREG_CACHE_DIR", "NUMBA_CACHE_DIR")


def clean_env(**extra: str) -> dict[str, str]:
    """This environment without anything that would make Python import the checkout, nor the
    user's choice of kernel cache (a test that needs a cache of its own passes it in ``extra``)."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", *CACHE_VARIABLES)}
    env.update(extra)
    return env


def running_site_dirs() -> list[str]:
    """The site-packages folders the Python running the tests imports from, in its order: the
    user's (if it reads them), then its environment's: a venv's own (and the system's only if
    that venv includes them), or the system's when it is no venv."""
    user = [site.getusersitepackages()] if site.ENABLE_USER_SITE else []
    return user + site.getsitepackages()


def source_files(root: Path = ROOT) -> list[str]:
    """Every file of the three packages in a checkout (caches excluded), relative to it."""
    out = []
    for package in PACKAGES:
        for path in (root / package).rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts and path.suffix not in CACHE_SUFFIXES:
                out.append(path.relative_to(root).as_posix())
    return sorted(out)


@dataclass(frozen=True)
class Installed:
    """The wheel installed into a fresh venv; ``run`` executes there from an empty directory."""

    venv: Path
    workdir: Path

    @property
    def python(self) -> Path:
        return self.venv / "bin" / "python"

    def script(self, name: str) -> Path:
        return self.venv / "bin" / name

    def site_packages(self) -> Path:
        out = self.run([str(self.python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"])
        return Path(out.stdout.strip()).resolve()

    def run(self, cmd: list[str], timeout: float = 600, **env: str) -> subprocess.CompletedProcess:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=self.workdir,
                              env=clean_env(**env))

    def imported_from(self) -> dict[str, str]:
        """Where this venv's Python imports each package from (run from the empty directory),
        the app's module and the kernels' module among them (they need every dependency)."""
        modules = "sim, sim.engine.jit, dashboards, dashboards.app, dashboards.pages, scenarios"
        code = f"import json, {modules}; print(json.dumps({{m.__name__: m.__file__ for m in ({modules})}}))"
        done = self.run([str(self.python), "-c", code])
        assert done.returncode == 0, done.stderr[-3000:]
        return json.loads(done.stdout)
