"""Writes for grounds analysis: coding an objection or a zienswijze, and the audit of reading one.

`code_objection` and `code_view` run in one transaction and write one audit event on the case
(`grounds_coded` the first time, `grounds_recoded` after), which names the categories and what
changed, never the resident's text or the staff note (they may hold personal data). A request
that is refused raises `GroundsError` with a Dutch message and stores nothing.

Who codes an objection: its owner, the objection lawyer who handles it (`Objection.owner`). That
is the rule of every step in the objection process (`objections.services.common.check_owner`): a
colleague first takes the objection over on its page (`assign_owner`, audited), there is no "act
for a colleague with a reason". An objection without an owner is taken first as well. A reviewer
(toetser) codes zienswijzen, which have no owner, but not someone's objection. A refused attempt by
a colleague is not silent: besides the Dutch message it writes its own audit event
(`grounds_coding_refused`) after the refused transaction rolled back.

Refused: a user without a coding role; an objection that is not the user's own; no category, an
unknown category, "Anders" without a note, a note that is too long; a pro forma objection (no
grounds yet) or a draft without a zienswijze; a rule that does not belong to the decision; a
coding that someone else changed since the form was shown (`expected_version`, optimistic
locking); and a text that changed since the form was shown (`expected_text_sha256`: the user must
read the new grounds before the coding covers them).

Recoding with nothing changed writes nothing and no event: there was no state change. A coding whose
text changed since (it needs review, see `models`) is a change even with the same categories: saving
it again records that the new text was read, stores the text's new hash and clears the flag.
"""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from schadeloket.algorithms.models import RuleVersion
from schadeloket.audit.models import AuditAction
from schadeloket.audit.services import record_event
from schadeloket.decisions.models import Decision, DecisionKind
from schadeloket.objections.models import Objection

from .access import may_code
from .decision_rules import matched_rules, rule_set_version, rule_tables
from .models import CodedRule, GroundCategory, GroundCode, GroundsCoding, GroundsSubject, text_sha256

ACTION_CODED = "grounds_coded"
ACTION_RECODED = "grounds_recoded"
ACTION_REFUSED = "grounds_coding_refused"
MAX_NOTE_LENGTH = 2000


class GroundsError(ValueError):
    """A coding that is not stored, with a Dutch message that says what to do."""


class NotOwnerError(GroundsError):
    """Someone else's objection (or one without an owner): refused, and the attempt is audited."""


def clean_categories(categories) -> list[str]:
    values = [str(value) for value in categories or []]
    if not values:
        raise GroundsError(_("Kies minstens één categorie. Past er geen? Kies dan 'Anders' en schrijf een notitie."))
    known = set(GroundCategory.values)
    unknown = [value for value in values if value not in known]
    if unknown:
        raise GroundsError(_("Deze categorie bestaat niet: %(value)s. Kies uit de lijst.") % {"value": unknown[0]})
    return [value for value in GroundCategory.values if value in values]  # the list's order, no doubles


def clean_note(note, categories: list[str]) -> str:
    note = (note or "").strip()
    if len(note) > MAX_NOTE_LENGTH:
        raise GroundsError(
            _("De notitie is te lang: hoogstens %(max)s tekens. Maak hem korter.") % {"max": MAX_NOTE_LENGTH}
        )
    if GroundCategory.OTHER in categories and not note:
        raise GroundsError(_("U koos 'Anders'. Schrijf in de notitie kort waar de gronden over gaan."))
    return note


def _check_actor(actor) -> None:
    if not may_code(actor):
        raise GroundsError(_("Alleen een bezwaarjurist of toetser kan gronden coderen."))


def owner_refusal(objection: Objection, user) -> str:
    """Why `user` may not code this objection's grounds (Dutch), or "" when they may: they own it.

    The objections app's rule (`check_owner`), without its administrator exception: administrators
    do not code grounds at all (`access`).
    """
    if objection.owner_id is not None and objection.owner_id == user.pk:
        return ""
    if objection.owner_id is None:
        return _(
            "Dit bezwaar heeft nog geen bezwaarjurist. Alleen de eigen bezwaarjurist codeert de gronden. "
            "Neem het bezwaar eerst in behandeling op de bezwaarpagina."
        )
    return _(
        "Dit bezwaar is van %(owner)s. Alleen de eigen bezwaarjurist codeert de gronden. Behandelt u het bezwaar "
        "verder? Neem het dan eerst over op de bezwaarpagina."
    ) % {"owner": objection.owner.get_full_name() or objection.owner.get_username()}


def _record_refusal(actor, objection: Objection) -> None:
    """The audit event of a refused attempt on someone else's objection (staff user names only, no texts)."""
    why = (
        f"niet de eigen bezwaarjurist (eigenaar: {objection.owner.get_username()})"
        if objection.owner_id
        else "het bezwaar heeft nog geen bezwaarjurist"
    )
    record_event(
        actor=actor,
        action=ACTION_REFUSED,
        obj=("cases.case", objection.decision.case.reference),
        reason=f"coderen van de gronden van bezwaar {objection.public_id} geweigerd: {why}",
    )


@dataclass(frozen=True)
class _Target:
    subject: str
    objection: Objection | None
    draft: Decision | None
    decision: Decision  # the decision the text is about
    received_on: object
    text: str

    @property
    def case_reference(self) -> str:
        return self.decision.case.reference

    @property
    def label(self) -> str:
        if self.subject == GroundsSubject.OBJECTION:
            return f"bezwaar {self.objection.public_id}"
        return f"zienswijze op ontwerpbesluit {self.draft.public_id}"

    def existing(self) -> GroundsCoding | None:
        if self.subject == GroundsSubject.OBJECTION:
            return GroundsCoding.objects.filter(objection=self.objection).first()
        return GroundsCoding.objects.filter(draft=self.draft).first()


def _locked_objection(objection: Objection, actor) -> _Target:
    locked = (
        Objection.objects.select_for_update(of=("self",)).select_related("decision__case", "owner").get(pk=objection.pk)
    )
    refusal = owner_refusal(locked, actor)
    if refusal:
        raise NotOwnerError(refusal)
    if not locked.grounds.strip():
        raise GroundsError(
            _("Dit is een pro-formabezwaar: de gronden volgen nog. Codeer het bezwaar als de gronden binnen zijn.")
        )
    return _Target(GroundsSubject.OBJECTION, locked, None, locked.decision, locked.received_on, locked.grounds)


def _locked_draft(draft: Decision) -> _Target:
    locked = Decision.objects.select_for_update(of=("self",)).select_related("case").get(pk=draft.pk)
    if locked.kind != DecisionKind.DRAFT or locked.view_received_at is None or not locked.view_text.strip():
        raise GroundsError(_("Op dit besluit is geen zienswijze gegeven. Er is niets te coderen."))
    return _Target(
        GroundsSubject.VIEW, None, locked, locked, timezone.localdate(locked.view_received_at), locked.view_text
    )


def _rule_version_ids(rules) -> dict[tuple[str, str], int]:
    pairs = {(rule.table_id, rule.table_version) for rule in rules}
    if not pairs:
        return {}
    found = RuleVersion.objects.filter(
        table_id__in={table for table, _version in pairs}, version__in={version for _table, version in pairs}
    ).values_list("table_id", "version", "pk")
    return {(table, version): pk for table, version, pk in found}


def _changes(existing: GroundsCoding, categories, note, disputed, text_hash) -> tuple[list[str], list[str], list[str]]:
    """(changed field names, categories added, categories removed) against the stored coding.

    `text_sha256` is a change too: the coding now covers a text it did not cover before.
    """
    before = set(existing.codes.values_list("category", flat=True))
    added = [c for c in categories if c not in before]
    removed = [c for c in GroundCategory.values if c in before and c not in categories]
    before_disputed = {rule.key for rule in existing.rules.filter(disputed=True)}
    changed = []
    if added or removed:
        changed.append("categories")
    if existing.note != note:
        changed.append("note")
    if before_disputed != set(disputed):
        changed.append("disputed_rules")
    if existing.text_sha256 != text_hash:
        changed.append("text_sha256")
    return changed, added, removed


def _names(categories) -> str:
    """The categories in Dutch, whatever the user's language: the audit trail is written in Dutch."""
    with translation.override("nl"):
        return ", ".join(str(GroundCategory(c).label).lower() for c in categories) or "geen"


def _code(
    target: _Target, *, categories, note, disputed, actor, expected_version, expected_text_sha256=None
) -> GroundsCoding:
    decision = target.decision
    text_hash = text_sha256(target.text)
    if expected_text_sha256 and expected_text_sha256 != text_hash:
        raise GroundsError(
            _(
                "De tekst is gewijzigd terwijl u codeerde: er zijn gronden bijgekomen. Lees de tekst hieronder "
                "opnieuw, kijk uw keuzes na en sla daarna opnieuw op."
            )
        )
    existing = target.existing()
    matched = matched_rules(decision.rule_outcome)
    # A recoding names rules among those copied the first time, whatever the decision says now.
    known_keys = {rule.key for rule in existing.rules.all()} if existing else {rule.key for rule in matched}
    disputed = sorted({str(key) for key in disputed or []})
    strange = [key for key in disputed if key not in known_keys]
    if strange:
        raise GroundsError(
            _("Deze regel hoort niet bij het besluit: %(rule)s. Kies uit de lijst.") % {"rule": strange[0]}
        )

    current = existing.version if existing else 0
    if expected_version is not None and expected_version != current:
        raise GroundsError(
            _(
                "Iemand anders heeft deze gronden net gecodeerd of de codering gewijzigd. Bekijk de codering zoals "
                "die nu is en sla daarna opnieuw op."
            )
        )

    now = timezone.now()
    if existing is None:
        tables = rule_tables(decision.rule_outcome)
        coding = GroundsCoding(
            subject=target.subject,
            objection=target.objection,
            draft=target.draft,
            decision=decision,
            scheme_code=decision.case.scheme_code,
            decided_on=timezone.localdate(decision.decided_at),
            decision_deviated=decision.deviates,
            rule_set_version=rule_set_version(tables),
            rule_tables=tables,
            received_on=target.received_on,
            text_sha256=text_hash,
            note=note,
            coded_by=actor,
            coded_at=now,
        )
        try:
            with transaction.atomic():
                coding.save()
        except IntegrityError:
            raise GroundsError(
                _("Iemand anders heeft deze gronden net gecodeerd. Bekijk de codering en wijzig die zo nodig.")
            ) from None
        changed, added, removed = ["categories", "note", "disputed_rules"], categories, []
        version_ids = _rule_version_ids(matched)
        CodedRule.objects.bulk_create(
            [
                CodedRule(
                    coding=coding,
                    table_id=rule.table_id,
                    table_version=rule.table_version,
                    rule_version_id=version_ids.get((rule.table_id, rule.table_version)),
                    rule_id=rule.rule_id,
                    row=rule.row,
                    legal_basis=rule.legal_basis,
                    disputed=rule.key in disputed,
                )
                for rule in matched
            ]
        )
    else:
        coding = existing
        changed, added, removed = _changes(coding, categories, note, disputed, text_hash)
        if not changed:
            return coding
        coding.note = note
        coding.text_sha256 = text_hash
        coding.coded_by = actor
        coding.coded_at = now
        coding.version += 1
        coding.save(update_fields=["note", "text_sha256", "coded_by", "coded_at", "version"])
        coding.codes.all().delete()
        for rule in coding.rules.all():
            if rule.disputed != (rule.key in disputed):
                rule.disputed = rule.key in disputed
                rule.save(update_fields=["disputed"])

    GroundCode.objects.bulk_create([GroundCode(coding=coding, category=category) for category in categories])

    if existing is None:
        action = ACTION_CODED
        reason = f"gronden van {target.label} gecodeerd: {_names(categories)}"
        if disputed:
            reason += "; genoemde regels: " + ", ".join(disputed)
    else:
        action = ACTION_RECODED
        parts = []
        if added:
            parts.append(f"erbij: {_names(added)}")
        if removed:
            parts.append(f"eraf: {_names(removed)}")
        if "note" in changed:
            parts.append("notitie gewijzigd")
        if "disputed_rules" in changed:
            parts.append("genoemde regels: " + (", ".join(disputed) or "geen"))
        if "text_sha256" in changed:
            parts.append("opnieuw bekeken na een wijziging van de tekst")
        if not (added or removed or "note" in changed or "disputed_rules" in changed):
            parts.append("categorieën ongewijzigd")
        reason = f"gronden van {target.label} opnieuw gecodeerd: " + "; ".join(parts)
    record_event(
        actor=actor, action=action, obj=("cases.case", target.case_reference), changed_fields=changed, reason=reason
    )
    return coding


def code_objection(
    objection: Objection,
    *,
    categories,
    note: str = "",
    disputed=(),
    actor,
    expected_version: int | None = None,
    expected_text_sha256: str | None = None,
) -> GroundsCoding:
    """Code the grounds of an objection (or replace its coding). Only its owner may (see the module docstring)."""
    _check_actor(actor)
    try:
        with transaction.atomic():
            target = _locked_objection(objection, actor)
            categories = clean_categories(categories)
            note = clean_note(note, categories)
            return _code(
                target,
                categories=categories,
                note=note,
                disputed=disputed,
                actor=actor,
                expected_version=expected_version,
                expected_text_sha256=expected_text_sha256,
            )
    except NotOwnerError:
        # Outside the rolled-back block, so the attempt stays on record; nothing of the coding is stored.
        _record_refusal(actor, Objection.objects.select_related("decision__case", "owner").get(pk=objection.pk))
        raise


def check_objection_owner(objection: Objection, actor) -> None:
    """Refuse (and audit) an attempt to code someone else's objection before any input is looked at.

    The page calls this on every POST, so a refused attempt is on record even when the form was
    incomplete too; `code_objection` checks again under the lock (the owner may change meanwhile).
    """
    current = Objection.objects.select_related("decision__case", "owner").get(pk=objection.pk)
    refusal = owner_refusal(current, actor)
    if refusal:
        _record_refusal(actor, current)
        raise NotOwnerError(refusal)


@transaction.atomic
def code_view(
    draft: Decision,
    *,
    categories,
    note: str = "",
    disputed=(),
    actor,
    expected_version: int | None = None,
    expected_text_sha256: str | None = None,
) -> GroundsCoding:
    """Code a zienswijze: the resident's reaction on a draft decision (or replace its coding)."""
    _check_actor(actor)
    categories = clean_categories(categories)
    note = clean_note(note, categories)
    target = _locked_draft(draft)
    return _code(
        target,
        categories=categories,
        note=note,
        disputed=disputed,
        actor=actor,
        expected_version=expected_version,
        expected_text_sha256=expected_text_sha256,
    )


def record_text_view(*, actor, subject: str, case_reference: str, public_id) -> None:
    """A staff member saw a resident's grounds or zienswijze on the coding page: audit it."""
    what = "bezwaar" if subject == GroundsSubject.OBJECTION else "zienswijze op ontwerpbesluit"
    record_event(
        actor=actor,
        action=AuditAction.VIEW,
        obj=("cases.case", case_reference),
        reason=f"gronden coderen: tekst van {what} {public_id} bekeken",
    )
