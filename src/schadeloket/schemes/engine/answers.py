"""Answers: what the applicant or an expert tells a scheme that the register cannot know.

One way for every scheme to read them, so that an unknown name, a wrong type or an impossible
choice is refused before anything is decided, with a Dutch message that says what to fix.
"""

from decimal import Decimal


class AnswerError(ValueError):
    """An answer that does not exist for this scheme, or has the wrong type or value (Dutch message)."""


def read_answers(answers: dict | None, known: dict, *, decimals=(), booleans=(), choices=None) -> dict:
    """The answers with the scheme's defaults filled in; unknown names, wrong types and unknown choices refused."""
    result = dict(known)
    for name, value in (answers or {}).items():
        if name not in known:
            raise AnswerError(
                f"Antwoord '{name}' bestaat niet bij deze regeling. Bekende antwoorden: {', '.join(known)}."
            )
        if name in decimals and value is not None:
            try:
                value = Decimal(str(value))
            except ArithmeticError:
                raise AnswerError(f"Antwoord '{name}' moet een getal of bedrag zijn, niet '{value}'.") from None
            if not value.is_finite() or value < 0:
                raise AnswerError(f"Antwoord '{name}' moet 0 of meer zijn, niet '{value}'.")
        if name in booleans and value not in (True, False, None):
            raise AnswerError(f"Antwoord '{name}' moet ja of nee zijn, niet '{value}'.")
        if choices and name in choices and value not in (None, *choices[name]):
            raise AnswerError(f"Antwoord '{name}' kan niet '{value}' zijn: kies uit {', '.join(choices[name])}.")
        result[name] = value
    return result
