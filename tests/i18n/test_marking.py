"""Every message is marked so that it can be extracted and translated whole: no translation call
inside an f-string (Babel on Python 3.11 does not look there), no msgid glued from pieces, no
problem of a CoregError and no line the command line prints written as bare English, and no
function hiding gettext's ``_`` behind a throwaway variable of the same name."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import dashboards
import sim

SIM = Path(sim.__file__).resolve().parent
DASHBOARDS = Path(dashboards.__file__).resolve().parent
#: The app's benchmarks are the maintainers' tools (their reports are not translated).
NOT_SCANNED = (DASHBOARDS / "bench",)
CALLS = {"_", "n_", "p_", "N_"}
#: What a bare literal may say in a line the command line prints (names, punctuation, numbers).
NOT_WORDS = re.compile(r"coreg:|[^A-Za-z]+")


def modules() -> list[tuple[Path, ast.Module]]:
    """The model's and the app's modules (not the benchmarks)."""
    paths = [p for root in (SIM, DASHBOARDS) for p in sorted(root.rglob("*.py"))
             if not any(p.is_relative_to(skip) for skip in NOT_SCANNED)]
    return [(p, ast.parse(p.read_text(encoding="utf-8"))) for p in paths]


def name_of(call: ast.Call) -> str:
    f = call.func
    return f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", "")


def where(path: Path, node: ast.AST) -> str:
    return f"{path.relative_to(SIM.parent)}:{node.lineno}"


def literal_msgid(call: ast.Call) -> bool:
    """Whether a translation call's message is written in it (a literal), which the extractor must see;
    ``_(CONSTANT)`` translates a constant marked where it is defined (``N_``)."""
    return any(isinstance(a, ast.JoinedStr) or (isinstance(a, ast.Constant) and isinstance(a.value, str))
               for a in call.args[:1])


def test_no_translation_call_inside_an_f_string():
    """A message written inside an f-string is not extracted (Babel on Python 3.11 does not look there)."""
    found = [where(p, sub) for p, tree in modules() for node in ast.walk(tree) if isinstance(node, ast.JoinedStr)
             for sub in ast.walk(node) if isinstance(sub, ast.Call) and name_of(sub) in CALLS | {"gettext", "ngettext"}
             and literal_msgid(sub)]
    assert not found, found


def test_every_msgid_is_one_literal_or_a_marked_constant():
    """``_("... {x} ...", x=...)``, ``_(CONSTANT)``: never an f-string, ``+``, ``%`` or ``.format`` as the msgid."""
    found = []
    for p, tree in modules():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in CALLS:
                for arg in node.args[:3 if node.func.id in ("n_", "p_") else 1]:
                    if isinstance(arg, (ast.JoinedStr, ast.BinOp)) or (
                            isinstance(arg, ast.Call) and name_of(arg) == "format"):
                        found.append(where(p, node))
    assert not found, found


def test_no_function_that_translates_binds_underscore():
    """``for x, _ in ...`` inside a function that calls ``_()`` makes ``_`` the last item, not gettext."""
    found = []
    for p, tree in modules():
        if not any(isinstance(n, ast.ImportFrom) and any(a.name == "_" for a in n.names) for n in ast.walk(tree)):
            continue
        for fn in ast.walk(tree):
            if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Module)):
                continue
            for node in ast.walk(fn):
                targets = []
                if isinstance(node, (ast.For, ast.AsyncFor)):
                    targets = [node.target]
                elif isinstance(node, ast.Assign):
                    targets = node.targets
                elif isinstance(node, (ast.With, ast.AsyncWith)):
                    targets = [i.optional_vars for i in node.items if i.optional_vars]
                elif isinstance(node, (ast.FunctionDef, ast.Lambda)) and node is not fn:
                    targets = [ast.Name(id=a.arg, ctx=ast.Store(), lineno=node.lineno) for a in node.args.args]
                if any(isinstance(t, ast.Name) and t.id == "_" for target in targets for t in ast.walk(target)):
                    found.append(where(p, node))
    assert not found, found


def test_no_error_a_user_reads_is_bare_english():
    """A CoregError's problem and allowed are translated (``_(...)``, a helper), never a literal."""
    found = []
    for p, tree in modules():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and name_of(node) == "CoregError":
                for arg in node.args[1:3]:
                    literal = isinstance(arg, ast.Constant) and isinstance(arg.value, str) and NOT_WORDS.sub("", arg.value)
                    if literal or isinstance(arg, ast.JoinedStr):
                        found.append(where(p, node))
    assert not found, found


def test_the_command_line_prints_no_bare_english():
    """What ``coreg`` prints, and the app's server console, is translated; a literal may hold only
    names and punctuation (``coreg: ``)."""
    found = []
    for p, tree in modules():
        if "cli" not in p.parts and not p.is_relative_to(DASHBOARDS):
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and name_of(node) in ("print", "write", "_error"):
                for arg in node.args:
                    parts = [arg] if isinstance(arg, ast.Constant) else (arg.values if isinstance(arg, ast.JoinedStr) else [])
                    text = "".join(v.value for v in parts if isinstance(v, ast.Constant) and isinstance(v.value, str))
                    if NOT_WORDS.sub("", text):
                        found.append(f"{where(p, node)} {text!r}")
    assert not found, found


def test_the_scan_covers_the_app_but_not_its_benchmarks():
    scanned = {p for p, _tree in modules()}
    assert DASHBOARDS / "pages" / "build.py" in scanned and DASHBOARDS / "warmup.py" in scanned
    assert not any(p.is_relative_to(DASHBOARDS / "bench") for p in scanned)


def test_the_checks_above_can_fail():
    bad = ast.parse('def f(xs):\n    for x, _ in xs:\n        print(_("a"))\n    raise CoregError("k", f"bad {x}")\n')
    fn = bad.body[0]
    assert any(isinstance(n, ast.For) for n in ast.walk(fn))
    assert any(isinstance(n, ast.Call) and name_of(n) == "CoregError" and isinstance(n.args[1], ast.JoinedStr)
               for n in ast.walk(bad))
    assert NOT_WORDS.sub("", "coreg: ") == "" and NOT_WORDS.sub("", "wrote ") == "wrote"
