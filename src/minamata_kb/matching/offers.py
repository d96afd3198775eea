"""Two-sided matching (issue 13, build item 5): an organisation's editor offers help on a need;
the need's party (its focal point, or the secretariat) accepts or declines what is proposed
for it, offers and the matcher's proposals alike. Both sides see the state on the match; each
step is audited and the other side is told by mail once the change is committed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from minamata_kb.accounts.mail_language import role_language
from minamata_kb.accounts.models import Role
from minamata_kb.accounts.permissions import (
    can_act_for_organisation,
    can_act_for_party,
    is_secretariat,
)
from minamata_kb.audit.models import ChangeRecord
from minamata_kb.audit.services import record_change, snapshot
from minamata_kb.core.actors import Actor, signed_in
from minamata_kb.matching.models import Match, Need
from minamata_kb.matching.selectors import visible_needs

PARTY_DECISIONS = ("accepted", "declined")
_STATE = ["decision", "party_decision", "offered_by", "offer_note", "party_note"]


def _recipients(**role_filter: Any) -> dict[str, str]:
    """The address of each user holding such a role, with the language of that user's mail
    (their preference, else their party's or organisation's UN language), not the sender's."""
    roles = (
        Role.objects.filter(**role_filter)
        .select_related("user", "party__country", "organisation__host_country")
        .order_by("user__username")
    )
    out: dict[str, str] = {}
    for role in roles:
        if role.user.email:
            out.setdefault(role.user.email, role_language(role))
    return out


def _notify(
    recipients: dict[str, str], subject: Callable[[], str], body: Callable[[], str]
) -> None:
    """Mail `recipients` once the change is committed: one mail per language, its subject
    and body written in that language."""
    by_language: dict[str, list[str]] = {}
    for address, language in recipients.items():
        by_language.setdefault(language, []).append(address)
    mails = []
    for language, addresses in sorted(by_language.items()):
        with translation.override(language):
            headers = {"Content-Language": language}
            mails.append(
                EmailMessage(
                    subject(), body(), settings.DEFAULT_FROM_EMAIL, addresses, headers=headers
                )
            )
    if mails:
        transaction.on_commit(lambda: [m.send(fail_silently=True) for m in mails])


def _mail_body(need: Need, opening: str, said_label: str, said: str) -> str:
    """What a notification says, in the active language: what happened, the need itself, what
    the other side wrote, and where to answer (the mail cannot know the site's address)."""
    lines = [opening, "", need.text[:600], ""]
    if said:
        lines += [said_label, said, ""]
    lines.append(
        _("See the need in the Minamata KB (Needs, %(ref)s): %(path)s")
        % {"ref": need.reference, "path": need.get_absolute_url()}
    )
    return "\n".join(lines) + "\n"


@transaction.atomic
def offer_help(actor: Actor, need: Need, organisation: Any, note: str = "") -> Match:
    """An organisation offers help on a need (its editor, or the secretariat for it)."""
    if organisation is None:
        raise ValidationError({"organisation": [_("Choose the organisation that offers help.")]})
    if not can_act_for_organisation(actor, organisation):
        raise PermissionDenied(_("You may offer help only for your own organisation."))
    if not visible_needs(actor).filter(pk=need.pk).exists():
        raise PermissionDenied(_("You may not see this need."))
    if need.status != Need.Status.OPEN:
        raise ValidationError({"need": [_("This need is no longer open.")]})
    match, created = Match.objects.select_for_update().get_or_create(
        need=need,
        kind=Match.Kind.PROVIDER,
        target_ref=organisation.slug,
        defaults={"target_label": organisation.name[:500]},
    )
    before = None if created else snapshot(match, _STATE)
    if match.party_decision and (match.offered_by_id is None or match.party_decision == "declined"):
        # The party answered the matcher's proposal of this organisation, or declined its
        # earlier offer: this offer is new, and waits for the party's answer like any other.
        match.party_decision, match.party_note = "", ""
        match.party_decided_by, match.party_decided_at = None, None
    match.offered_by = organisation
    match.offer_note = (note or "").strip()[:2000]
    if {"code": "offered"} not in (match.reasons or []):
        match.reasons = [{"code": "offered"}, *(match.reasons or [])]
    match.save()
    record_change(
        actor,
        ChangeRecord.Action.CREATE if created else ChangeRecord.Action.UPDATE,
        match,
        before,
        snapshot(match, _STATE),
        note="offer",
    )
    _notify(
        _recipients(kind="focal_point", party=need.party),
        lambda: (
            _("[Minamata KB] %(org)s offers help on need %(ref)s")
            % {"org": organisation.name, "ref": need.reference}
        ),
        lambda: _mail_body(
            need,
            _("%(org)s offers help on need %(ref)s of %(party)s:")
            % {"org": organisation.name, "ref": need.reference, "party": need.party.name},
            _("Their message:"),
            match.offer_note,
        ),
    )
    return match


@transaction.atomic
def decide_for_party(actor: Actor, match: Match, decision: str, note: str = "") -> Match:
    """The need's party accepts or declines a proposed answer (an offer or the matcher's); a
    decline says why (`note`), so the organisation that offered learns the reason."""
    need = match.need
    if not can_act_for_party(actor, need.party):
        raise PermissionDenied(_("Only the party whose need this is may accept or decline."))
    if decision not in PARTY_DECISIONS:
        raise ValidationError({"decision": [_("Accept or decline.")]})
    if decision == "declined" and not (note or "").strip():
        raise ValidationError({"reason": [_("Say why the party declines.")]})
    before = snapshot(match, _STATE)
    match.party_decision = decision
    match.party_decided_by = signed_in(actor)
    match.party_decided_at = timezone.now()
    match.party_note = (note or "").strip()[:2000]  # an acceptance drops an earlier reason
    match.save(
        update_fields=["party_decision", "party_decided_by", "party_decided_at", "party_note"]
    )
    record_change(
        actor, ChangeRecord.Action.DECIDE, match, before, snapshot(match, _STATE), note=decision
    )
    if match.offered_by_id is not None:
        _notify(
            _recipients(kind="org_editor", organisation_id=match.offered_by_id),
            lambda: (
                _("[Minamata KB] Your offer on need %(ref)s was %(decision)s")
                % {
                    "ref": need.reference,
                    "decision": _("accepted") if decision == "accepted" else _("declined"),
                }
            ),
            lambda: _mail_body(
                need,
                (
                    _("%(party)s accepted your offer of help on need %(ref)s:")
                    if decision == "accepted"
                    else _("%(party)s declined your offer of help on need %(ref)s:")
                )
                % {"party": need.party.name, "ref": need.reference},
                _("Their reason:"),
                match.party_note,
            ),
        )
    return match


def party_state(match: Match) -> str:
    """Where the party stands on a match: accepted, declined or pending (not answered yet)."""
    return match.party_decision or "pending"


def state_for(user: Any, match: Match) -> dict[str, Any]:
    """What either side sees of a match: who offered, the secretariat's and the party's say."""
    return {
        "offered_by": match.offered_by.name if match.offered_by_id else "",  # type: ignore[union-attr]
        "decision": match.decision,
        "party_decision": match.party_decision,
        "may_decide": can_act_for_party(user, match.need.party),
        "is_secretariat": is_secretariat(user),
    }
