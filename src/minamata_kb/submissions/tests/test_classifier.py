"""The statement classifier: paragraphs, keywords, countries, zero-shot and learned labels.

Texts are written for these tests. The embedders are the deterministic hashing ones, so no
model is loaded; the real models are exercised by benchmarks/classify_quality.py.
"""

from __future__ import annotations

import io
import json
import threading

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from minamata_kb.textanalysis import classifier as C

HASH = C._Embeddings("hash", "hash")


@pytest.fixture
def hashed(monkeypatch):
    """Route the module's default embeddings to the hashing embedder; fresh classifier state."""
    monkeypatch.setattr(C, "default_embeddings", lambda: HASH)
    for slot in ("classifier", "key", "pending", "thread"):
        monkeypatch.setitem(C._state, slot, None)
    monkeypatch.setitem(C._state, "key", None)
    return HASH


# ----------------------------------------------------------------------------- text helpers


def test_split_paragraphs_skips_headings_and_cuts_long_blocks() -> None:
    text = (
        "Needs\n\n"
        + "Our laboratory cannot yet measure mercury in fish samples. " * 3
        + "\n\n"
        + "We trained customs officers on mercury trade controls. " * 20
    )
    parts = C.split_paragraphs(text, max_chars=300)
    assert parts[0].startswith("Our laboratory")  # a heading is no statement (issue 13)
    assert all(len(p) <= 300 for p in parts)
    assert sum("customs" in p for p in parts) >= 3
    assert "".join(parts).count("customs officers") == 20


def test_split_paragraphs_handles_chinese_without_spaces() -> None:
    text = "我国需要建立汞排放清单。" * 80
    parts = C.split_paragraphs(text, max_chars=200)
    assert len(parts) > 1
    assert all(len(p) <= 200 for p in parts)
    assert "".join(parts) == text


def test_split_paragraphs_of_empty_text() -> None:
    assert C.split_paragraphs("  \n\n ") == []


def test_keyword_hits_in_several_languages() -> None:
    assert C.keyword_hits("Support to artisanal gold miners in the region", ["gold miners"]) == 1
    assert C.keyword_hits("Les orpailleurs de la région", ["orpaillage", "orpailleurs"]) == 1
    assert C.keyword_hits("加强手工和小规模采金的管理", ["手工和小规模采金"]) == 1
    assert C.keyword_hits("ودعم التعدين الحرفي في المنطقة", ["التعدين الحرفي"]) == 1
    assert C.keyword_hits("обращение с ртутными отходами", ["ртутными отходами"]) == 1
    # a word start is required outside CJK: "gold" is not found inside "marigold"
    assert C.keyword_hits("A marigold garden", ["gold"]) == 0


# ----------------------------------------------------------------------------- countries


def test_detect_countries_in_six_languages() -> None:
    text = (
        "Workshops were held in Ghana and Papua New Guinea; experts from Niger and Nigeria "
        "attended. 墨西哥也派了代表。 Встреча прошла в Германии. وشاركت الأردن أيضا. "
        "Le Sénégal a accueilli la formation."
    )
    found = C.detect_countries(text)
    assert found[:2] == ["GHA", "PNG"]
    assert {"NER", "NGA", "MEX", "DEU", "JOR", "SEN"} <= set(found)
    assert "GIN" not in found  # "Guinea" inside "Papua New Guinea" is not Guinea


def test_detect_countries_ignores_words_inside_words() -> None:
    assert C.detect_countries("Romanian experts chaired the session") == []
    assert C.detect_countries("") == []


# ----------------------------------------------------------------------------- profile


def test_profile_has_the_labels_the_product_promises() -> None:
    profile = C.load_profile()
    # the articles it may propose: the substantive ones and ratification (articles.csv
    # `proposed`); every article of the Convention stays in the taxonomy, tagged by hand
    assert [a.key for a in profile.labels["articles"]] == [*range(3, 23), 30]
    topics = {t.key for t in profile.labels["topics"]}
    assert {"asgm", "dental_amalgam", "contaminated_sites", "gender", "inventories"} <= topics
    roles = [r.key for r in profile.labels["roles"]]
    assert roles == [
        "need",
        "challenge",
        "support_provided",
        "support_received",
        "example_success",
        "resource",
    ]
    asgm = next(t for t in profile.labels["topics"] if t.key == "asgm")
    assert asgm.articles == (7,) and len(asgm.names) == 6 and asgm.keywords


# ----------------------------------------------------------------------------- zero-shot


def test_zero_shot_finds_articles_and_topics_from_profile_keywords() -> None:
    clf = C.Classifier(embeddings=HASH)
    out = clf.classify(
        "La minería de oro artesanal y en pequeña escala utiliza mercurio para la "
        "amalgamación. Los mineros de Perú necesitan apoyo para adoptar técnicas sin mercurio."
    )
    assert out.articles and out.articles[0][0] == 7
    assert "asgm" in [t for t, _ in out.topics]
    assert out.countries == ["PER"]
    scores = [s for _, s in out.articles]
    assert scores == sorted(scores, reverse=True) and all(0 <= s <= 1 for s in scores)


def test_zero_shot_on_chinese_waste_text() -> None:
    clf = C.Classifier(embeddings=HASH)
    out = clf.classify("汞废物的环境无害化管理:收集、回收和最终处置,符合巴塞尔公约的要求。")
    assert 11 in [a for a, _ in out.articles]
    assert "waste" in [t for t, _ in out.topics]


def test_classification_json_shape() -> None:
    clf = C.Classifier(embeddings=HASH)
    data = clf.classify(
        "Dental amalgam phase-down in Mexico: dentists and amalgam separators."
    ).as_json()
    assert set(data) == {"articles", "topics", "roles", "countries"}
    assert all(
        isinstance(a["article"], int) and isinstance(a["score"], float) for a in data["articles"]
    )
    assert all(isinstance(t["topic"], str) for t in data["topics"])
    assert data["countries"] == ["MEX"]
    assert C.Classifier(embeddings=HASH).classify("   ").as_json() == {
        "articles": [],
        "topics": [],
        "roles": [],
        "countries": [],
    }


# ----------------------------------------------------------------------------- learning

_TRAINING = [
    ("Our country needs funding and training to phase out mercury use by small-scale gold miners.", [7], ["asgm"], ["need"]),
    ("Nous avons besoin d'un appui technique pour les orpailleurs et les mines d'or artisanales.", [7], ["asgm"], ["need"]),
    ("Necesitamos capacitación para los mineros de oro artesanales en técnicas sin mercurio.", [7], ["asgm"], ["need"]),
    ("The ministry lacks staff to map gold mining sites where whole ore amalgamation is used.", [7], ["asgm"], ["need"]),
    ("We provided grants to the Global Environment Facility for mercury waste projects.", [11, 13], ["waste", "finance"], ["support_provided"]),
    ("Our agency funded the collection and disposal of mercury waste in three countries.", [11], ["waste"], ["support_provided"]),
    ("Nuestro gobierno financió la gestión de desechos de mercurio en la región.", [11], ["waste"], ["support_provided"]),
    ("Nous avons financé la collecte et l'élimination des déchets de mercure.", [11], ["waste"], ["support_provided"]),
    ("Dentists in our country replaced dental amalgam with mercury-free fillings: a success.", [4], ["dental_amalgam"], ["example_success"]),
    ("La eliminación de la amalgama dental en los hospitales públicos fue un éxito.", [4], ["dental_amalgam"], ["example_success"]),
    ("Le passage à des obturations sans mercure chez les dentistes a réussi.", [4], ["dental_amalgam"], ["example_success"]),
    ("The amalgam phase-down reached all dental schools within two years.", [4], ["dental_amalgam"], ["example_success"]),
    ("Coal-fired power plants are our main source of mercury emissions; data are lacking.", [8], ["emissions"], ["challenge"]),
    ("Les centrales au charbon émettent du mercure et nous manquons de mesures.", [8], ["emissions"], ["challenge"]),
    ("Las emisiones de mercurio de las cementeras son difíciles de medir.", [8], ["emissions"], ["challenge"]),
    ("Controlling emissions from smelters is hard without monitoring equipment.", [8], ["emissions"], ["challenge"]),
]  # fmt: skip


def _examples(times: int = 2) -> list[C.Example]:
    # each text twice with a different tail, so there are enough examples to fit
    out = []
    for i in range(times):
        for text, arts, tops, roles in _TRAINING:
            out.append(C.Example(f"{text} (case {i})", arts, tops, roles))
    return out


def test_learns_from_examples_when_there_are_enough(monkeypatch) -> None:
    monkeypatch.setattr(C, "MIN_EXAMPLES_TO_FIT", 20)
    clf = C.Classifier(examples=_examples(), embeddings=HASH)
    assert all(clf.fitted.values())
    out = clf.classify("We funded the disposal of mercury waste collected from hospitals.")
    assert out.roles[0][0] == "support_provided"
    assert "waste" in [t for t, _ in out.topics]
    assert 11 in [a for a, _ in out.articles]


def test_too_few_examples_stay_zero_shot(monkeypatch) -> None:
    monkeypatch.setattr(C, "MIN_EXAMPLES_TO_FIT", 100)
    clf = C.Classifier(examples=_examples(), embeddings=HASH)
    assert not any(clf.fitted.values())
    assert clf.classify("Dental amalgam in dentistry").topics[0][0] == "dental_amalgam"


def test_get_classifier_refits_when_confirmed_statements_change(hashed, monkeypatch) -> None:
    monkeypatch.setattr(C, "MIN_EXAMPLES_TO_FIT", 20)
    key: dict[str, tuple[int, str, int | None]] = {"value": (0, "none", None)}
    monkeypatch.setattr(C, "examples_key", lambda: key["value"])
    monkeypatch.setattr(C, "examples_from_database", lambda **kw: _examples())
    first = C.get_classifier()
    assert not any(first.fitted.values()) and C.get_classifier() is first
    key["value"] = (32, "2026-01-01", 32)
    second = C.get_classifier()
    assert second is not first and all(second.fitted.values())
    assert C.get_classifier() is second


def test_background_refit_keeps_answering_with_the_previous_classifier(
    hashed, monkeypatch, settings
) -> None:
    settings.CLASSIFIER_REFIT = "background"
    monkeypatch.setattr(C, "MIN_EXAMPLES_TO_FIT", 20)
    for slot in ("classifier", "key", "pending", "thread"):
        monkeypatch.setitem(C._state, slot, None)
    key: dict[str, tuple[int, str, int | None]] = {"value": (0, "none", None)}
    monkeypatch.setattr(C, "examples_key", lambda: key["value"])
    started, release = threading.Event(), threading.Event()

    def slow_examples(**kw):
        started.set()
        assert release.wait(10)
        return _examples()

    monkeypatch.setattr(C, "examples_from_database", slow_examples)
    first = C.get_classifier()  # nothing to answer with yet: built at once
    key["value"] = (32, "2026-01-01", 32)
    assert C.get_classifier() is first  # the refit runs elsewhere; no waiting here
    assert started.wait(10)
    assert C.get_classifier() is first  # one refit at a time
    release.set()
    C.wait_for_refit()
    second = C.get_classifier()
    assert second is not first and all(second.fitted.values())


def test_failed_background_refit_keeps_the_previous_classifier(
    hashed, monkeypatch, settings
) -> None:
    settings.CLASSIFIER_REFIT = "background"
    monkeypatch.setattr(C, "MIN_EXAMPLES_TO_FIT", 20)
    for slot in ("classifier", "key", "pending", "thread"):
        monkeypatch.setitem(C._state, slot, None)
    key: dict[str, tuple[int, str, int | None]] = {"value": (0, "none", None)}
    monkeypatch.setattr(C, "examples_key", lambda: key["value"])
    first = C.get_classifier()

    def broken(**kw):
        raise RuntimeError("database went away")

    monkeypatch.setattr(C, "examples_from_database", broken)
    key["value"] = (32, "2026-01-01", 32)
    assert C.get_classifier() is first
    C.wait_for_refit()
    assert C.get_classifier() is first  # still answering; it tries again on the next call
    C.wait_for_refit()


@pytest.mark.django_db
def test_examples_from_database_reads_confirmed_statements_only(personas, hashed) -> None:
    from minamata_kb.submissions.models import Statement
    from minamata_kb.submissions.tests.factories import _submission, make_call
    from minamata_kb.taxonomy.models import Article, Topic

    call = make_call(personas.officer.user)
    sub = _submission(personas.officer.user, personas.world.party_a, call)
    kept = Statement.objects.create(
        submission=sub, text="We need help with gold miners.", role="need", status="confirmed"
    )
    kept.articles.set(Article.objects.filter(number=7))
    kept.topics.set(Topic.objects.filter(slug="asgm"))
    Statement.objects.create(submission=sub, text="Not reviewed yet.", role="challenge")
    examples = C.examples_from_database(embeddings=HASH)
    assert [(e.text, e.articles, e.topics, e.roles) for e in examples] == [
        ("We need help with gold miners.", [7], ["asgm"], ["need"])
    ]
    key_now = C.examples_key()
    assert key_now is not None and key_now[0] == 1


# ----------------------------------------------------------------------------- command


def _run(monkeypatch, text: str | bytes, *args: str) -> str:
    data = text.encode("utf-8") if isinstance(text, str) else text
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    out = io.StringIO()
    call_command("classify", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_classify_command_json(monkeypatch, hashed) -> None:
    text = (
        "Ghana needs support for the collection, recycling and disposal of mercury waste "
        "from health-care facilities, in line with the Basel Convention."
    )
    data = json.loads(_run(monkeypatch, text, "--json"))
    assert set(data) == {"articles", "topics", "roles", "countries"}
    assert data["countries"] == ["GHA"]
    assert "waste" in [t["topic"] for t in data["topics"]]
    assert all(isinstance(a["article"], int) for a in data["articles"])


@pytest.mark.django_db
def test_classify_command_paragraphs(monkeypatch, hashed) -> None:
    text = (
        "Our dentists still use dental amalgam in public clinics and need alternatives.\n\n"
        "El país financió la remediación de sitios contaminados por mercurio cerca de las minas."
    )
    data = json.loads(_run(monkeypatch, text, "--json", "--paragraphs"))
    assert len(data["paragraphs"]) == 2
    assert "dental_amalgam" in [t["topic"] for t in data["paragraphs"][0]["topics"]]
    assert "contaminated_sites" in [t["topic"] for t in data["paragraphs"][1]["topics"]]


@pytest.mark.django_db
def test_classify_command_rejects_empty_and_non_utf8(monkeypatch, hashed) -> None:
    with pytest.raises(CommandError, match="no text"):
        _run(monkeypatch, "  \n", "--json")
    with pytest.raises(CommandError, match="not UTF-8"):
        _run(monkeypatch, b"\xff\xfe\x00bad", "--json")


def test_text_about_nothing_in_the_profile_gets_no_labels() -> None:
    out = C.Classifier(embeddings=HASH).classify("Dear colleagues, thank you for your letter.")
    assert out.roles == [] and out.topics == []


@pytest.mark.django_db
def test_labelled_resources_with_indexed_vectors_become_examples(ref_world) -> None:
    import numpy as np

    from minamata_kb.library.models import Resource
    from minamata_kb.search.models import Passage, PassageVector
    from minamata_kb.taxonomy.models import Article, Topic

    emb = C._Embeddings("hash", "hash2")
    indexed = Resource.objects.create(
        external_id="r-1", title="Guía de almacenamiento", text="Almacenamiento de mercurio.",
        language="es", published=True,
    )  # fmt: skip
    indexed.topics.set(Topic.objects.filter(slug="storage"))
    indexed.articles.set(Article.objects.filter(number=10))
    not_indexed = Resource.objects.create(
        external_id="r-2", title="Other", text="Waste.", language="en", published=True
    )
    not_indexed.topics.set(Topic.objects.filter(slug="waste"))
    for i, text in enumerate(["Guía de almacenamiento", "Almacenamiento de mercurio."]):
        p = Passage.objects.create(resource=indexed, ordinal=i, text=text, language="es")
        for name in ("hash", "hash2"):
            vec = np.ones(64, dtype=np.float32) * (i + 1)
            PassageVector.objects.create(passage=p, model=name, dim=64, vector=vec.tobytes())
    examples = C.examples_from_database(embeddings=emb)
    assert [(e.articles, e.topics, e.roles) for e in examples] == [([10], ["storage"], [])]
    assert examples[0].vectors is not None and examples[0].vectors.use.shape == (2, 64)
    key_now = C.examples_key()
    assert key_now is not None and key_now[0] == 2  # both labelled resources count
