"""What parties wrote in their answers: the needs and challenges stated in comments and
free-text answers, and the Article 14 answers as received.
"""

from __future__ import annotations

from minamata_kb.national_reports.analysis_records import (
    Art14Question,
    Art14Text,
    Article14,
    ExtractedNeed,
    QuestionFigures,
    Rows,
)
from minamata_kb.national_reports.models import Cycle, Question
from minamata_kb.national_reports.textsignals import roles_of, sentences, topics_of


def extract_needs(cycle: Cycle, rows: Rows, questions: dict[int, Question]) -> list[ExtractedNeed]:
    """Sentences of comments and free-text answers that state a need or a challenge."""
    found: list[ExtractedNeed] = []
    for party, qid, aid, value, text, comment in rows:
        q = questions.get(qid)
        if q is None:
            continue
        gap = value in q.gap_answers
        for source in (text, comment):
            if not source:
                continue
            for sentence in sentences(source):
                roles = roles_of(sentence)
                if not roles and not (gap and source is comment):
                    continue
                role = "need" if "need" in roles else "challenge"
                found.append(
                    ExtractedNeed(
                        party=party,
                        cycle=cycle.code,
                        question=q.number,
                        article=q.article,
                        answer_id=aid,
                        role=role,
                        text=sentence,
                        topics=topics_of(sentence),
                        answer=value,
                    )
                )
    return found


def article14_answers(
    q_out: list[QuestionFigures],
    questions: dict[int, Question],
    rows: Rows,
) -> Article14:
    """Article 14 answers (seed para. 23): who provides, who receives, what is needed."""
    art14 = {q.pk: q for q in questions.values() if q.article == 14}
    texts = [
        Art14Text(party=party, question=art14[qid].number, text=text or comment)
        for party, qid, _aid, _value, text, comment in rows
        if qid in art14 and (text or comment)
    ]
    return Article14(
        questions=[
            Art14Question(number=q.number, answered=q.answered, counts=q.counts)
            for q in q_out
            if q.article == 14
        ],
        texts=sorted(texts, key=lambda t: (t.question, t.party))[:60],
        text_count=len(texts),
    )
