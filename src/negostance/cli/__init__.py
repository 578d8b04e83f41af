"""Hydra entry points: the only code that knows Hydra and OmegaConf."""

from __future__ import annotations

import sys
from pathlib import Path

import negostance


def config_dir() -> str:
    """The ``configs/`` directory: inside the installed package (wheel), else the checkout's."""
    packaged = Path(negostance.__file__).resolve().parent / "configs"
    if packaged.is_dir():
        return str(packaged)
    return str(Path(__file__).resolve().parents[3] / "configs")


def root_cause(e: BaseException) -> BaseException:
    """Hydra wraps errors raised while instantiating; the user needs the original one."""
    while e.__cause__ is not None and type(e).__name__ == "InstantiationException":
        e = e.__cause__
    return e


#: Errors that mean "your input is wrong", reported as one line rather than a traceback.
USER_ERRORS = (ValueError, FileNotFoundError, PermissionError, KeyError, NotADirectoryError)


def fail(prog: str, e: BaseException, code: int = 2):
    print(f"{prog}: error: {e}", file=sys.stderr)
    sys.exit(code)


def user_errors_fail(prog: str, fn, *args):
    """``fn(*args)``, with user errors (also when Hydra wrapped them) reported as one line."""
    try:
        return fn(*args)
    except USER_ERRORS as e:
        fail(prog, e)
    except Exception as e:
        cause = root_cause(e)
        if cause is not e and isinstance(cause, USER_ERRORS):
            fail(prog, cause)
        raise


def alias_input_path(argv: list[str]) -> list[str]:
    """``input=<path>`` on the command line means ``input.path=<path>`` (Hydra needs the latter).

    >>> alias_input_path(["x", "input=a.jsonl", "output=b"])
    ['x', 'input.path=a.jsonl', 'output=b']
    """
    return [("input.path=" + a[6:]) if a.startswith("input=") else a for a in argv]
