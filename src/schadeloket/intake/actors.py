"""Who acts in the intake, as the services need it: the resident, or a case guide acting for them.

Views build it from the request (`from_request`); tests build it for a person (`for_person`). The
services never see a request or a BSN.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from schadeloket.audit.services import record_event
from schadeloket.identity.session import (
    acting_authorisation,
    applicant_actor_label,
    current_applicant,
    record_applicant_event,
)


@dataclass(frozen=True)
class IntakeActor:
    """`person`: whose intake it is. `case_actor`: the actor handed to `open_case` and `upload_document`
    (the case guide's user when one acts, otherwise the applicant's label). `answers_actor`: the actor
    for `decisions.services.save_answers`, which takes a handler or a non-staff string actor only, so
    it is always the applicant's label (the case guide who typed is named by the submit event).
    `record(action=..., obj=..., changed_fields=..., reason=...)` writes the intake's own audit events.
    """

    person: object
    case_actor: object
    answers_actor: str
    record: Callable

    @property
    def acting_for(self) -> bool:
        return not isinstance(self.case_actor, str)

    @classmethod
    def from_request(cls, request) -> "IntakeActor | None":
        person = current_applicant(request)
        if person is None:
            return None
        label = applicant_actor_label(person)
        acting = acting_authorisation(request) is not None
        return cls(
            person=person,
            case_actor=request.user if acting else label,
            answers_actor=label,
            record=partial(record_applicant_event, request),
        )

    @classmethod
    def for_person(cls, person) -> "IntakeActor":
        """The resident acting themselves, without a request (services, commands, tests)."""
        label = applicant_actor_label(person)
        return cls(person=person, case_actor=label, answers_actor=label, record=partial(record_event, actor=label))
