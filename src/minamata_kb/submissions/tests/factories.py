"""Small builders for the submissions and documents tests (data made in code)."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from minamata_kb.submissions import calls
from minamata_kb.submissions.models import Call, Statement, Submission


def make_call(officer: Any, *, issued: bool = True, deadline: dt.date | None = None) -> Call:
    call = calls.create_call(
        officer,
        decision="MC-3/8",
        title="Test call",
        letter_date=dt.date(2019, 12, 13),
        deadline=deadline or dt.date(2099, 12, 31),
        reminder_dates=["2020-01-10"],
        addressees=["parties", "regional_centres"],
        note_symbol="UNEP/MC/COP.9/X",
        annex_symbol="UNEP/MC/COP.9/INF/X",
    )
    if issued:
        calls.issue_call(officer, call, today=dt.date(2019, 12, 13))
    return call


def pdf_bytes(text: str = "Hello", *, encrypt: bool = False) -> bytes:
    """A small valid PDF (optionally password-protected)."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    if encrypt:
        writer.encrypt("secret")
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def docx_bytes(text: str) -> bytes:
    import docx

    document = docx.Document()
    for para in text.split("\n\n"):
        document.add_paragraph(para)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


class FakeFound:
    """What the classifier returns for one paragraph (its public shape)."""

    def __init__(self, roles: list[tuple[str, float]], topics: list[tuple[str, float]] = (),  # type: ignore[assignment]
                 articles: list[tuple[int, float]] = (), countries: list[str] = ()) -> None:  # type: ignore[assignment]  # fmt: skip
        self.roles = list(roles)
        self.topics = list(topics)
        self.articles = list(articles)
        self.countries = list(countries)

    def as_json(self) -> dict[str, Any]:
        return {
            "roles": [{"role": r, "score": s} for r, s in self.roles],
            "topics": [{"topic": t, "score": s} for t, s in self.topics],
            "articles": [{"article": a, "score": s} for a, s in self.articles],
            "countries": self.countries,
        }


def fake_classify(text: str) -> list[tuple[str, Any]]:
    """Stand-in for classifier.classify_paragraphs: 'need' if the paragraph says so."""
    out = []
    for para in [p.strip() for p in text.split("\n\n") if p.strip()]:
        if "need" in para.lower():
            out.append((para, FakeFound([("need", 0.9)], [("asgm", 0.8)], [(7, 0.7)], ["GHA"])))
        elif "gave" in para.lower():
            out.append((para, FakeFound([("support_provided", 0.8)], [("waste", 0.7)])))
        else:
            out.append((para, FakeFound([])))
    return out


# The review queue (the `queue` fixture of conftest.py): the personas and three proposed
# statements (two of Ghana, one of Mexico).
Queue = tuple[Any, list[Statement]]


def _submission(officer: Any, party: Any, call: Any = None, **extra: Any) -> Submission:
    """An uploaded submission of ``party`` to ``call`` (a new call when none), as stored."""
    return Submission.objects.create(
        call=call or make_call(officer),
        party=party,
        via="upload",
        original="submissions/x.txt",
        original_name="x.txt",
        content_type="text/plain",
        size=1,
        sha256="0" * 64,
        **extra,
    )


def _proposed(sub: Submission, text: str, role: str = "need", score: float = 0.9,
              position: int = 0, **extra: Any) -> Statement:  # fmt: skip
    """A statement as the classifier proposes it (labels and their confidences)."""
    from minamata_kb.taxonomy.models import Article, Channel, Topic

    st = Statement.objects.create(
        submission=sub,
        position=position,
        text=text,
        role=role,
        channel=Channel.objects.get(slug="gef"),
        proposal={
            "roles": [{"role": role, "score": score}],
            "articles": [{"article": 7, "score": 0.82}],
            "topics": [{"topic": "asgm", "score": 0.45}],
            "channel": {"channel": "gef", "score": 0.7},
            "countries": [],
        },
        **extra,
    )
    st.articles.set(Article.objects.filter(number=7))
    st.topics.set(Topic.objects.filter(slug="asgm"))
    return st
