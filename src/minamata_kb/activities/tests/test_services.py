"""save_activity: creation, update, audit, and every kind of bad input refused unchanged."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from minamata_kb.activities.models import Activity
from minamata_kb.activities.services import activity_state, save_activity
from minamata_kb.audit.models import ChangeRecord

pytestmark = pytest.mark.django_db


def test_save_creates_with_clean_fields_and_an_audit_record(acts):
    a = Activity.objects.get(code="bcrc-inventories")
    assert a.provider == a.provider_organisation
    assert sorted(a.beneficiary_countries.values_list("iso3", flat=True)) == ["CHN", "TUV"]
    assert sorted(a.topics.values_list("slug", flat=True)) == ["emissions", "inventories"]
    assert str(a.amount) == "1000.50" and a.currency == "USD"
    assert a.outputs.get().resource_ref == "res-1"
    assert a.results.get().actual == 3
    rec = ChangeRecord.objects.filter(entity="activities.activity", object_id=str(a.pk)).get()
    assert rec.after is not None
    assert rec.action == "create" and rec.after["beneficiary_countries"] == ["CHN", "TUV"]


def test_partial_update_keeps_what_was_not_sent_and_is_audited(personas, acts):
    a, outcome = save_activity(
        personas.partner.user, {"code": "bcrc-inventories", "status": "ongoing"}
    )
    assert outcome == "updated" and a.status == "ongoing"
    assert a.beneficiary_countries.count() == 2 and a.outputs.count() == 1
    rec = ChangeRecord.objects.filter(entity="activities.activity", action="update").get()
    assert rec.before == {"status": "completed"} and rec.after == {"status": "ongoing"}
    assert rec.actor == personas.partner.user
    _, again = save_activity(
        personas.partner.user, {"code": "bcrc-inventories", "status": "ongoing"}
    )
    assert again == "unchanged"


@pytest.mark.parametrize(
    "change, field, words",
    [
        ({"end_date": "2022-01-01"}, "end_date", "before the start"),
        ({"amount": "-5"}, "amount", "negative"),
        ({"amount": "ten thousand"}, "amount", "not a number"),
        ({"currency": "XYZ"}, "currency", "unknown currency"),
        ({"beneficiary_countries": ["TUV", "ZZZ"]}, "beneficiary_countries", "ZZZ"),
        ({"channel": "lottery"}, "channel", "unknown channel"),
        ({"status": "dreaming"}, "status", "unknown status"),
        ({"start_date": "31/12/2023"}, "start_date", "not a date"),
        ({"topics": ["astrology"]}, "topics", "astrology"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message_and_nothing_changes(acts, change, field, words):
    a = Activity.objects.get(code="bcrc-inventories")
    before = activity_state(a)
    records = ChangeRecord.objects.count()
    with pytest.raises(ValidationError) as exc:
        save_activity(None, {"code": "bcrc-inventories", **change})
    assert field in exc.value.message_dict
    assert words in " ".join(exc.value.message_dict[field])
    a.refresh_from_db()
    assert activity_state(a) == before
    assert ChangeRecord.objects.count() == records


def test_amount_needs_a_currency(acts):
    with pytest.raises(ValidationError) as exc:
        save_activity(
            None,
            {"code": "new-one", "title": "x", "provider_organisation": "bcrc-test", "amount": "10"},
        )
    assert "currency" in exc.value.message_dict
    assert not Activity.objects.filter(code="new-one").exists()


def test_each_persona_records_only_for_itself(personas, acts):
    base = {"title": "T", "beneficiary_countries": ["GHA"]}
    save_activity(
        personas.partner.user, {**base, "code": "p-own", "provider_organisation": "bcrc-test"}
    )
    save_activity(personas.fp_a.user, {**base, "code": "a-own", "provider_party": "GHA"})
    save_activity(personas.officer.user, {**base, "code": "o-any", "provider_party": "MEX"})
    for persona, data in [
        (personas.partner, {"provider_organisation": "other-ngo"}),
        (personas.fp_a, {"provider_party": "MEX"}),
        (personas.fp_b, {"provider_party": "GHA"}),
        (personas.fp_a, {"provider_organisation": "bcrc-test"}),
    ]:
        with pytest.raises(PermissionDenied):
            save_activity(persona.user, {**base, "code": "refused", **data})
    assert not Activity.objects.filter(code="refused").exists()
    # Someone else's activity cannot be changed, nor taken over by switching its provider.
    with pytest.raises(PermissionDenied):
        save_activity(personas.fp_b.user, {"code": "gha-bilateral", "title": "mine now"})
    with pytest.raises(PermissionDenied):
        save_activity(
            personas.partner.user,
            {"code": "bcrc-inventories", "provider_organisation": "other-ngo"},
        )
    assert Activity.objects.get(code="gha-bilateral").title == "Ghana helps Mexico"
