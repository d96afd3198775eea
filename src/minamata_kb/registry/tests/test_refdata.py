import datetime as dt

import pytest
from django.core.management import call_command

from minamata_kb.audit.models import ChangeRecord
from minamata_kb.registry.models import Country, DatasetInfo, Organisation, Party
from minamata_kb.registry.services import entry_into_force
from minamata_kb.taxonomy.models import Article, StatementRole, Topic


@pytest.mark.django_db
@pytest.mark.integration
def test_init_loads_reference_data_and_second_run_changes_nothing():
    call_command("init")
    counts = (
        Country.objects.count(),
        Party.objects.count(),
        Organisation.objects.count(),
        ChangeRecord.objects.count(),
    )
    assert counts[0] >= 240
    assert Party.objects.get(code="EUU").country is None  # the EU is a party, not a country
    assert Party.objects.get(code="EUU").kind == Party.Kind.REIO
    ghana = Country.objects.get(iso3="GHA")
    assert ghana.name_zh and ghana.name_ar and ghana.formal_fr
    assert Country.objects.get(iso3="TUV").sids and Country.objects.get(iso3="TUV").ldc
    assert (
        Organisation.objects.get(slug="bcrc-uruguay").countries_served.filter(iso3="ARG").exists()
    )
    assert not DatasetInfo.objects.get(key="parties").complete
    assert Article.objects.count() == 35
    assert {"asgm", "dental_amalgam", "gender"} <= set(Topic.objects.values_list("slug", flat=True))
    assert set(StatementRole.objects.values_list("slug", flat=True)) >= {
        "need",
        "challenge",
        "support_provided",
        "support_received",
        "example_success",
        "resource",
    }
    call_command("init")
    again = (
        Country.objects.count(),
        Party.objects.count(),
        Organisation.objects.count(),
        ChangeRecord.objects.count(),
    )
    assert again == counts


def test_entry_into_force_follows_article_31():
    assert entry_into_force(dt.date(2014, 9, 24)) == dt.date(2017, 8, 16)
    assert entry_into_force(dt.date(2017, 5, 18)) == dt.date(2017, 8, 16)
    assert entry_into_force(dt.date(2017, 6, 20)) == dt.date(2017, 9, 18)
