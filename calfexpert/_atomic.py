"""Writing a file so that it is never seen half-written: a temporary file beside it, renamed at the end.

The one writer behind ``explain --output``, ``batch --output`` and ``ask --save``:

* a regular file (or a symbolic link to one) is replaced whole, or not at all; a replaced file
  keeps its permission bits, a new one gets the umask's (``0666 & ~umask``), as the shell's ``>``;
* anything that is not a regular file is never replaced: a device or a named pipe (``/dev/null``,
  ``/dev/stdout``, a fifo) is written directly, a folder or a socket is refused;
* every failure of the environment (disk full, no permission, read-only file system, a folder
  named as the file) is an :class:`~calfexpert.errors.OutputError` naming the file and the
  operating system's reason.
"""

from __future__ import annotations

import os
import signal
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from .errors import OutputError


def _reason(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__


def current_umask() -> int:
    """The process's umask, read without changing it where the system says it (Linux), else set and restored."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


class _Writer:
    """A text handle whose write failures are :class:`OutputError` naming the target."""

    def __init__(self, handle: IO[str], name: str, temp_path: str | None) -> None:
        self._handle = handle
        self._name = name
        self.temp_path = temp_path

    def write(self, text: str) -> int:
        try:
            return self._handle.write(text)
        except OSError as exc:
            raise OutputError(self._name, _reason(exc)) from exc

    def flush(self) -> None:
        try:
            self._handle.flush()
        except OSError as exc:
            raise OutputError(self._name, _reason(exc)) from exc

    def __getattr__(self, attr: str) -> Any:
        return getattr(self._handle, attr)


def check_target(target: str | os.PathLike[str], probe: bool = False) -> os.stat_result | None:
    """What ``target`` is now (``None`` when it does not exist); :class:`OutputError` when it cannot be written.

    With ``probe`` a temporary file is created (and removed) in the folder, the only sure test that
    the file can be written there (permission bits do not bind root; a read-only file system does).
    """
    name = os.fspath(target)
    if name == "":
        raise OutputError("''", "an empty name names no file")
    try:
        info = os.stat(name)
    except FileNotFoundError:
        info = None
    except OSError as exc:  # a component that is a file, a symlink loop, no permission to look
        raise OutputError(name, _reason(exc)) from exc
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise OutputError(name, "it is a folder; name a file")
    if info is not None and stat.S_ISSOCK(info.st_mode):
        raise OutputError(name, "it is a socket, not a file")
    if info is not None and stat.S_ISREG(info.st_mode) and not os.access(name, os.W_OK):
        raise OutputError(name, "Permission denied (the file is read-only; the shell's > would refuse it too)")
    if info is None or stat.S_ISREG(info.st_mode):
        try:
            real = os.path.realpath(name)
        except OSError as exc:  # the current folder was removed
            raise OutputError(name, _reason(exc)) from exc
        folder = os.path.dirname(real) or "."
        if not os.path.isdir(folder):
            raise OutputError(name, f"the folder {folder} does not exist")
        if not os.access(folder, os.W_OK | os.X_OK):
            raise OutputError(name, f"the folder {folder} cannot be written (permission denied)")
        if probe:
            import tempfile  # imported when a file is written, not at every start of the CLI

            try:
                fd, tmp = tempfile.mkstemp(prefix=f".{os.path.basename(real)}.", suffix=".probe", dir=folder)
            except OSError as exc:
                raise OutputError(name, _reason(exc)) from exc
            os.close(fd)
            os.unlink(tmp)
    return info


@contextmanager
def atomic_open(target: str | os.PathLike[str]) -> Iterator[_Writer]:
    """Open ``target`` for writing text; on success it holds exactly what was written, on any error it is unchanged.

    A regular file is written to a temporary file beside it that replaces it at the end; an
    interrupted writer (an exception, Ctrl-C, or SIGTERM turned into SystemExit) leaves no partial
    file behind, and never a truncated ``target``.  A device or named pipe is written directly.
    Raises :class:`OutputError` for a failure of the environment.
    """
    name = os.fspath(target)
    info = check_target(name)
    if info is not None and not stat.S_ISREG(info.st_mode):  # a device or a fifo: never replaced
        try:
            handle = open(name, "w", encoding="utf-8", newline="\n")
        except OSError as exc:
            raise OutputError(name, _reason(exc)) from exc
        writer = _Writer(handle, name, None)
        try:
            yield writer
            writer.flush()
        finally:
            try:
                handle.close()
            except OSError as exc:
                raise OutputError(name, _reason(exc)) from exc
        return
    try:
        real = os.path.realpath(name)  # a symlink to a regular file: replace the file, keep the link
    except OSError as exc:
        raise OutputError(name, _reason(exc)) from exc
    folder = os.path.dirname(real) or "."
    import tempfile  # imported when a file is written, not at every start of the CLI

    # SIGTERM and Ctrl-C wait until the temporary file's name is known and its clean-up below is armed: arriving
    # just after the file was made, they used to end the run before it could be removed (seen once in nine CI runs).
    held = _hold_stop_signals()
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{os.path.basename(real)}.", suffix=".partial", dir=folder)
    except OSError as exc:
        _release(held)
        raise OutputError(name, _reason(exc)) from exc
    try:
        _release(held)  # a signal held meanwhile is handled here, inside the clean-up's reach
        os.fchmod(fd, stat.S_IMODE(info.st_mode) if info is not None else 0o666 & ~current_umask())
        if info is not None and os.geteuid() == 0 and (info.st_uid, info.st_gid) != (0, 0):
            os.fchown(fd, info.st_uid, info.st_gid)  # root replacing someone's file leaves it theirs
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            writer = _Writer(handle, name, tmp)
            yield writer
            writer.flush()
            try:
                os.fsync(handle.fileno())
            except OSError as exc:
                raise OutputError(name, _reason(exc)) from exc
        try:
            os.replace(tmp, real)
        except OSError as exc:
            raise OutputError(name, _reason(exc)) from exc
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


_STOP_SIGNALS = {signal.SIGTERM, signal.SIGINT}


def _hold_stop_signals() -> set[int] | None:
    """Block SIGTERM and SIGINT in this thread (where the platform can); returns the mask to restore."""
    if not hasattr(signal, "pthread_sigmask"):
        return None
    return signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)


def _release(held: set[int] | None) -> None:
    if held is not None:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


def write_text_atomically(target: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` to ``target`` whole, or not at all (see :func:`atomic_open`)."""
    with atomic_open(target) as handle:
        handle.write(text)


def same_file(a: str | os.PathLike[str], b: str | os.PathLike[str]) -> bool:
    """Whether the two names are the same file (through links and ``..``), for refusing ``--output`` equal to an input."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.realpath(a) == os.path.realpath(b)
