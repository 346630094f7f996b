"""Reading a knowledge file's or a source document's bytes: regular files only, size-capped."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from knowledge.safe_yaml import MAX_FILE_BYTES

_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)


class Unreadable(Exception):
    """The file could not be read; the message says why, for a moderator."""


def read_capped(path: Path) -> bytes:
    """The file's bytes; refuses oversized files before reading them (and while reading).

    Only regular files: opening a FIFO or a device (/dev/zero) could block or never end.
    `path` is a resolved path: a symlink put in its place since is not followed, and what
    was opened is checked again, so nothing swapped in after the checks is read.
    """
    limit = f"file is larger than {MAX_FILE_BYTES // 2**20} MiB: not a knowledge file"
    try:
        status = path.stat()
        if not stat.S_ISREG(status.st_mode):
            raise Unreadable("not a regular file")
        if status.st_size > MAX_FILE_BYTES:
            raise Unreadable(limit)
        descriptor = os.open(path, _OPEN_FLAGS)
        with os.fdopen(descriptor, "rb") as stream:
            status = os.fstat(descriptor)
            if not stat.S_ISREG(status.st_mode):
                raise Unreadable("not a regular file")
            # Sized to the file, not to the cap: a 64 MiB buffer per read is a needless peak.
            data = stream.read(status.st_size + 1)
            if len(data) > status.st_size:  # it grew since stat(): read on up to the cap
                data += stream.read(MAX_FILE_BYTES + 1 - len(data))
    except OSError as exc:
        raise Unreadable(f"cannot read the file: {exc.strerror or exc}") from None
    except ValueError as exc:  # e.g. a NUL character in the path
        raise Unreadable(f"cannot read the file: {exc}") from None
    if len(data) > MAX_FILE_BYTES:
        raise Unreadable(limit)
    return data
