"""History pages: the changes a user may read (filterable) and one record's history with
"restore this earlier value" (through the owning app's service, audit/records.py)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from minamata_kb.accounts.permissions import is_secretariat
from minamata_kb.audit import records
from minamata_kb.audit.models import ChangeRecord

# Names of the kinds of record on the history pages (translated here, in one catalogue).
TITLES = {
    "submissions.submission": gettext_lazy("Submission"),
    "submissions.statement": gettext_lazy("Statement"),
    "activities.activity": gettext_lazy("Activity"),
    "activities.event": gettext_lazy("Event"),
    "assistance.request": gettext_lazy("Assistance request"),
    "library.resource": gettext_lazy("Library resource"),
}
MAX_SHOWN = 400  # characters of a value shown in a table cell


def title_of(label: str) -> str:
    if label in TITLES:
        return str(TITLES[label])
    entity = records.entity_of(label)
    return entity.title if entity else label


def shown(value: Any) -> str:
    """A value of a change as a reader sees it: lists joined, nothing as a dash, long text cut."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list):
        text = ", ".join(
            json.dumps(v, ensure_ascii=False) if isinstance(v, list | dict) else str(v)
            for v in value
        )
    elif isinstance(value, dict):
        text = json.dumps(value, ensure_ascii=False)
    else:
        text = str(value)
    return text if len(text) <= MAX_SHOWN else text[:MAX_SHOWN] + " …"


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _forbidden(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "audit/forbidden.html", {"message": message}, status=403)


def _model_field(label: str, name: str) -> Any:
    entity = records.entity_of(label)
    if entity is None:
        return None
    try:
        return entity.model._meta.get_field(name)
    except Exception:  # a computed value of the snapshot (e.g. "articles" as numbers)
        return None


def field_label(label: str, name: str) -> str:
    """The field's own (translated) name where the model has one, else its key."""
    f = _model_field(label, name)
    verbose = getattr(f, "verbose_name", None)
    return str(verbose) if verbose and str(verbose) != name.replace("_", " ") else name


def shown_value(label: str, name: str, value: Any) -> str:
    """A foreign key's record by name (snapshots hold its id), anything else as `shown`."""
    f = _model_field(label, name)
    if f is not None and getattr(f, "many_to_one", False) and isinstance(value, int):
        related = f.related_model._default_manager.filter(pk=value).first()
        if related is not None:
            return shown(str(related))
    return shown(value)


def _rows(changes: Any, entity: Any = None, may_restore: bool = False) -> list[dict[str, Any]]:
    rows = []
    for c in changes:
        fields = [
            {
                "name": name,
                "label": field_label(c.entity, name),
                "before": shown_value(c.entity, name, before),
                "after": shown_value(c.entity, name, after),
                "restorable": may_restore
                and entity is not None
                and name in entity.restorable
                and c.before is not None
                and name in c.before,
            }
            for name, before, after in records.field_changes(c)
        ]
        rows.append(
            {
                "c": c,
                "action": c.get_action_display(),
                "kind": title_of(c.entity),
                "url": reverse("audit:record_history", args=[c.entity, c.object_id]),
                "fields": fields,
            }
        )
    return rows


def change_list(request: HttpRequest) -> HttpResponse:
    """Every change the user may read, newest first; filter by kind, user and dates."""
    if not request.user.is_authenticated:
        return redirect(f"{reverse('login')}?next={request.path}")
    g = request.GET
    date_from, date_to = _date(g.get("from")), _date(g.get("to"))
    qs = records.visible_changes(
        request.user,
        entity=g.get("entity", ""),
        actor=g.get("user", "").strip(),
        date_from=date_from,
        date_to=date_to,
    )
    page = Paginator(qs, 50).get_page(g.get("page"))
    kinds = sorted(((label, title_of(label)) for label in records.entities()), key=lambda x: x[1])
    return render(
        request,
        "audit/change_list.html",
        {
            "page": page,
            "rows": _rows(page.object_list),
            "kinds": kinds,
            "filters": g,
            "may_see_any": is_secretariat(request.user) or qs.exists(),
        },
    )


def record_history(request: HttpRequest, label: str, object_id: str) -> HttpResponse:
    """One record's changes (who, when, what, before → after), with restore buttons."""
    entity = records.entity_of(label)
    obj = entity.get(object_id) if entity else None
    if obj is None and entity is not None and is_secretariat(request.user):
        # a deleted record: the secretariat still reads its history
        if not ChangeRecord.objects.filter(entity=label, object_id=object_id).exists():
            raise Http404
    elif obj is None or not request.user.is_authenticated:
        raise Http404
    elif not records.may_see(request.user, obj):
        return _forbidden(request, _("Only those responsible for this record see its history."))
    g = request.GET
    qs = records.visible_changes(
        request.user,
        entity=label,
        object_id=object_id,
        actor=g.get("user", "").strip(),
        date_from=_date(g.get("from")),
        date_to=_date(g.get("to")),
    )
    may_restore = bool(
        obj is not None
        and entity is not None
        and entity.restore
        and entity.may_restore(request.user, obj)
    )
    page = Paginator(qs, 50).get_page(g.get("page"))
    return render(
        request,
        "audit/record_history.html",
        {
            "obj": obj,
            "label": label,
            "object_id": object_id,
            "kind": title_of(label),
            "record_url": obj.get_absolute_url()
            if obj is not None and hasattr(obj, "get_absolute_url")
            else "",
            "page": page,
            "rows": _rows(page.object_list, entity, may_restore),
            "filters": g,
        },
    )


@require_POST
def restore(request: HttpRequest, label: str, object_id: str) -> HttpResponse:
    """Restore the value a field had before a change, through the record's own service."""
    if not request.user.is_authenticated:
        raise Http404
    change = get_object_or_404(
        ChangeRecord, pk=request.POST.get("change") or 0, entity=label, object_id=object_id
    )
    field = request.POST.get("field", "")
    back = reverse("audit:record_history", args=[label, object_id])
    try:
        records.restore(request.user, change, field)
    except PermissionDenied as exc:
        return _forbidden(request, str(exc))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(back)
    messages.success(
        request, _("%(field)s: the earlier value was restored (a new change).") % {"field": field}
    )
    return redirect(back)
