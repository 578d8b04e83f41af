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
