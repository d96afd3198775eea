"""Ids typed by people: '²', '١' and 2**70 are no id, and nothing answers 500 or a traceback."""

from __future__ import annotations

import pytest
from django.test import Client

from minamata_kb.core.numbers import as_id

HUGE = str(2**70)


def test_as_id() -> None:
    assert as_id("12") == 12
    assert as_id(str(2**63 - 1)) == 2**63 - 1
    for text in ["", "0", "-1", "²", "١٢", HUGE, str(2**63), " 1", "1.0", None, 5]:
        assert as_id(text) is None, text


@pytest.mark.django_db
def test_documents_page_with_a_call_no_database_can_hold(client: Client) -> None:
    for value in [HUGE, "²", "１"]:
        assert client.get("/documents/", {"call": value}).status_code == 200, value


@pytest.mark.django_db
def test_report_command_with_such_a_call_is_a_clean_error() -> None:
    from minamata_kb.api.tests.test_fuzz import run_cli

    for value in [HUGE, "²"]:
        code, stderr, escaped = run_cli(
            "report", "submissions", "--call", value, "--lang", "en", "--format", "md",
            "-o", "/tmp/never-written.md",
        )  # fmt: skip
        assert escaped is None and "Traceback" not in stderr, stderr
        assert code != 0 and "call" in stderr


@pytest.mark.django_db
@pytest.mark.parametrize(
    "argv",
    [
        ["remind", "--today", "2024-02-30"],
        ["requeue", "--stale-after", HUGE],
        ["requeue", "--stale-after", "nan"],
        ["requeue", "--stale-after", "-5"],
    ],
)
def test_command_options_out_of_range_are_one_line(argv: list[str]) -> None:
    from minamata_kb.api.tests.test_fuzz import run_cli

    code, stderr, escaped = run_cli(*argv)
    assert escaped is None and "Traceback" not in stderr, (escaped, stderr)
    assert code != 0 and argv[1] in stderr
