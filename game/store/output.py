"""Writing a file the user named (every command's ``--out``): safely, or one clear line why not.

The path must be a regular file (replaced only when the command may replace it) or a new
name in a folder that exists; a folder, a device (``/dev/full``), a pipe or a socket is
refused before anything is written, so running as root can never swap a device node for a
regular file.  The bytes go to a temp file in the same folder, are synced and then renamed
over the target: a full disk or a kill leaves the old file (or none), never half a file,
and the temp file is removed on any failure.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from game.store.errors import StoreError

__all__ = ["OutputError", "check_output", "write_output"]


class OutputError(StoreError):
    """An output file that cannot or may not be written; one line for the user."""


def _reason(error: OSError) -> str:
    if error.errno == errno.ENOSPC or error.errno == getattr(errno, "EDQUOT", None):
        return "the disk is full (or over its quota); free some space or write somewhere else"
    if error.errno in (errno.EACCES, errno.EPERM):
        return "permission denied; choose a folder you may write to"
    if error.errno == errno.EROFS:
        return "the disk is read-only; write somewhere else"
    if error.errno == errno.ENAMETOOLONG:
        return "the file name is too long"
    reason = error.strerror or type(error).__name__
    return reason[0].lower() + reason[1:]


def check_output(path: Path | str, *, replace: bool) -> Path:
    """Return the file to write for ``path``; raise ``OutputError`` if it may not be written.

    ``replace`` says whether an existing regular file may be replaced (the command's
    ``--force``, or always for commands whose output is meant to be rewritten).  A link to
    a regular file is followed: the file it points to is replaced, the link stays.
    """
    path = Path(path)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        info = None
    except OSError as error:
        if error.errno == errno.ENOTDIR:
            raise OutputError(
                f"{path}: {path.parent} is not a folder; give a path inside a folder"
            ) from None
        raise OutputError(f"{path}: cannot write the file: {_reason(error)}") from None
    if info is None:
        if os.path.islink(path):
            raise OutputError(f"{path}: is a link to nothing; give a file name to write")
        parent = path.parent
        if not parent.is_dir():
            what = "is not a folder" if parent.exists() else "does not exist"
            raise OutputError(
                f"{path}: the folder {parent} {what}; create it first or write somewhere else"
            )
        return path
    if stat.S_ISDIR(info.st_mode):
        raise OutputError(f"{path}: is a folder; give a file name to write")
    if not stat.S_ISREG(info.st_mode):
        raise OutputError(
            f"{path}: is not a regular file (a device or a pipe); give a file name to write"
        )
    if not replace:
        raise OutputError(f"{path}: already exists; use --force to replace it")
    return Path(os.path.realpath(path)) if os.path.islink(path) else path


def write_output(path: Path | str, data: bytes, *, replace: bool = True) -> Path:
    """Write ``data`` to the file ``path`` in one step; return the path written.

    Raises ``OutputError`` (one line: what and why, e.g. a full disk or a missing folder)
    and leaves no temp file behind.  See :func:`check_output` for ``replace``.
    """
    target = check_output(path, replace=replace)
    temporary = target.with_name(f".{target.name}.tmp-{os.getpid()}-{os.urandom(4).hex()}")
    try:
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except OSError as error:
        raise OutputError(
            f"{path}: cannot write the file: {_reason(error)}; nothing was written"
        ) from None
    finally:
        try:
            os.unlink(temporary)
        except OSError:
            pass
    return target
