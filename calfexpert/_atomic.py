"""Writing a file so that it is never seen half-written: a temporary file beside it, renamed at the end."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO


@contextmanager
def atomic_open(target: str | os.PathLike[str]) -> Iterator[IO[str]]:
    """Open a temporary text file beside ``target``; on success it replaces ``target``, on any error it is removed.

    An interrupted writer (an exception, Ctrl-C, or SIGTERM turned into SystemExit) leaves no
    partial file behind, and never a truncated ``target``.
    """
    target = Path(target)
    directory = target.parent if str(target.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            yield handle
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_text_atomically(target: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` to ``target`` whole, or not at all."""
    with atomic_open(target) as handle:
        handle.write(text)
