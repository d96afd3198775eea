"""Demo content of the matching app (written for the demo): alternative technologies, a few
needs of the demo parties with their matches, needs drawn from the other apps' demo content,
and a duplicate check over the demo activities. Idempotent."""

from __future__ import annotations

from typing import Any, TextIO

from minamata_kb.matching import duplication, services
from minamata_kb.matching.catalogue import save_technology
from minamata_kb.matching.models import Need, Technology
from minamata_kb.registry.models import Organisation, Party
from minamata_kb.taxonomy.models import Article, Topic

TECHNOLOGIES: list[dict[str, Any]] = [
    {
        "slug": "gravity-concentration",
        "name": "Gravity concentration (shaking tables, sluices, centrifuges)",
        "description": "Concentrates gold by density so that ore is never mixed with mercury; "
        "the concentrate is then smelted directly.",
        "replaces": "whole-ore amalgamation in artisanal gold mining",
        "sector": "mining",
        "maturity": "commercial",
        "topics": ["asgm", "technology_transfer"],
        "articles": [7],
        "providers": ["artisanal-gold-council", "unido"],
        "case_studies": ["demo-res-002", "demo-res-020", "demo-res-025"],
    },
    {
        "slug": "direct-smelting-borax",
        "name": "Direct smelting with borax flux",
        "description": "Small furnaces melt gold concentrate with borax at lower temperature, "
        "replacing amalgam burning.",
        "replaces": "amalgamation and open burning of amalgam",
        "sector": "mining",
        "maturity": "demonstrated",
        "topics": ["asgm", "technology_transfer"],
        "articles": [7],
        "providers": ["artisanal-gold-council"],
        "case_studies": ["demo-res-002"],
    },
    {
        "slug": "digital-thermometers",
        "name": "Digital thermometers and aneroid or electronic blood-pressure devices",
        "description": "Accurate mercury-free measuring devices for hospitals and clinics, "
        "validated for clinical use.",
        "replaces": "mercury thermometers and sphygmomanometers",
        "sector": "health",
        "maturity": "widespread",
        "topics": ["health", "products"],
        "articles": [4],
        "providers": ["who"],
        "case_studies": ["demo-res-011"],
    },
    {
        "slug": "adhesive-fillings",
        "name": "Composite resin and glass-ionomer fillings",
        "description": "Adhesive restorative materials that replace amalgam for most fillings, "
        "with prevention to reduce tooth decay.",
        "replaces": "dental amalgam",
        "sector": "dental",
        "maturity": "widespread",
        "topics": ["dental_amalgam", "health"],
        "articles": [4],
        "providers": ["who"],
        "case_studies": ["demo-res-004", "demo-res-023"],
    },
    {
        "slug": "mercury-free-vcm-catalyst",
        "name": "Mercury-free catalysts for vinyl chloride monomer",
        "description": "Gold- or copper-based catalysts for acetylene hydrochlorination in "
        "carbide-based PVC production.",
        "replaces": "mercuric chloride catalyst in VCM production",
        "sector": "industry",
        "maturity": "pilot",
        "topics": ["processes", "technology_transfer"],
        "articles": [5],
        "providers": ["bcrc-china", "unido"],
        "case_studies": ["demo-res-027", "demo-res-036"],
    },
    {
        "slug": "membrane-cell-chlor-alkali",
        "name": "Membrane cell chlor-alkali process",
        "description": "Electrolysis through ion-exchange membranes: no mercury, less energy.",
        "replaces": "mercury cell chlor-alkali production",
        "sector": "industry",
        "maturity": "widespread",
        "topics": ["processes", "technology_transfer"],
        "articles": [5],
        "providers": ["unido"],
        "case_studies": ["demo-res-007"],
    },
    {
        "slug": "led-lighting",
        "name": "LED lighting",
        "description": "Light-emitting diode lamps that replace compact and linear fluorescent "
        "lamps for general lighting.",
        "replaces": "mercury-containing fluorescent lamps",
        "sector": "products",
        "maturity": "widespread",
        "topics": ["products", "waste"],
        "articles": [4],
        "providers": [],
        "case_studies": ["demo-res-009", "demo-res-019"],
    },
    {
        "slug": "sorbent-injection",
        "name": "Activated carbon (sorbent) injection",
        "description": "Injects powdered activated carbon into flue gas to capture mercury before "
        "the particulate control device.",
        "replaces": "uncontrolled mercury emissions from coal combustion",
        "sector": "energy",
        "maturity": "commercial",
        "topics": ["emissions", "technology_transfer"],
        "articles": [8],
        "providers": ["unep-chemicals"],
        "case_studies": ["demo-res-006", "demo-res-035"],
    },
]

NEEDS = [
    (
        "GHA",
        "Our artisanal miners cannot afford mercury-free processing equipment and need training "
        "and credit to switch from whole-ore amalgamation.",
        "high",
        True,
    ),
    (
        "MEX",
        "Necesitamos capacidad de almacenamiento provisional ambientalmente racional para el "
        "mercurio excedente de la minería primaria cerrada.",
        "high",
        True,
    ),
    (
        "CHN",
        "电石法聚氯乙烯企业需要无汞触媒技术转让以及废触媒回收的技术支持。",
        "medium",
        True,
    ),
    (
        "GHA",
        "Hospitals still use mercury thermometers; the Ministry of Health needs a replacement plan "
        "and a way to store the collected devices.",
        "medium",
        False,
    ),
    (
        "MEX",
        "Faltan herramientas para estimar las emisiones de mercurio de los hornos de cemento.",
        "low",
        True,
    ),
]


# Two records of one training, by two providers, in two languages: a duplicate to review.
DUPLICATE_DEMO = [
    {
        "code": "demo-sen-orpaillage-formation",
        "title": "Formation des orpailleurs de Kédougou aux techniques sans mercure",
        "description": "Sessions pratiques sur la table à secousses et la fonte directe pour les "
        "orpailleurs et les comités de site de la région de Kédougou.",
        "language": "fr",
        "provider_organisation": "bcrc-senegal",
        "beneficiary_countries": ["SEN"],
        "topics": ["asgm", "technology_transfer"],
        "start_date": "2025-02-01",
        "end_date": "2025-11-30",
        "status": "ongoing",
    },
    {
        "code": "demo-sen-asgm-training",
        "title": "Mercury-free processing training for gold miners in Kedougou, Senegal",
        "description": "Hands-on sessions on shaking tables and direct smelting for artisanal "
        "miners and site committees in the Kedougou region.",
        "language": "en",
        "provider_organisation": "unido",
        "beneficiary_countries": ["SEN"],
        "topics": ["asgm"],
        "start_date": "2025-04-01",
        "end_date": "2025-09-30",
        "status": "ongoing",
    },
]
MATCH_IN_DEMO = 40
ORDER = {"manual": 0, "request": 1, "statement": 2, "answer": 3}


def load(stdout: TextIO) -> None:
    if not Party.objects.exists():
        stdout.write("matching demo: no registry loaded; skipped\n")
        return
    for t in TECHNOLOGIES:
        values = {
            k: v for k, v in t.items() if k not in {"slug", "topics", "articles", "providers"}
        }
        tech, _ = Technology.objects.update_or_create(slug=t["slug"], defaults=values)
        tech.topics.set(Topic.objects.filter(slug__in=t["topics"]))
        tech.articles.set(Article.objects.filter(number__in=t["articles"]))
        tech.providers.set(Organisation.objects.filter(slug__in=t["providers"]))
    _catalogue_demo(stdout)

    made = []
    for code, text, priority, published in NEEDS:
        party = Party.objects.filter(code=code).first()
        if party is None:
            continue
        need = Need.objects.filter(party=party, text=text).first()
        if need is None:
            need, _ = services.save_need(
                None, party=party, text=text, priority=priority, published=published
            )
        made.append(need)
    drawn = services.needs_from_sources()
    # Match the typed-in needs, requests and statements, and a first batch of report comments;
    # the rest stay "not matched yet" on the secretariat's home page, as in real use.
    todo = sorted(
        Need.objects.filter(matched_at__isnull=True),
        key=lambda n: (ORDER.get(n.source_kind, 9), n.pk),
    )[:MATCH_IN_DEMO]
    for need in todo:
        services.refresh_matches(need)
    _duplicate_demo(stdout)
    pairs = duplication.check_all()
    stdout.write(
        f"matching demo: {len(TECHNOLOGIES)} technologies, {len(made)} needs typed in, "
        f"{sum(drawn.values())} drawn from other apps, {pairs} possible duplicate pairs\n"
    )


def _duplicate_demo(stdout: TextIO) -> None:
    from django.core.exceptions import ValidationError

    try:
        from minamata_kb.activities.services import save_activity
    except ImportError:
        return
    for data in DUPLICATE_DEMO:
        try:
            save_activity(None, dict(data))
        except ValidationError as exc:  # the registry lacks a provider or country: skip
            stdout.write(f"matching demo: {data['code']} skipped ({exc.messages[0]})\n")


EDITOR_TEXTS = {
    "name_zh": "活性炭（吸附剂）喷射",
    "name_fr": "Injection de charbon actif (sorbant)",
    "name_ar": "حقن الكربون المنشّط (مادة ماصّة)",
    "replaces_zh": "燃煤排放中未加控制的汞",
    "replaces_fr": "Émissions de mercure non maîtrisées de la combustion du charbon",
    "replaces_ar": "انبعاثات الزئبق غير الخاضعة للرقابة من احتراق الفحم",
    "description_zh": "在颗粒物控制装置之前向烟气中喷入粉末活性炭以捕集汞。",
    "description_fr": "Injecte du charbon actif en poudre dans les gaz de combustion pour capter "
    "le mercure avant le dispositif de dépoussiérage.",
    "description_ar": "يُحقن الكربون المنشّط المسحوق في غازات المداخن لالتقاط الزئبق قبل جهاز "
    "التحكم في الجسيمات.",
    "countries": ["CHN"],
    "cost_notes": "Sorbent and injection equipment; no change to the boiler.",
}


def _catalogue_demo(stdout: TextIO) -> None:
    """The secretariat hands one entry to BCRC China, whose editor writes its Chinese, French
    and Arabic texts through the catalogue service (audited: the entry's history shows the
    editor's change). Idempotent: an unchanged entry records nothing."""
    from django.contrib.auth import get_user_model
    from django.core.exceptions import ValidationError

    User = get_user_model()
    officer = User.objects.filter(username="officer").first()
    editor = User.objects.filter(username="editor-bcrc-china").first()
    tech = Technology.objects.filter(slug="sorbent-injection").first()
    if officer is None or editor is None or tech is None:
        return
    try:
        if not tech.organisation_id:
            save_technology(officer, {"slug": tech.slug, "organisation": "bcrc-china"})
        _saved, outcome = save_technology(editor, {"slug": tech.slug, **EDITOR_TEXTS})
    except ValidationError as exc:  # e.g. a case study the library demo did not load
        stdout.write(f"matching demo: catalogue entry not handed over ({exc})\n")
        return
    stdout.write(f"matching demo: BCRC China's editor maintains sorbent-injection ({outcome})\n")
