"""The text of the e-mails about a call: the call itself, under an opening line (the call's
letter when it is issued, its reminders)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from minamata_kb.submissions.models import Call


def call_body(call: Call, opening: str) -> str:
    """The call (decision, title, deadline, description, how to answer) under `opening`."""
    lines = [
        opening,
        "",
        f"{call.decision}: {call.title}",
        _("Deadline: %(date)s") % {"date": call.deadline.isoformat()},
        "",
        call.description,
        "",
        _(
            "Submit through the Minamata KB (Calls for information) or reply with a PDF, DOCX or text file."
        ),
    ]
    return "\n".join(lines).strip() + "\n"
