"""Writes for messages: the applicant writes, staff reply, each side marks what it read.

Each write runs in one transaction with one audit event on the case (`("cases.case", reference)`),
so the staff timeline shows that a message came or went; the text itself never goes into the audit
trail (it can hold anything). A refused message raises MessageError (Dutch) and stores nothing.

The applicant side takes the request: who "the applicant" is, and whether a case guide acts for
them with a machtiging, is the identity app's business (`identity.session`), and its
`record_applicant_event` writes the event that says who acted for whom.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from schadeloket.audit.services import record_event
from schadeloket.cases.selectors import user_roles
from schadeloket.identity.selectors import cases_for_applicant
from schadeloket.identity.session import acting_authorisation, current_applicant, record_applicant_event

from .models import MAX_MESSAGE_LENGTH, Message

ACTION_FROM_APPLICANT = "message_from_applicant"
ACTION_FROM_STAFF = "message_from_staff"
ACTION_READ_BY_STAFF = "messages_read"

# Staff who may write to an applicant about their case (reviewers and managers read only).
STAFF_ROLES = frozenset({"case_handler", "case_guide", "objection_lawyer", "admin"})
ROLE_WORDS = (("case_handler", "behandelaar"), ("case_guide", "zaakbegeleider"), ("objection_lawyer", "bezwaarjurist"))


class MessageError(ValueError):
    """A message that is not sent, with a Dutch message saying what to do."""


def clean_text(text) -> str:
    """The message as it will be stored, or MessageError when it is empty or too long."""
    text = (text or "").strip()
    if not text:
        raise MessageError(_("Schrijf eerst uw bericht."))
    if len(text) > MAX_MESSAGE_LENGTH:
        raise MessageError(
            _(
                "Uw bericht is te lang: %(length)s tekens. Het mag hoogstens %(max)s tekens zijn. "
                "Maak het korter of stuur twee berichten."
            )
            % {"length": len(text), "max": MAX_MESSAGE_LENGTH}
        )
    return text


def _staff_label(user) -> str:
    roles = user_roles(user)
    word = next((word for code, word in ROLE_WORDS if code in roles), "medewerker")
    return f"{user.get_full_name() or user.get_username()} ({word})"[:150]


@transaction.atomic
def send_from_applicant(case, text, *, request) -> Message:
    """The applicant of this session (or a case guide acting for them) writes to the institute."""
    text = clean_text(text)
    person = current_applicant(request)
    if person is None or not cases_for_applicant(person).filter(pk=case.pk).exists():
        raise MessageError(_("U kunt alleen berichten sturen over uw eigen zaak."))
    authorisation = acting_authorisation(request)
    if authorisation is None:
        label, user = person.full_name, None
    else:
        user = request.user
        label = f"{user.get_full_name() or user.get_username()} (zaakbegeleider), namens {person.full_name}"
    message = Message.objects.create(
        case=case, from_applicant=True, author_label=label[:150], author_person=person, author_user=user, text=text
    )
    record_applicant_event(
        request,
        action=ACTION_FROM_APPLICANT,
        obj=("cases.case", case.reference),
        changed_fields=["messages"],
        reason=f"bericht {message.public_id} van de aanvrager",
    )
    return message


def _mark_applicant_messages_read(case, now) -> int:
    return Message.objects.filter(case=case, from_applicant=True, read_at__isnull=True).update(read_at=now)


@transaction.atomic
def reply_from_staff(case, text, *, user) -> Message:
    """A staff member writes to the applicant; what the applicant sent before counts as read."""
    if not user_roles(user) & STAFF_ROLES:
        raise MessageError(_("Alleen een behandelaar, zaakbegeleider of bezwaarjurist kan de aanvrager schrijven."))
    text = clean_text(text)
    now = timezone.now()
    read = _mark_applicant_messages_read(case, now)
    message = Message.objects.create(
        case=case, from_applicant=False, author_label=_staff_label(user), author_user=user, text=text, created_at=now
    )
    record_event(
        actor=user,
        action=ACTION_FROM_STAFF,
        obj=("cases.case", case.reference),
        changed_fields=["messages", "messages.read_at"] if read else ["messages"],
        reason=f"bericht {message.public_id} aan de aanvrager"
        + (f"; {read} bericht(en) van de aanvrager gelezen" if read else ""),
    )
    return message


@transaction.atomic
def mark_read_by_staff(case, *, user) -> int:
    """Staff have read the applicant's new messages without replying. Returns how many (0: no event)."""
    if not user_roles(user) & STAFF_ROLES:
        raise MessageError(_("Alleen een behandelaar, zaakbegeleider of bezwaarjurist kan berichten afhandelen."))
    read = _mark_applicant_messages_read(case, timezone.now())
    if read:
        record_event(
            actor=user,
            action=ACTION_READ_BY_STAFF,
            obj=("cases.case", case.reference),
            changed_fields=["messages.read_at"],
            reason=f"{read} bericht(en) van de aanvrager gelezen",
        )
    return read


def mark_read_by_applicant(case) -> int:
    """The institute's messages on this case count as read by the applicant now; returns how many.

    No audit event of its own: the caller is the page that showed them, and records its own view
    event (with `messages.read_at` among the changed fields) in the same transaction.
    """
    return Message.objects.filter(case=case, from_applicant=False, read_at__isnull=True).update(read_at=timezone.now())
