"""Keeping the bot token out of every log line and every error message a person reads.

Redaction happens where text leaves the process (logging handlers, stderr lines), so it
holds whoever formats the text: our code, discord.py, aiohttp or an exception's message.
"""

from __future__ import annotations

import logging
import traceback

MASK = "[token]"


def redact(text: str, secret: str | None) -> str:
    return text.replace(secret, MASK) if secret else text


class TokenRedactor(logging.Filter):
    """A handler filter that removes the token from the message, the traceback and the stack.

    Formatters differ in how they print a traceback (discord.py's colour formatter formats
    `exc_info` itself and ignores `exc_text`), so when the token is in an exception, the
    redacted traceback is folded into the message and the exception itself dropped.
    """

    def __init__(self, secret: str) -> None:
        super().__init__()
        self.secret = secret

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if self.secret in message:
            record.msg, record.args = redact(message, self.secret), ()
        trace = _traceback_text(record)
        if trace and self.secret in trace:
            record.msg = f"{record.msg}\n{redact(trace, self.secret)}"
            record.args = ()
            record.exc_info, record.exc_text = None, None
        if record.stack_info and self.secret in record.stack_info:
            record.stack_info = redact(record.stack_info, self.secret)
        return True


def _traceback_text(record: logging.LogRecord) -> str:
    if record.exc_info and record.exc_info[0] is not None:
        return "".join(traceback.format_exception(*record.exc_info)).rstrip("\n")
    return record.exc_text or ""
