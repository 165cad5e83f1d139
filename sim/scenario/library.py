"""Finding and reading scenario files: the shipped library by name, or a file by path."""

from __future__ import annotations

from pathlib import Path

from sim.declare import did_you_mean
from sim.errors import CoregError
from sim.i18n import _, current
from sim.scenario.checks import short
from sim.scenario.limits import MAX_FILE_CHARS
from sim.scenario.objects import Scenario
from sim.scenario.reading import load_scenario_text


def library_dir() -> Path:
    """The folder of the scenario library (package data of ``scenarios``).

    ``scenarios`` is installed next to ``sim`` (and sits next to it in a checkout), so it is
    found there first; a user's own ``scenarios/`` folder in the working directory cannot
    shadow it.
    """
    beside = Path(__file__).resolve().parents[2] / "scenarios"
    if (beside / "__init__.py").is_file():
        return beside
    import scenarios

    return Path(scenarios.__file__).resolve().parent


def library_names() -> list[str]:
    """Names (file stems) of the library's scenarios, sorted."""
    return sorted(p.stem for p in library_dir().glob("*.toml"))


def is_path(name_or_path: str) -> bool:
    """A SCENARIO argument is a path if it has a slash or ends in ``.toml``."""
    return "/" in name_or_path or "\\" in name_or_path or name_or_path.endswith(".toml")


def load_scenario(name_or_path: str | Path) -> Scenario:
    """A library scenario by name, or a scenario file by path (see :func:`is_path`)."""
    text_arg = str(name_or_path)
    if isinstance(name_or_path, Path) or is_path(text_arg):
        path = Path(text_arg)
        source = text_arg
    else:
        names = library_names()
        if text_arg not in names:
            raise CoregError("scenario", _("no library scenario named {name}{hint}", name=short(text_arg),
                                           hint=did_you_mean(text_arg, names)),
                             _("a name from `coreg list`, or a path to a .toml file"))
        path = library_dir() / f"{text_arg}.toml"
        source = f"scenarios/{text_arg}.toml"
    return load_scenario_text(_read_text(path, source), source, name=path.stem)


def _read_text(path: Path, source: str) -> str:
    try:
        if not path.exists():
            raise CoregError("file", _("{path} does not exist", path=short(str(path))), _("an existing .toml file"))
        if not path.is_file():
            raise CoregError("file", _("{path} is not a file", path=short(str(path))), _("a .toml file"))
        if path.stat().st_size > MAX_FILE_CHARS * 4:
            raise CoregError("file", _("the file is too large for a scenario"),
                             _("at most {n} characters", n=current().number(MAX_FILE_CHARS)))
        return path.read_text(encoding="utf-8")
    except CoregError as e:
        raise e.with_source(source) from None
    except UnicodeDecodeError:
        raise CoregError("file", _("is not UTF-8 text"), _("a UTF-8 encoded TOML file")).with_source(source) from None
    except OSError as e:
        raise CoregError("file", _("cannot be read ({error})", error=e.strerror or e),
                         _("a readable file")).with_source(source) from None
