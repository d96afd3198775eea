"""Party-profile section and secretariat attention items, per persona; translations compiled."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.http import HttpRequest
from django.test import RequestFactory
from django.utils import translation

from minamata_kb.national_reports import attention, party_profile, services
from minamata_kb.national_reports.importer import import_national_reports

from .conftest import full_rows, write_rows

pytestmark = pytest.mark.django_db


def _request(user: User | None) -> HttpRequest:
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/")
    request.user = user or AnonymousUser()
    return request


def test_party_section_shows_only_what_the_visitor_may_read(personas, tmp_path):
    from minamata_kb.national_reports import refdata

    refdata.load(None)
    from minamata_kb.national_reports.models import Cycle

    short = Cycle.objects.get(code="short-2019")
    import_national_reports(write_rows(tmp_path / "r.csv", full_rows("GHA", short, gap=True)))
    ghana = personas.world.party_a
    # submitted, not published: the public and other focal points see nothing
    assert party_profile.section(_request(None), ghana) is None
    assert party_profile.section(_request(personas.fp_b.user), ghana) is None
    own = party_profile.section(_request(personas.fp_a.user), ghana)
    assert own is not None and len(own["context"]["reports"]) == 1
    assert own["context"]["can_report"]
    staff = party_profile.section(_request(personas.officer.user), ghana)
    assert staff is not None and staff["context"]["answers"]
    # attention: the secretariat's count waiting for publication; the party's own report status
    own_items = attention.items(_request(personas.fp_a.user))
    assert len(own_items) == 1 and own_items[0]["count"] is None
    assert own_items[0]["note"] == "submitted, waiting for publication"
    assert attention.items(_request(personas.fp_b.user)) == []
    assert attention.items(_request(None)) == []
    items = attention.items(_request(personas.officer.user))
    assert items[0]["count"] == 1
    services.publish_report(personas.officer.user, ghana.national_reports.get())
    assert attention.items(_request(personas.officer.user)) == []
    public = party_profile.section(_request(None), ghana)
    assert public is not None and public["context"]["needs"]  # needs with provenance
    page = personas.anon.client.get("/registry/parties/GHA/").content.decode()
    assert "Q24" in page


@pytest.mark.parametrize(
    "lang,expected",
    [
        ("fr", "Rapports nationaux"),
        ("es", "Informes nacionales"),
        ("ru", "Национальные доклады"),
        ("zh-hans", "国家报告"),
        ("ar", "التقارير الوطنية"),
    ],
)
def test_translations_are_compiled(lang, expected):
    with translation.override(lang):
        assert translation.gettext("National reports") == expected
        assert "%(n)s" in translation.ngettext("%(n)s party", "%(n)s parties", 5)
