"""N-of-M progress on a terminal; plain lines elsewhere (CI); nothing with --quiet."""
from __future__ import annotations

import sys


class Progress:
    def __init__(self, quiet: bool = False, stream=None):
        self.stream = stream or sys.stderr
        self.quiet = quiet
        self.tty = hasattr(self.stream, "isatty") and self.stream.isatty()
        self.total = 0
        self.done = 0

    def start(self, total: int):
        self.total, self.done = total, 0

    def advance(self, name: str):
        self.done += 1
        if self.quiet:
            return
        text = f"[{self.done}/{self.total}] {name}"
        if self.tty:
            self.stream.write("\r\033[K" + text[:100])
        else:
            self.stream.write(text + "\n")
        self.stream.flush()

    def finish(self):
        if self.tty and not self.quiet and self.total:
            self.stream.write("\r\033[K")
            self.stream.flush()
