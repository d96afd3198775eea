"""Each persona's boundary on pages, API and services.

Decision tested here: a focal point reads and edits only its own party's drafts; a submitted
report is public only once the secretariat publishes it; officers see and publish everything.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse

from minamata_kb.audit.models import ChangeRecord
from minamata_kb.national_reports import services
from minamata_kb.national_reports.models import NationalReport

if TYPE_CHECKING:
    from minamata_kb.national_reports.models import Cycle

pytestmark = pytest.mark.django_db


def _answers(report: NationalReport) -> dict[str, str]:
    data: dict[str, str] = {}
    for q in report.cycle.questions():
        data[f"q{q.number}"] = (
            q.allowed[0] if q.allowed else ("3" if q.answer_type == "number" else "Texte")
        )
        data[f"c{q.number}"] = ""
    return data


def test_focal_point_fills_saves_and_submits_its_own_report(personas):
    from minamata_kb.national_reports import refdata

    refdata.load(None)
    fp_a = personas.fp_a
    r = fp_a.client.post("/national-reports/start/short-2019/")
    report = NationalReport.objects.get(party=personas.world.party_a)
    assert r.status_code == 302 and report.is_draft
    # a bad answer: 400, the typed values kept, the error next to the field, nothing saved
    data = _answers(report) | {"q3": "maybe", "c4": "typed comment"}
    r = fp_a.client.post(f"/national-reports/reports/{report.pk}/edit/", data | {"save": "1"})
    assert r.status_code == 400
    page = r.content.decode()
    assert "typed comment" in page and report.answers.count() == 0
    # a good draft
    r = fp_a.client.post(
        f"/national-reports/reports/{report.pk}/edit/", _answers(report) | {"save": "1"}
    )
    assert r.status_code == 302 and report.answers.count() == 4
    assert ChangeRecord.objects.filter(
        entity="national_reports.nationalreport", action="update"
    ).exists()
    # other personas cannot see or edit the draft
    for who in (personas.fp_b, personas.partner, personas.anon):
        assert who.client.get(f"/national-reports/reports/{report.pk}/").status_code == 404
        resp = who.client.get(f"/national-reports/reports/{report.pk}/edit/")
        assert resp.status_code in (302, 404)
        api = who.client.get(f"/api/v1/national-reports/{report.pk}")
        assert api.status_code == 404
    assert personas.officer.client.get(f"/national-reports/reports/{report.pk}/").status_code == 200
    # submit
    r = fp_a.client.post(
        f"/national-reports/reports/{report.pk}/edit/", _answers(report) | {"submit": "1"}
    )
    report.refresh_from_db()
    assert r.status_code == 302 and report.status == "submitted" and not report.published
    # after submission the focal point may no longer edit
    assert fp_a.client.get(f"/national-reports/reports/{report.pk}/edit/").status_code == 403
    with pytest.raises(PermissionDenied):
        services.save_answers(fp_a.user, report, {3: ("no", "")})
    # submitted but unpublished: still not public
    assert personas.anon.client.get(f"/national-reports/reports/{report.pk}/").status_code == 404
    ids = [i["id"] for i in personas.fp_b.client.get("/api/v1/national-reports").json()["items"]]
    assert report.pk not in ids
    ids = [i["id"] for i in fp_a.client.get("/api/v1/national-reports").json()["items"]]
    assert report.pk in ids
    # only the secretariat publishes
    assert (
        fp_a.client.post(
            f"/national-reports/reports/{report.pk}/publish/", {"action": "publish"}
        ).status_code
        == 403
    )
    personas.officer.client.post(
        f"/national-reports/reports/{report.pk}/publish/", {"action": "publish"}
    )
    report.refresh_from_db()
    assert report.published
    assert personas.anon.client.get(f"/national-reports/reports/{report.pk}/").status_code == 200
    assert ChangeRecord.objects.filter(action="publish", object_id=str(report.pk)).exists()
    # withdrawing the publication: a confirmation with a required reason, secretariat only
    url = f"/national-reports/reports/{report.pk}/publish/?action=withdraw"
    assert fp_a.client.get(url).status_code == 403
    assert fp_a.client.post(url, {"reason": "mine"}).status_code == 403
    officer = personas.officer.client
    assert 'name="reason"' in officer.get(url).content.decode()
    for data in ({}, {"reason": "  "}, {"action": "withdraw"}):
        assert officer.post(url.split("?")[0] + "?action=withdraw", data).status_code == 400
        report.refresh_from_db()
        assert report.published
    assert officer.post(url, {"reason": "Wrong file published"}).status_code == 302
    report.refresh_from_db()
    assert not report.published
    last = ChangeRecord.objects.filter(object_id=str(report.pk)).latest("id")
    assert last.note == "Wrong file published"


def test_focal_point_cannot_start_or_edit_another_partys_report(personas):
    from minamata_kb.national_reports import refdata

    refdata.load(None)
    r = personas.fp_b.client.post("/national-reports/start/short-2019/", {"party": "GHA"})
    assert r.status_code == 403 and not NationalReport.objects.exists()
    report = services.start_report(personas.fp_a.user, personas.world.party_a, _cycle("short-2019"))
    r = personas.fp_b.client.post(f"/national-reports/reports/{report.pk}/edit/", {"q3": "no"})
    assert r.status_code == 404  # another party's draft is not even visible
    with pytest.raises(PermissionDenied):
        services.save_answers(personas.fp_b.user, report, {3: ("no", "")})
    with pytest.raises(PermissionDenied):
        services.start_report(personas.partner.user, personas.world.party_a, _cycle("short-2019"))
    assert personas.anon.client.post("/national-reports/start/short-2019/").status_code == 302
    # the officer may act for any party
    officer_report = services.start_report(
        personas.officer.user, personas.world.party_b, _cycle("short-2019")
    )
    assert officer_report.party == personas.world.party_b


def test_analysis_counts_only_published_reports_for_the_public(personas, tmp_path):
    from minamata_kb.national_reports import refdata
    from minamata_kb.national_reports.importer import import_national_reports

    from .conftest import full_rows, write_rows

    refdata.load(None)
    short = _cycle("short-2019")
    import_national_reports(
        write_rows(tmp_path / "a.csv", full_rows("GHA", short, gap=True)), publish=True
    )
    import_national_reports(write_rows(tmp_path / "b.csv", full_rows("MEX", short, gap=True)))
    public = personas.anon.client.get("/api/v1/national-reports/analysis?cycle=short-2019").json()
    assert public["parties"] == ["GHA"] and not public["include_unpublished"]
    staff = personas.officer.client.get("/api/v1/national-reports/analysis?cycle=short-2019").json()
    assert staff["parties"] == ["GHA", "MEX"]
    needs = personas.anon.client.get("/api/v1/national-reports/needs").json()
    assert {n["party"] for n in needs["items"]} == {"GHA"}
    # the pages follow the same rule
    assert (
        b"Mexico"
        not in personas.anon.client.get("/national-reports/dashboard/?cycle=short-2019").content
    )
    assert (
        b"Mexico"
        in personas.officer.client.get("/national-reports/dashboard/?cycle=short-2019").content
    )


def _cycle(code: str) -> Cycle:
    from minamata_kb.national_reports.models import Cycle

    return Cycle.objects.get(code=code)


def test_focal_point_uploads_a_filled_template_into_its_own_draft(personas, tmp_path):
    import io

    import openpyxl

    from minamata_kb.national_reports import refdata
    from minamata_kb.national_reports.offline import HEADER_ROW, template_xlsx

    refdata.load(None)
    short = _cycle("short-2019")
    report = services.start_report(personas.fp_a.user, personas.world.party_a, short)
    book = openpyxl.load_workbook(io.BytesIO(template_xlsx(short, "es", party_code="GHA")))
    for row in book["report"].iter_rows(min_row=HEADER_ROW + 1):
        row[7].value = "Sí" if row[2].value != 4 else "En parte"
        row[8].value = "Falta de laboratorios." if row[2].value == 4 else None
    buf = io.BytesIO()
    book.save(buf)

    def upload(who: Any, data: bytes, name: str = "filled.xlsx") -> HttpResponse:
        from django.core.files.uploadedfile import SimpleUploadedFile

        return who.client.post(
            f"/national-reports/reports/{report.pk}/upload/",
            {"file": SimpleUploadedFile(name, data)},
        )

    assert upload(personas.fp_b, buf.getvalue()).status_code == 404
    assert upload(personas.anon, buf.getvalue()).status_code == 302
    assert report.answers.count() == 0
    bad = upload(personas.fp_a, b"not a workbook")
    assert bad.status_code == 400 and report.answers.count() == 0
    ok = upload(personas.fp_a, buf.getvalue())
    assert ok.status_code == 302
    values = dict(report.answers.values_list("question__number", "value"))
    assert values == {3: "yes", 4: "partly", 5: "yes", 24: "yes"}
    report.refresh_from_db()
    assert report.is_draft  # an upload fills the draft; submitting stays a separate step
