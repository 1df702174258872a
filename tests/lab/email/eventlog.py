"""The event logs of the lab's email servers (smtp.log, rdap.log): one line
per event, safe to print, so tests can assert what a client sent."""

import os
import time


def esc(data):
    """Bytes (or str) to one log field: printable ASCII kept, every other
    byte (space, control, non-ASCII, backslash) as \\xNN."""
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogateescape")
    return "".join(chr(b) if 0x21 <= b < 0x7f and b != 0x5c else
                   "\\x%02x" % b for b in data)


class Log:
    """Append-only; O_APPEND so every line lands whole."""

    def __init__(self, path):
        self.fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)

    def write(self, *fields):
        line = "%d %s\n" % (time.time() * 1000, " ".join(fields))
        os.write(self.fd, line.encode())
