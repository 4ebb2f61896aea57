"""One exception family: every message names the input, the problem and what to do."""
from __future__ import annotations


class RasdError(Exception):
    """Base of all errors rasd raises on purpose."""


class InputError(RasdError):
    """A document that cannot be read: names the file (and line) and the problem."""

    def __init__(self, path: str, problem: str, line: int | None = None, hint: str | None = None):
        self.path = path
        self.problem = problem
        self.line = line
        self.hint = hint
        where = f"{path}:{line}" if line is not None else path
        msg = f"{where}: {problem}"
        if hint:
            msg += f" ({hint})"
        super().__init__(msg)

    def to_dict(self) -> dict:
        return {"path": self.path, "line": self.line, "problem": self.problem, "hint": self.hint}


class ConfigError(RasdError):
    """A bad option or configuration value."""
