"""Questions: what a scheme must ask because the register cannot know it, declared as data.

A scheme lists its `questions`. The staff pages build their answers form from that list, store the
answers as JSON and hand them back to `decide` in the Python types the scheme reads. One
declaration, so the form, the stored answers and the rules can never disagree on a name or a type.

A question left empty means "not known yet" (None): the rules then say what is still open instead
of deciding on a guess.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from .answers import AnswerError


class Kind(StrEnum):
    YES_NO = "yes_no"  # True, False, or None (not known)
    AMOUNT = "amount"  # Decimal in euros, 0 or more
    NUMBER = "number"  # Decimal that is not money (hours, square metres), 0 or more
    COUNT = "count"  # whole number, `minimum` or more
    CHOICE = "choice"  # one of `choices`
    DATE = "date"
    DATETIME = "datetime"
    TEXT_LIST = "text_list"  # list of short texts (one per line on the form)
    AMOUNT_LIST = "amount_list"  # list of amounts (one per line on the form)
    REPAIR_ITEMS = "repair_items"  # damages to repair: description, type (`choices`), room, amount, assessed before


@dataclass(frozen=True)
class Question:
    """One answer a scheme reads: its name in `decide`, a Dutch label, and its kind."""

    name: str
    label: str  # Dutch (gettext_lazy), as the staff form shows it
    kind: Kind
    help_text: str = ""
    choices: tuple[tuple[str, str], ...] = ()  # (value, Dutch label)
    minimum: int = 0  # COUNT only
    maximum: int | None = None  # COUNT only

    def to_json(self, value):
        """The answer as stored (JSON): amounts and dates as text, lists as lists."""
        if value is None:
            return None
        if self.kind in (Kind.AMOUNT, Kind.NUMBER):
            return str(value)
        if self.kind in (Kind.DATE, Kind.DATETIME):
            return value.isoformat()
        if self.kind is Kind.AMOUNT_LIST:
            return [str(amount) for amount in value]
        if self.kind is Kind.REPAIR_ITEMS:
            return [{**item, "amount": None if item.get("amount") is None else str(item["amount"])} for item in value]
        return value

    def from_json(self, value):
        """The stored answer in the type `decide` reads; AnswerError when it cannot be (a Dutch message)."""
        if value is None:
            return None
        try:
            if self.kind in (Kind.AMOUNT, Kind.NUMBER):
                return Decimal(value)
            if self.kind is Kind.DATE:
                return dt.date.fromisoformat(value)
            if self.kind is Kind.DATETIME:
                return dt.datetime.fromisoformat(value)
            if self.kind is Kind.AMOUNT_LIST:
                return [Decimal(amount) for amount in value]
            if self.kind is Kind.REPAIR_ITEMS:
                return [
                    {**item, "amount": None if item.get("amount") is None else Decimal(item["amount"])}
                    for item in value
                ]
        except (InvalidOperation, TypeError, ValueError):
            raise AnswerError(
                f"Het bewaarde antwoord op '{self.label}' is niet te lezen. Vul het opnieuw in."
            ) from None
        return value


def answers_to_json(questions: tuple[Question, ...], answers: dict) -> dict:
    """Only known questions, each as JSON; an unknown name is a programming error (KeyError)."""
    by_name = {question.name: question for question in questions}
    return {name: by_name[name].to_json(value) for name, value in answers.items()}


def answers_from_json(questions: tuple[Question, ...], stored: dict) -> dict:
    """The stored answers as `decide` reads them; empty answers are left out (the scheme's default applies)."""
    result = {}
    for question in questions:
        value = question.from_json(stored.get(question.name))
        if value is not None and value != []:
            result[question.name] = value
    return result
