"""Demo activities, events with participation, and work-programme budget lines (idempotent).

Real facts where we have them: the SIP projects of data/reference/sip_projects.csv (round,
approval date, country, title as listed there) and the EU-funded secretariat projects of seed
¶15. Everything else, every participation figure and every budget line is demo content and
says so in its `source` or `note`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, TextIO

from django.conf import settings
from django.db import transaction

from minamata_kb.activities import services
from minamata_kb.activities.models import (
    Activity,
    BudgetLine,
    Event,
    WorkProgrammeItem,
)
from minamata_kb.core.importing import read_csv_rows
from minamata_kb.registry.models import Country, Organisation

DEMO = "Demo data written for Minamata KB; not a real record."
SEED_15 = "UNEP/MC/COP.4/14, para. 15 (EU-funded targeted capacity-building by the secretariat)"


def _sip_activities() -> list[dict[str, Any]]:
    path = Path(settings.DATA_DIR) / "reference" / "sip_projects.csv"
    if not path.exists():
        return []
    names = {c.name_en: c.iso3 for c in Country.objects.all()}
    out = []
    for _line, row in read_csv_rows(path, ["round", "approved", "country"]):
        iso = names.get(row["country"])
        if iso is None:
            continue
        try:
            approved = dt.date.fromisoformat(row["approved"][:10])
        except ValueError:
            approved = None
        title = (
            row.get("title_summary")
            or f"Specific International Programme project, {row['country']}"
        )
        if title.startswith("("):
            title = f"Specific International Programme project, {row['country']} {title}"
        rnd = row["round"]
        out.append(
            {
                "code": f"sip-r{rnd}-{iso.lower()}",
                "title": title,
                "description": f"Round {rnd} of the Specific International Programme; approved "
                f"{row['approved']}. {row.get('note', '')}".strip(),
                "provider_organisation": "secretariat",
                "channel": "sip",
                "funding_source": "sip",
                "beneficiary_countries": [iso],
                "articles": ["13", "14"],
                "topics": ["capacity_building"],
                "start_date": approved,
                "status": "completed" if rnd in {"1", "2"} else "ongoing",
                "source": row.get("source", ""),
                "note": "Status and provider set for the demo; no end date or amount in the source.",
                "amount": row.get("amount_usd") or None,
                "currency": "USD" if row.get("amount_usd") else "",
            }
        )
    return out


def _demo_activities(orgs: set[str]) -> list[dict[str, Any]]:
    acts: list[dict[str, Any]] = [
        {
            "code": "eu-trade-emissions",
            "title": "Targeted support on the trade provisions (Article 3) and emissions (Article 8)",
            "description": "EU-funded targeted capacity-building and technical assistance run by the secretariat.",
            "provider_organisation": "secretariat",
            "channel": "secretariat",
            "funding_source": "bilateral",
            "articles": ["3", "8"],
            "topics": ["trade", "emissions"],
            "status": "completed",
            "source": SEED_15,
        },
        {
            "code": "eu-products-2020",
            "title": "Meeting the 2020 phase-out date for mercury-added products",
            "description": "EU-funded secretariat project helping parties phase out mercury-added products.",
            "provider_organisation": "secretariat",
            "channel": "secretariat",
            "funding_source": "bilateral",
            "articles": ["4"],
            "topics": ["products"],
            "status": "completed",
            "source": SEED_15,
        },
        {
            "code": "demo-gef-asgm-west-africa",
            "title": "Mercury-free gold processing in West African ASGM communities",
            "description": "Demonstration of gravity concentration and direct smelting with miners' cooperatives.",
            "provider_organisation": "unep-chemicals",
            "executing_partners": ["artisanal-gold-council", "bcrc-senegal"],
            "channel": "gef",
            "funding_source": "gef",
            "amount": "4500000",
            "currency": "USD",
            "beneficiary_countries": ["GHA", "BFA", "SEN"],
            "articles": ["7"],
            "topics": ["asgm", "health", "gender"],
            "start_date": "2022-01-01",
            "end_date": "2026-12-31",
            "status": "ongoing",
            "outputs": [{"resource_ref": "demo-res-002"}, {"resource_ref": "demo-res-016"}],
            "results": [
                {
                    "indicator": "Mercury used in participating sites",
                    "unit": "kg/year",
                    "baseline": "1200",
                    "target": "600",
                    "actual": "850",
                },
                {
                    "indicator": "Miners trained (women)",
                    "unit": "people",
                    "baseline": "0",
                    "target": "400",
                    "actual": "310",
                },
            ],
            "source": DEMO,
        },
        {
            "code": "demo-bcrc-china-inventories",
            "title": "Mercury emission inventories for coal-fired power in Asia",
            "description": "Training of inventory teams with the UNEP toolkit and plant visits.",
            "provider_organisation": "bcrc-china",
            "channel": "regional_centre",
            "funding_source": "special_trust_fund",
            "amount": "180000",
            "currency": "USD",
            "beneficiary_countries": ["CHN", "MNG", "VNM", "LKA"],
            "articles": ["8"],
            "topics": ["emissions", "inventories"],
            "start_date": "2023-03-01",
            "end_date": "2024-06-30",
            "status": "completed",
            "outputs": [{"resource_ref": "demo-res-035"}, {"resource_ref": "demo-res-003"}],
            "results": [
                {
                    "indicator": "National inventories completed",
                    "unit": "inventories",
                    "baseline": "0",
                    "target": "4",
                    "actual": "3",
                }
            ],
            "source": DEMO,
        },
        {
            "code": "demo-japan-monitoring",
            "title": "Bilateral support for mercury monitoring laboratories",
            "description": "Laboratory equipment, proficiency testing and training for mercury analysis in air, fish and hair.",
            "provider_party": "JPN",
            "channel": "bilateral",
            "funding_source": "bilateral",
            "amount": "95000000",
            "currency": "JPY",
            "beneficiary_countries": ["MEX", "GHA", "IDN"],
            "articles": ["19", "22"],
            "topics": ["monitoring", "health"],
            "start_date": "2021-04-01",
            "end_date": "2025-03-31",
            "status": "completed",
            "outputs": [{"resource_ref": "demo-res-012"}],
            "source": DEMO,
        },
        {
            "code": "demo-unitar-nap-elearning",
            "title": "E-learning course on ASGM national action plans",
            "description": "Self-paced course in English, French and Spanish with micro-trainings.",
            "provider_organisation": "unitar",
            "channel": "partnership",
            "funding_source": "multilateral",
            "amount": "250000",
            "currency": "CHF",
            "beneficiary_countries": ["MEX", "PER", "ECU", "BFA"],
            "articles": ["7"],
            "topics": ["asgm", "capacity_building"],
            "start_date": "2022-09-01",
            "end_date": "2023-12-31",
            "status": "completed",
            "outputs": [{"resource_ref": "demo-res-001"}, {"resource_ref": "demo-res-017"}],
            "source": DEMO,
        },
        {
            "code": "demo-dental-industry",
            "title": "Phasing down dental amalgam with the dental industry",
            "description": "Training of dentists on alternatives and amalgam separators, with a manufacturers' association.",
            "provider_organisation": "zmwg",
            "channel": "private_sector",
            "funding_source": "private_sector",
            "amount": "60000",
            "currency": "EUR",
            "beneficiary_countries": ["MEX", "ECU", "ARG"],
            "articles": ["4"],
            "topics": ["dental_amalgam", "products"],
            "start_date": "2024-02-01",
            "end_date": "2025-01-31",
            "status": "completed",
            "outputs": [{"resource_ref": "demo-res-004"}, {"resource_ref": "demo-res-023"}],
            "source": DEMO,
        },
        {
            "code": "demo-special-programme-ghana",
            "title": "Institutional strengthening for chemicals and waste in Ghana",
            "description": "Inter-ministerial coordination and legal review for Basel, Rotterdam, Stockholm and Minamata.",
            "provider_organisation": "unep-chemicals",
            "channel": "special_programme",
            "funding_source": "special_programme",
            "amount": "250000",
            "currency": "USD",
            "beneficiary_countries": ["GHA"],
            "articles": ["14"],
            "topics": ["capacity_building", "reporting"],
            "start_date": "2025-01-01",
            "end_date": "2027-12-31",
            "status": "planned",
            "source": DEMO,
        },
        {
            "code": "demo-pacific-waste",
            "title": "Mercury waste collection in Pacific island health facilities",
            "description": "Collection and shipment of mercury devices and lamps for environmentally sound disposal.",
            "provider_organisation": "bcrc-sprep",
            "channel": "regional_centre",
            "funding_source": "gef",
            "amount": "1200000",
            "currency": "USD",
            "beneficiary_countries": ["FJI", "TUV", "WSM", "VUT"],
            "articles": ["11"],
            "topics": ["waste", "health"],
            "start_date": "2023-07-01",
            "end_date": "2026-06-30",
            "status": "ongoing",
            "outputs": [{"resource_ref": "demo-res-009"}],
            "source": DEMO,
        },
        {
            "code": "demo-gender-training-mexico",
            "title": "National training on gender and mercury",
            "description": "One-day national training for ministries and civil society (seed para. 20 (d) (iv)).",
            "provider_organisation": "secretariat",
            "channel": "secretariat",
            "funding_source": "special_trust_fund",
            "amount": "25000",
            "currency": "USD",
            "beneficiary_countries": ["MEX"],
            "articles": ["16"],
            "topics": ["gender", "health", "awareness"],
            "start_date": "2023-05-15",
            "end_date": "2023-05-15",
            "status": "completed",
            "source": DEMO,
        },
    ]
    # Drop references the registry does not have (a partial registry must not break the demo).
    for a in acts:
        a["executing_partners"] = [s for s in a.get("executing_partners", []) if s in orgs]
        if a.get("provider_organisation") and a["provider_organisation"] not in orgs:
            a["provider_organisation"] = "secretariat"
    return acts


DEMO_EVENTS: list[dict[str, Any]] = [
    {
        "code": "demo-ws-trade-forms-lac",
        "title": "Subregional workshop on the Article 3 trade forms and procedures",
        "kind": Event.Kind.WORKSHOP,
        "activity": "eu-trade-emissions",
        "start_date": dt.date(2022, 11, 8),
        "end_date": dt.date(2022, 11, 10),
        "place": "Panama City",
        "country": "PAN",
        "languages": "es;en",
        "participation": [
            ("MEX", 3, 2, 0),
            ("PAN", 4, 3, 0),
            ("ECU", 2, 2, 0),
            ("PER", 1, 3, 0),
            ("ARG", 2, 1, 1),
        ],
        "materials": [("presentation", "demo-res-005"), ("recording", "demo-res-013")],
        "items": ["b.ii"],
    },
    {
        "code": "demo-training-gender-mexico",
        "title": "National training on gender and mercury",
        "kind": Event.Kind.TRAINING,
        "activity": "demo-gender-training-mexico",
        "start_date": dt.date(2023, 5, 15),
        "end_date": dt.date(2023, 5, 15),
        "place": "Mexico City",
        "country": "MEX",
        "languages": "es",
        "participation": [("MEX", 21, 9, 1)],
        "materials": [("presentation", "demo-res-016")],
        "items": ["d.iv"],
    },
    {
        "code": "demo-ws-asgm-west-africa",
        "title": "Regional workshop on mercury-free gold processing",
        "kind": Event.Kind.WORKSHOP,
        "activity": "demo-gef-asgm-west-africa",
        "start_date": dt.date(2023, 2, 20),
        "end_date": dt.date(2023, 2, 23),
        "place": "Accra",
        "country": "GHA",
        "languages": "en;fr",
        "participation": [("GHA", 6, 9, 0), ("BFA", 3, 5, 0), ("SEN", 2, 4, 0), ("", 1, 1, 2)],
        "materials": [("presentation", "demo-res-002"), ("presentation", "demo-res-020")],
        "items": ["a.i", "b.v"],
    },
    {
        "code": "demo-planning-pacific",
        "title": "Subregional planning meeting on mercury waste in the Pacific",
        "kind": Event.Kind.PLANNING_MEETING,
        "activity": "demo-pacific-waste",
        "start_date": dt.date(2023, 9, 12),
        "end_date": dt.date(2023, 9, 13),
        "online": True,
        "languages": "en",
        "participation": [("FJI", 2, 2, 0), ("TUV", 1, 1, 0), ("WSM", 2, 1, 0), ("VUT", 0, 2, 0)],
        "materials": [],
        "items": ["c.ii"],
    },
    {
        "code": "demo-support-ghana-reporting",
        "title": "Implementation-support meeting on the full national report (Ghana)",
        "kind": Event.Kind.SUPPORT_MEETING,
        "activity": "demo-special-programme-ghana",
        "start_date": dt.date(2025, 3, 4),
        "end_date": dt.date(2025, 3, 4),
        "online": True,
        "languages": "en",
        "participation": [("GHA", 4, 3, 0)],
        "materials": [("recording", "demo-res-014")],
        "items": ["c.iii"],
    },
]

DEMO_BUDGET = {
    "a.i": [("special_trust_fund", "120000"), ("voluntary", "80000")],
    "a.v": [("voluntary", "60000")],
    "b.ii": [("special_trust_fund", "90000")],
    "b.v": [("voluntary", "150000")],
    "c.i": [("special_trust_fund", "40000")],
    "c.ii": [("special_trust_fund", "70000"), ("voluntary", "50000")],
    "c.iii": [("special_trust_fund", "50000")],
    "d.iv": [("voluntary", "45000")],
}
DEMO_ITEM_ACTIVITIES = {
    "a.i": ["demo-unitar-nap-elearning", "demo-gef-asgm-west-africa"],
    "a.v": ["demo-unitar-nap-elearning"],
    "b.ii": ["eu-trade-emissions"],
    "b.i": ["demo-bcrc-china-inventories"],
    "c.i": [],
    "d.iv": ["demo-gender-training-mexico"],
}


@transaction.atomic
def load(stdout: TextIO) -> None:
    """Create or refresh the demo activities, events and work-programme figures."""
    orgs = set(Organisation.objects.values_list("slug", flat=True))
    if "secretariat" not in orgs:
        stdout.write("activities demo: no registry loaded; skipped\n")
        return
    countries = {c.iso3: c for c in Country.objects.all()}
    n = 0
    for data in _sip_activities() + _demo_activities(orgs):
        data["beneficiary_countries"] = [
            c for c in data.get("beneficiary_countries", []) if c in countries
        ]
        for key in ("start_date", "end_date"):
            if isinstance(data.get(key), dt.date):
                data[key] = data[key].isoformat()
        services.save_activity(None, data)
        n += 1
    secretariat = Organisation.objects.get(slug="secretariat")
    for spec in DEMO_EVENTS:
        activity = Activity.objects.filter(code=spec["activity"]).first()
        organiser = (
            activity.provider_organisation.slug
            if activity and activity.provider_organisation
            else secretariat.slug
        )
        event, _ = services.save_event(
            None,
            {
                "code": spec["code"],
                "title": spec["title"],
                "kind": spec["kind"],
                "activity": spec["activity"] if activity else "",
                "start_date": spec["start_date"],
                "end_date": spec["end_date"],
                "online": spec.get("online", False),
                "place": spec.get("place", ""),
                "country": spec.get("country", "") if spec.get("country") in countries else "",
                "languages": spec["languages"],
                "organiser": organiser,
                "source": DEMO,
                "note": "Participation figures are demo figures.",
                "materials": [{"kind": k, "resource_ref": ref} for k, ref in spec["materials"]],
            },
        )
        rows = [
            {"country": iso, "women": w, "men": m, "other": o}
            for iso, w, m, o in spec["participation"]
            if not iso or iso in countries
        ]
        if event.participation.count() != len(rows):
            services.set_participation(None, event, rows)
        for code in spec["items"]:
            for item in WorkProgrammeItem.objects.filter(code=code):
                current = list(item.events.values_list("code", flat=True))
                if event.code not in current:
                    services.link_to_item(
                        None,
                        item,
                        activities=list(item.activities.values_list("code", flat=True)),
                        events=[*current, event.code],
                    )
    for code, lines in DEMO_BUDGET.items():
        for item in WorkProgrammeItem.objects.filter(code=code):
            if not item.budget.exists():
                for source, amount in lines:
                    BudgetLine.objects.create(
                        item=item, source=source, amount=amount, note="demo figure, not from INF/22"
                    )
            if not item.planned_deliveries:
                item.planned_deliveries = 2 + len(lines)
                item.save(update_fields=["planned_deliveries"])
    for code, acts in DEMO_ITEM_ACTIVITIES.items():
        for item in WorkProgrammeItem.objects.filter(code=code):
            linked = set(item.activities.values_list("code", flat=True))
            wanted = linked | set(
                Activity.objects.filter(code__in=acts).values_list("code", flat=True)
            )
            if wanted != linked:
                services.link_to_item(
                    None,
                    item,
                    activities=sorted(wanted),
                    events=list(item.events.values_list("code", flat=True)),
                )
    _history_demo(stdout)
    stdout.write(f"activities demo: {n} activities, {len(DEMO_EVENTS)} events with participation\n")


def _history_demo(stdout: TextIO) -> None:
    """UNITAR's editor retitles its e-learning course, then restores the earlier title from the
    activity's history page (a restore is a new change, through save_activity). Once."""
    from django.contrib.auth import get_user_model

    from minamata_kb.audit import records
    from minamata_kb.audit.models import ChangeRecord

    editor = get_user_model().objects.filter(username="editor-unitar").first()
    activity = Activity.objects.filter(code="demo-unitar-nap-elearning").first()
    if editor is None or activity is None:
        return
    done = ChangeRecord.objects.filter(
        entity="activities.activity", object_id=str(activity.pk), action=ChangeRecord.Action.RESTORE
    )
    if done.exists():
        return
    original = activity.title
    _, outcome = services.save_activity(
        editor, {"code": activity.code, "title": original + " (short title to be agreed)"}
    )
    change = ChangeRecord.objects.filter(
        entity="activities.activity", object_id=str(activity.pk), action=ChangeRecord.Action.UPDATE
    ).first()  # the newest
    if outcome == "updated" and change is not None:
        records.restore(editor, change, "title")
        stdout.write("activities demo: a title changed and restored (see its History)\n")
