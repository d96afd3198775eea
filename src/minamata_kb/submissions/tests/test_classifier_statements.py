"""Statements you can count on (issue 13, item 3), second round: what a submission looks like
once a DOCX or a letter is read (headings with colons or years, salutations), the passive and
"thanks to" forms of support received, an activity carried out as a result rather than a need,
short country names in Russian cases, and the per-label weights the classifier learns.

Every text is written for these tests. The embedders are the deterministic hashing ones.
"""

from __future__ import annotations

import pytest

from minamata_kb.submissions import services
from minamata_kb.submissions.tests.factories import make_call
from minamata_kb.textanalysis import classifier as C
from minamata_kb.textanalysis.statement_cues import is_boilerplate, is_heading, role_cues

HASH = C._Embeddings("hash", "hash")

BODY = (
    "The Environmental Protection Agency trained forty inspectors on mercury in gold mining "
    "and will repeat the course in the northern regions next year."
)


# ----------------------------------------------------------------------------- segmentation


@pytest.mark.parametrize(
    "heading",
    [
        "Support provided:",  # a DOCX heading closed by a colon
        "Appui reçu :",
        "三、获得的支持：",
        "Support received from development partners (2019–2023)",
    ],
)
def test_headings_with_a_colon_or_a_year_are_no_statements(heading: str) -> None:
    parts = C.split_paragraphs(f"{heading}\n\n{BODY}")
    assert parts == [BODY]


@pytest.mark.parametrize(
    "salutation",
    [
        "Dear Madam Executive Secretary,",
        "Madame la Secrétaire exécutive,",
        "Estimada Secretaria Ejecutiva,",
        "Уважаемая госпожа Исполнительный секретарь,",
    ],
)
def test_salutations_are_boilerplate(salutation: str) -> None:
    assert is_boilerplate(salutation)
    assert C.split_paragraphs(f"{salutation}\n\n{BODY}") == [BODY]


@pytest.mark.parametrize(
    "subject",
    [
        "Objet : Informations sur le renforcement des capacités (décision MC-3/8)",
        "Subject: Information on capacity-building and technical assistance",
        "Asunto: Información sobre creación de capacidad",
        "Тема: информация о наращивании потенциала",
        "事由：能力建设和技术援助信息",
        "الموضوع: معلومات عن بناء القدرات",
    ],
)
def test_a_letters_subject_line_is_boilerplate(subject: str) -> None:
    """A covering letter's subject line became a 'challenge' statement (a Senegalese DOCX on
    the demo: 'Objet : Informations sur le renforcement des capacités')."""
    assert is_boilerplate(subject)
    assert C.split_paragraphs(f"{subject}\n\n{BODY}") == [BODY]
    assert not is_boilerplate("Ghana needs support: training and equipment for inventories.")


def test_a_list_lead_in_with_a_colon_stays_with_its_list() -> None:
    text = (
        "Our country needs the following to apply the Convention:\n\n"
        "- laboratory equipment to measure mercury in fish;\n\n"
        "- training for customs officers at the border posts."
    )
    assert not is_heading("Our country needs the following:", "- laboratory equipment")
    assert "needs the following" in C.split_paragraphs(text)[0]


def test_a_sentence_ending_in_a_parenthesis_is_not_taken_for_a_heading() -> None:
    text = "The EPA trained forty inspectors in 2022 (with UNITAR)\n\nThe course will be repeated."
    assert C.split_paragraphs(text)[0].startswith("The EPA trained forty inspectors in 2022")


def test_a_whole_docx_like_submission_keeps_only_its_statements() -> None:
    text = "\n\n".join(
        [
            "Ministry of Environment, Science and Technology",
            "Ref: ENV/MC/2024/17",
            "Dear Madam Executive Secretary,",
            "1. Support received:",
            "Ghana was provided with two mercury analysers by the Government of Japan in 2023, "
            "and its laboratory staff were trained by the supplier.",
            "2. Needs (2024–2026)",
            "The customs service lacks portable analysers to detect mercury in imported "
            "skin-lightening creams.",
            "Yours faithfully,",
            "Dr. Ama Owusu, Director",
            "Page 3 of 3",
        ]
    )
    parts = C.split_paragraphs(text)
    assert [p[:12] for p in parts] == ["Ghana was pr", "The customs "]


# ----------------------------------------------------------------------------- role cues


@pytest.mark.parametrize(
    "text",
    [
        "Kenya was provided with mercury analysers by the Government of Japan.",
        "Our inspectors were trained by UNITAR experts on mercury inventories.",
        "Thanks to a grant from the GEF, the Ministry completed its initial assessment.",
        "Grâce au soutien du PNUE, le ministère a terminé son évaluation initiale.",
        "Gracias al apoyo de la ONUDI, el ministerio terminó su evaluación inicial.",
        "Министерство получило техническую помощь от ЮНИДО для инвентаризации ртути.",
        "Благодаря поддержке ЮНЕП министерство завершило первоначальную оценку.",
        "بفضل دعم برنامج الأمم المتحدة للبيئة أكملت الوزارة التقييم الأولي.",
        "Two officials from Ghana attended a UNITAR course on mercury inventories.",
        "Deux inspecteurs ont participé à une formation de l'ONUDI sur le mercure.",
        "Dos técnicos participaron en un taller del PNUMA sobre el mercurio.",
        "Два специалиста приняли участие в семинаре ЮНИТАР по ртути.",
        "两名官员参加了联合国训练研究所的汞清单培训。",
        "شارك موظفان في دورة تدريبية حول الزئبق.",
    ],
)
def test_support_received_in_the_passive_and_with_thanks(text: str) -> None:
    cues = role_cues(text)
    assert cues["support_received"] > 0 > cues["support_provided"]


def test_an_activity_carried_out_is_a_result_not_a_need() -> None:
    cues = role_cues("The Ministry organised three training workshops for district health staff.")
    assert cues["example_success"] > 0 > cues["need"]
    # carried out for other countries: support provided, not a result of one's own
    cues = role_cues("We organised a workshop for officials of five neighbouring countries.")
    assert cues["support_provided"] > 0 and cues["example_success"] <= 0
    cues = role_cues("Officials of eleven countries attended the workshop we organised.")
    assert cues["support_provided"] > 0 > cues["support_received"]
    # a need stays a need even with a past activity in the sentence
    assert role_cues("We held one workshop but still need training for inspectors.")["need"] > 0


# ----------------------------------------------------------------------------- countries


def test_short_country_names_in_russian_cases() -> None:
    assert C.detect_countries("Семинар в Лаосе и Камбодже") == ["LAO", "KHM"]
    assert C.detect_countries("Эксперты из Омана и с Кубы") == ["OMN", "CUB"]
    assert C.detect_countries("малые предприятия") == []  # not Мали


@pytest.mark.parametrize(
    "name",
    [
        "Laos",
        "République démocratique populaire lao",
        "República Democrática Popular Lao",
        "Лаосская Народно-Демократическая Республика",
        "老挝人民民主共和国",
        "老挝",
        "جمهورية لاو الديمقراطية الشعبية",
    ],
)
def test_laos_in_six_languages(name: str) -> None:
    assert C.detect_countries(f"{name}: mercury") == ["LAO"]


# ----------------------------------------------------------------------------- learned weights


def _examples() -> list[C.Example]:
    """Texts alike but for who is named: one country (the recipient) or several."""
    one = ["Ghana", "Kenya", "Peru", "Chile", "Nepal", "Ghana", "Mali", "Chad", "Togo", "Benin"]
    out = []
    for i, country in enumerate(one * 2):
        out.append(
            C.Example(
                f"Mercury inventory project {i} in {country} with a training course.",
                [19],
                ["inventories"],
                ["support_received"],
            )
        )
        out.append(
            C.Example(
                f"Mercury inventory project {i} in Ghana, Kenya, Peru, Chile and Nepal with a "
                "training course.",
                [19],
                ["inventories"],
                ["support_provided"],
            )
        )
    for ex in out:  # one vector for all: only the wording (the countries named) differs
        ex.vectors = HASH_VECTORS()
    return out


def test_the_classifier_weighs_the_number_of_countries_per_role() -> None:
    clf = C.Classifier(examples=_examples(), embeddings=HASH)
    assert clf.fitted["roles"]
    few = dict(clf.scores("roles", "A mercury inventory project in Bolivia.", HASH_VECTORS()))
    many = dict(
        clf.scores(
            "roles",
            "A mercury inventory project in Bolivia, Cuba, Fiji, Oman and Laos.",
            HASH_VECTORS(),
        )
    )
    assert few["support_received"] > few["support_provided"]
    assert many["support_provided"] > many["support_received"]


_FIXED = C.embed_text("A mercury inventory project.", HASH)


def HASH_VECTORS() -> C.TextVectors:  # noqa: N802
    """The same embedding every time, with a cache of its own."""
    return C.TextVectors(_FIXED.use, _FIXED.e5)


# ----------------------------------------------------------------------------- form statements


@pytest.mark.django_db
def test_form_statements_are_classified_when_the_submission_is_saved(
    personas, monkeypatch, django_capture_on_commit_callbacks
) -> None:
    monkeypatch.setattr(C, "default_embeddings", lambda: HASH)
    for slot in ("classifier", "key", "pending", "thread"):
        monkeypatch.setitem(C._state, slot, None)
    call = make_call(personas.officer.user)
    with django_capture_on_commit_callbacks(execute=True):
        sub = services.submit(
            personas.fp_a.user,
            call,
            party=personas.world.party_a,
            parts=[
                {
                    "role": "need",
                    "text": "Our dentists need training to phase down dental amalgam, "
                    "with support from the GEF.",
                }
            ],
        )
    (st,) = sub.statements.all()
    assert "dental_amalgam" in set(st.topics.values_list("slug", flat=True))
    assert st.proposal["from"] == "form"
    assert st.channel is not None and st.channel.slug == "gef"


def test_a_passing_mention_weighs_less_than_a_whole_subject() -> None:
    """kw_share: the share of passages naming a topic tells a text about dental amalgam from a
    text that mentions it once among other subjects."""
    clf = C.Classifier(embeddings=HASH)
    other = (
        "The ministry inspected {n} gold mining sites in the northern region and recorded the "
        "retorts in use, the volume of ore treated and the number of workers on each site."
    )
    passing = "\n\n".join(
        [
            "Dental amalgam is still used in some private clinics of the capital city.",
            *(other.format(n=n) for n in range(10, 15)),
        ]
    )
    whole = "\n\n".join(
        f"Dental amalgam: clinic {n} of the capital replaced amalgam fillings with mercury-free "
        "alternatives and now collects amalgam waste separately for the licensed handler."
        for n in range(6)
    )
    share = C.FEATURES.index("kw_share")
    topics = [lab.key for lab in clf.profile.labels["topics"]]
    row = topics.index("dental_amalgam")

    def kw_share(text: str) -> float:
        return float(clf.features("topics", text, C.embed_text(text, HASH))[row, share])

    assert kw_share(whole) == 1.0
    assert 0 < kw_share(passing) < 0.5


# ----------------------------------------------------------------------------- a real DOCX


def _docx(blocks: list[tuple[str, str]]) -> bytes:
    import io

    import docx

    document = docx.Document()
    for style, text in blocks:
        if style == "heading":
            document.add_heading(text, level=2)
        else:
            document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_statements_of_a_word_document_as_read_on_upload() -> None:
    """A DOCX written for this test, read by the upload's own reader: the headings (with a
    colon, numbered, in Chinese) and the closing never become statements; Laos is found."""
    from minamata_kb.core import sandbox

    data = _docx(
        [
            ("heading", "Submission on capacity-building and technical assistance"),
            ("heading", "1. Support received:"),
            (
                "body",
                "Our inspectors were trained by UNITAR on mercury inventories in 2023, together "
                "with colleagues from the Lao People's Democratic Republic.",
            ),
            ("heading", "三、存在的困难"),
            ("body", "我国地方环境部门缺乏检测汞的仪器,也缺乏经过培训的人员。"),
            ("body", "Yours sincerely,"),
            ("body", "Dr. Ama Owusu, Director"),
        ]
    )
    text = sandbox.extract("docx", data, timeout=30, memory_mb=512).text
    parts = C.split_paragraphs(text)
    assert [p[:14] for p in parts] == ["Our inspectors", "我国地方环境部门缺乏检测汞的仪器"[:14]]
    assert C.detect_countries(parts[0]) == ["LAO"]
    assert role_cues(parts[0])["support_received"] > 0
    assert role_cues(parts[1])["need"] > 0
