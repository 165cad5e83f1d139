"""The compiled kernels' cache is keyed on every file they are built from (sim.engine.jit)."""

import ast
from pathlib import Path

from sim.engine import jit

SIM = Path(jit.__file__).resolve().parents[1]


def _imported(path: Path) -> set[str]:
    """The sim modules a file imports at module level, as paths under sim/."""
    found = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("sim"):
            parts = node.module.split(".")[1:]
            for alias in node.names:
                as_module = SIM.joinpath(*parts, f"{alias.name}.py")
                found.add(as_module if as_module.is_file() else SIM.joinpath(*parts[:-1], f"{parts[-1]}.py"))
    return {p.relative_to(SIM).as_posix() for p in found if p.is_file()}


def test_the_cache_folder_hashes_every_file_the_kernels_are_built_from():
    """Starting from the kernel module, every engine module it is built from (followed through their
    imports) and every other module of sim those import directly (whose constants numba freezes into
    the compiled code) is among jit.KERNEL_SOURCES, and every listed file exists: an edit to any of
    them starts a fresh cache."""
    needed, todo = set(), ["engine/kernel.py"]
    while todo:
        name = todo.pop()
        if name in needed:
            continue
        needed.add(name)
        todo += [m for m in _imported(SIM / name) if m.startswith("engine/")]
        needed |= {m for m in _imported(SIM / name) if not m.startswith("engine/")}
    assert needed <= set(jit.KERNEL_SOURCES), needed - set(jit.KERNEL_SOURCES)
    assert all((SIM / name).is_file() for name in jit.KERNEL_SOURCES)
