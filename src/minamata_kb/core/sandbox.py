"""Reading a file's text in a child process under limits, so that a hostile file can neither
hold a request nor hurt the server.

``extract`` decodes plain text in-process (linear in a size already bounded); PDF, DOCX and
HTML are parsed by ``python -m minamata_kb.core.sandbox`` (``_child`` below, running the readers
of ``core.extraction``), limited in address space (``EXTRACT_MEMORY_MB``), CPU and wall-clock
time (``EXTRACT_TIMEOUT_SECONDS``), whose output is cut at ``MAX_EXTRACTED_CHARS`` characters
(the cut is reported). It never raises for a bad file: the result carries a failure code, and
``core.files.failure_message`` turns it into words. Callers run it in a background task and
record the outcome in one write (``core.filetext.read_original``), so a failure leaves no
half-written text.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from dataclasses import dataclass

from minamata_kb.core.extraction import READERS, CappedText, Full, ReadFailed
from minamata_kb.core.files import decode_text, int_setting


@dataclass(frozen=True)
class Extraction:
    """The text read from a file (``error`` empty), or why it could not be read."""

    text: str = ""
    truncated: bool = False
    error: str = ""  # a failure code (see failure_message)


def extract(
    kind: str,
    data: bytes,
    *,
    max_chars: int | None = None,
    timeout: float | None = None,
    memory_mb: int | None = None,
) -> Extraction:
    """Read the text of an accepted file within the limits (settings unless given)."""
    cap = max_chars or int_setting("MAX_EXTRACTED_CHARS", 1_000_000)
    if kind == "txt":
        try:
            text = decode_text(data)
        except UnicodeDecodeError:
            return Extraction(error="damaged")
        return _capped(text.replace("\x00", "").strip(), cap)
    seconds = timeout or int_setting("EXTRACT_TIMEOUT_SECONDS", 30)
    mb = memory_mb or int_setting("EXTRACT_MEMORY_MB", 512)
    argv = [sys.executable, "-m", "minamata_kb.core.sandbox", kind, str(cap), str(mb), str(seconds)]
    return _in_child(argv, data, seconds, cap)


def _in_child(argv: list[str], data: bytes, seconds: float, cap: int) -> Extraction:
    """Run the child ``argv`` on ``data`` for at most ``seconds``; its JSON as an Extraction."""
    proc = subprocess.Popen(  # noqa: S603 - our own interpreter and module, no shell
        argv,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        out, _err = proc.communicate(data, timeout=seconds)
    except subprocess.TimeoutExpired:
        _kill(proc)
        return Extraction(error="timeout")
    if proc.returncode in (-signal.SIGXCPU, -signal.SIGKILL):
        return Extraction(error="timeout")
    try:
        result = json.loads(out)
    except ValueError:
        return Extraction(error="memory" if proc.returncode == 3 else "crashed")
    if result.get("error"):
        return Extraction(error=str(result["error"]))
    return Extraction(text=str(result["text"])[:cap], truncated=bool(result["truncated"]))


def _kill(proc: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        proc.kill()
    proc.communicate()


def _capped(text: str, cap: int) -> Extraction:
    return Extraction(text=text[:cap], truncated=len(text) > cap)


# --- the child process ------------------------------------------------------------------------


def _near(limit: int) -> bool:
    """Whether this process's peak address space came within 10 % of ``limit`` (Linux)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmPeak:"):
                    return int(line.split()[1]) * 1024 >= limit * 0.9
    except (OSError, ValueError):
        pass
    return False


def _child(argv: list[str]) -> int:
    """Entry of the child process: limits first, then read stdin, write JSON to stdout."""
    kind, cap, mb, seconds = argv[0], int(argv[1]), int(argv[2]), int(argv[3])
    limit = mb * 1024 * 1024
    _set_limits(limit, seconds)
    out = CappedText(cap)
    try:
        data = sys.stdin.buffer.read()
        READERS[kind](data, out)
    except Full:
        pass
    except ReadFailed as exc:
        sys.stdout.write(json.dumps({"error": exc.code}))
        return 0
    except MemoryError:
        return 3
    except Exception:  # noqa: BLE001 - parsers raise many kinds on hostile input
        # C parsers (lxml) report a failed allocation as a parse error: the peak says which.
        sys.stdout.write(json.dumps({"error": "memory" if _near(limit) else "damaged"}))
        return 0
    try:
        sys.stdout.write(json.dumps({"text": out.text(), "truncated": out.truncated}))
    except MemoryError:
        return 3
    return 0


def _set_limits(limit: int, seconds: int) -> None:
    """This process's address space at ``limit`` bytes, CPU at ``seconds``, no core dump."""
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds + 1))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


if __name__ == "__main__":
    sys.exit(_child(sys.argv[1:]))
