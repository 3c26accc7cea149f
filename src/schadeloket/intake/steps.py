"""The steps of the intake, in order: one declaration for the URLs, the step list and the resume logic."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

ADDRESS = "adres"
RELATION = "relatie"
DAMAGE = "schade"
QUESTIONS = "vragen"
COMPARE = "vergelijken"
CHOICE = "keuze"
CONFIRM = "controleren"
RECEIPT = "ontvangen"  # not a step in the list: where a submitted draft rests


@dataclass(frozen=True)
class Step:
    slug: str
    title: str  # the heading of the page and its name in the step list

    @property
    def number(self) -> int:
        return SLUGS.index(self.slug) + 1


STEPS: tuple[Step, ...] = (
    Step(ADDRESS, _("Adres")),
    Step(RELATION, _("Wie bent u voor het gebouw?")),
    Step(DAMAGE, _("Wat is er gebeurd?")),
    Step(QUESTIONS, _("Vragen over uw situatie")),
    Step(COMPARE, _("Regelingen vergelijken")),
    Step(CHOICE, _("Uw keuze")),
    Step(CONFIRM, _("Controleren en versturen")),
)
SLUGS: tuple[str, ...] = tuple(step.slug for step in STEPS)
BY_SLUG: dict[str, Step] = {step.slug: step for step in STEPS}


def previous_slug(slug: str) -> str | None:
    index = SLUGS.index(slug)
    return SLUGS[index - 1] if index > 0 else None


def next_slug(slug: str) -> str:
    index = SLUGS.index(slug)
    return SLUGS[min(index + 1, len(SLUGS) - 1)]
