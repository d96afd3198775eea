"""What an importer reports when it refuses a file: each problem by file, line and field."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RowError:
    """One problem in an input file."""

    line: int
    field: str
    message: str
    file: str = ""

    def __str__(self) -> str:
        where = f"{self.file}:" if self.file else ""
        col = f" [{self.field}]" if self.field else ""
        return f"{where}{self.line}:{col} {self.message}"


class ImportRejected(Exception):
    """The file was rejected whole; nothing was written."""

    def __init__(self, errors: list[RowError]):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))
