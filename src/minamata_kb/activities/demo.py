"""Demo activities, events with participation, and work-programme budget lines (idempotent).

Real facts where we have them: the SIP projects of data/reference/sip_projects.csv (round,
approval date, country, title as listed there) and the EU-funded secretariat projects of seed
¶15. Everything else, every participation figure and every budget line is demo content and
says so in its `source` or `note`.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any, TextIO

from django.conf import settings
from django.db import transaction

from minamata_kb.activities import services
from minamata_kb.activities.models import (
    Activity,
    BudgetLine,
    WorkProgrammeItem,
)
from minamata_kb.audit import records
from minamata_kb.audit.models import ChangeRecord
from minamata_kb.core.importing import read_csv_rows
from minamata_kb.registry.models import Country, Organisation

DEMO = "Demo data written for Minamata KB; not a real record."


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


def _demo_data() -> dict[str, Any]:
    """The demo's activities, events (with participation and materials), budget lines and
    work-programme links: data/demo/activities.json (written for the demo, not real records)."""
    path = Path(settings.DATA_DIR) / "demo" / "activities.json"
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _demo_activities(acts: list[dict[str, Any]], orgs: set[str]) -> list[dict[str, Any]]:
    # Drop references the registry does not have (a partial registry must not break the demo).
    for a in acts:
        a["executing_partners"] = [s for s in a.get("executing_partners", []) if s in orgs]
        if a.get("provider_organisation") and a["provider_organisation"] not in orgs:
            a["provider_organisation"] = "secretariat"
    return acts


@transaction.atomic
def load(stdout: TextIO) -> None:
    """Create or refresh the demo activities, events and work-programme figures."""
    orgs = set(Organisation.objects.values_list("slug", flat=True))
    if "secretariat" not in orgs:
        stdout.write("activities demo: no registry loaded; skipped\n")
        return
    countries = {c.iso3: c for c in Country.objects.all()}
    demo = _demo_data()
    n = 0
    for data in _sip_activities() + _demo_activities(demo["activities"], orgs):
        data["beneficiary_countries"] = [
            c for c in data.get("beneficiary_countries", []) if c in countries
        ]
        for key in ("start_date", "end_date"):
            if isinstance(data.get(key), dt.date):
                data[key] = data[key].isoformat()
        services.save_activity(None, data)
        n += 1
    _load_events(demo["events"], countries)
    _load_budget(demo["budget"])
    _link_items(demo["item_activities"])
    _history_demo(stdout)
    stdout.write(
        f"activities demo: {n} activities, {len(demo['events'])} events with participation\n"
    )


def _load_events(events: list[dict[str, Any]], countries: dict[str, Country]) -> None:
    """Each event with its participation, materials and work-programme items."""
    secretariat = Organisation.objects.get(slug="secretariat")
    for spec in events:
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
                "materials": spec["materials"],
            },
        )
        rows = [r for r in spec["participation"] if not r["country"] or r["country"] in countries]
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


def _load_budget(budget: dict[str, list[dict[str, str]]]) -> None:
    """Budget lines of work-programme items that have none yet."""
    for code, lines in budget.items():
        for item in WorkProgrammeItem.objects.filter(code=code):
            if not item.budget.exists():
                for line in lines:
                    BudgetLine.objects.create(
                        item=item,
                        source=line["source"],
                        amount=line["amount"],
                        note="demo figure, not from INF/22",
                    )
            if not item.planned_deliveries:
                item.planned_deliveries = 2 + len(lines)
                item.save(update_fields=["planned_deliveries"])


def _link_items(item_activities: dict[str, list[str]]) -> None:
    """Activities linked to work-programme items, added to what is linked already."""
    for code, acts in item_activities.items():
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


def _history_demo(stdout: TextIO) -> None:
    """UNITAR's editor retitles its e-learning course, then restores the earlier title from the
    activity's history page (a restore is a new change, through save_activity). Once."""
    from django.contrib.auth import get_user_model

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
