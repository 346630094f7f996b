"""Reading what people type: who they are, and lines of input whatever bytes arrive.

Shared by `tradeqa ask` and `tradeqa chat`. Input is read as bytes and decoded here, with
undecodable bytes replaced, so one invalid byte (a strict UTF-8 stdin, a pasted binary) can
neither kill the reader nor leave the command waiting forever for a line that never comes.
"""

from __future__ import annotations

import asyncio
import contextlib
import getpass
import os
import signal
import threading
from collections.abc import AsyncIterator, Iterator
from typing import IO


def user_name() -> str:
    """The login name, or the numeric user id when it has no name (some containers)."""
    try:
        return getpass.getuser()
    except (KeyError, OSError, ImportError):  # no passwd entry and no $USER / $LOGNAME
        getuid = getattr(os, "getuid", None)
        return f"uid {getuid()}" if getuid else "unknown"


def decode_line(raw: bytes) -> str:
    """One line of input as text: invalid UTF-8 becomes U+FFFD, the line ending goes."""
    return raw.decode("utf-8", errors="replace").rstrip("\r\n")


def _raw_lines(stream: IO | None):
    """Lines of a binary stream (a text stream's .buffer), or of a text stream (tests)."""
    if stream is None:  # started without standard input
        return
    binary = getattr(stream, "buffer", None)
    if binary is not None:
        for raw in binary:
            yield decode_line(raw)
    else:
        for line in stream:
            yield line.rstrip("\r\n")


async def read_lines(stream: IO | None) -> AsyncIterator[str]:
    """Lines of `stream`, read without blocking the event loop; then end of input.

    A daemon thread reads, so a SIGTERM while it waits for input ends the process at once
    (a thread of the default executor would hold up interpreter shutdown). Whatever happens
    to the reader (an I/O error, a closed terminal), end of input still reaches the consumer.
    """
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[str | None] = asyncio.Queue()

    def put(item: str | None) -> None:
        # RuntimeError: the loop has closed (the command ended); nobody is listening.
        with contextlib.suppress(RuntimeError):
            loop.call_soon_threadsafe(queue.put_nowait, item)

    def read() -> None:
        try:
            for line in _raw_lines(stream):
                put(line)
        except (OSError, ValueError):  # EIO from a vanished terminal, a closed file
            pass
        finally:
            put(None)

    threading.Thread(target=read, name="stdin-reader", daemon=True).start()
    while (line := await queue.get()) is not None:
        yield line


# -- Ctrl-C on a terminal -----------------------------------------------------------------------
#
# A signal goes to any thread that does not block it, and only one delivered to the main thread
# wakes readline's wait for a key: a Ctrl-C caught by a BLAS, query-log or worker thread would
# leave the console waiting for a keypress. Threads inherit the signal mask of the thread that
# starts them, so the console blocks SIGINT before anything starts a thread (numpy's import
# does) and lets it through only while it waits for a line. One pressed while answering
# arrives as soon as the console waits again: it leaves then.


def hold_ctrl_c() -> None:
    """Block SIGINT in this thread and in every thread started from now on."""
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})


def release_ctrl_c() -> None:
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


@contextlib.contextmanager
def ctrl_c_allowed() -> Iterator[None]:
    """Let SIGINT through (a held one arrives at once, as KeyboardInterrupt), then hold it."""
    release_ctrl_c()
    try:
        yield
    finally:
        hold_ctrl_c()
