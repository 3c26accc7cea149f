"""What a scheme is: its published description, decision tables, parameters, and how it decides.

A scheme package (`schemes/ves/`, `schemes/avv/`, ...) holds its DMN files and one `Scheme`
subclass. The subclass says which tables it uses and turns their outputs into an `Outcome`; the
tables hold the conditions and amounts with their legal basis, so that what decides is also what
is published in the algorithm register.
"""

import copy
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import ClassVar, NamedTuple

from .parameters import ParameterSet, Status
from .questions import Question
from .tables import DecisionTable, TableTrace, load_table


class Condition(NamedTuple):
    """One condition checked, in words an applicant understands, and whether it was met.

    A NamedTuple rather than a frozen dataclass: just as immutable, and a simulation makes millions.
    """

    text: str
    met: bool | None  # None: cannot be known from the register (the applicant or an expert must say)


@dataclass
class Outcome:
    scheme: str
    scheme_name: str
    open: bool | None  # eligible now; None: depends on facts the register cannot know
    amount: Decimal | None = None
    amount_max: Decimal | None = None  # for ranges ("up to EUR 60,000")
    conditions: list[Condition] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)  # Dutch B1 sentences: why this amount
    traces: list[TableTrace] = field(default_factory=list)
    parameters: dict = field(default_factory=dict)

    #: False on the outcomes of a scheme copy made by `Scheme.without_explanations` (its table
    #: evaluations set it): then `settle_conditions` sets `open` without writing the conditions.
    explained: ClassVar[bool] = True

    def settle_conditions(self, texts: dict, failed: set, unknown: dict, unknown_texts: dict, relevant=None) -> bool:
        """Record every condition as met, failed or still to be asked, and set `open`.

        `texts` maps a condition code to (text when met, text when failed); `failed` holds the codes a
        conditions table reported; `unknown` says per code whether a needed fact is missing;
        `relevant` (optional) hides conditions that do not apply here unless they failed.
        Returns False when the scheme is closed, so the caller can stop. `open` depends on `failed`
        and `unknown` only, so an outcome that is not `explained` gets the same `open`.
        """
        if self.explained:
            append, new = self.conditions.append, tuple.__new__  # a NamedTuple's own __new__, without its frame
            for code, (met_text, failed_text) in texts.items():
                if code in failed:
                    append(new(Condition, (failed_text, False)))
                elif relevant is not None and not relevant.get(code, True):
                    continue
                elif unknown.get(code):
                    append(new(Condition, (unknown_texts[code], None)))
                else:
                    append(new(Condition, (met_text, True)))
        if failed:
            self.open = False
            return False
        self.open = None if any(unknown.values()) else True
        return True

    @property
    def rule_versions(self) -> dict[str, str]:
        return {trace.table_id: trace.version for trace in self.traces}

    def as_dict(self) -> dict:
        from .tables import to_jsonable

        return {
            "scheme": self.scheme,
            "open": self.open,
            "amount": None if self.amount is None else str(self.amount),
            "amount_max": None if self.amount_max is None else str(self.amount_max),
            "conditions": [{"text": c.text, "met": c.met} for c in self.conditions],
            "reasons": list(self.reasons),
            "traces": [trace.as_dict() for trace in self.traces],
            "parameters": to_jsonable(self.parameters),
        }


class Scheme(ABC):
    """Base class. Subclasses set the class attributes and implement `decide`."""

    code: str = ""
    name: str = ""
    short_description: str = ""  # B1, under 350 characters (algorithm register)
    goal: str = ""
    legal_basis: str = ""
    legal_basis_url: str = ""
    human_involvement: str = ""
    needs: tuple[str, ...] = ()  # what the applicant must provide or undergo
    effort: str = ""  # inspection, expert, or nothing
    closes_off: str = ""  # what choosing it closes off
    table_files: tuple[str, ...] = ()
    # What staff (or the applicant) must answer because the register cannot know it; see questions.py.
    questions: tuple[Question, ...] = ()
    parameters: ParameterSet = ParameterSet([])
    status: str = "in gebruik"  # algorithm register status

    def __init__(self):
        folder = Path(__file__).resolve().parent.parent / self.package_name()
        self.tables: dict[str, DecisionTable] = {}
        for filename in self.table_files:
            table = load_table(folder / filename)
            self.tables[table.table_id] = table

    @classmethod
    def package_name(cls) -> str:
        return cls.__module__.split(".")[-2]

    @property
    def is_switched_off(self) -> bool:
        """Undecided schemes (VHV, fixed nuisance payment) stay off until they are opened."""
        return any(p.status is Status.UNDECIDED for p in self.parameters)

    @abstractmethod
    def decide(self, facts, parameters: ParameterSet | None = None) -> Outcome:
        """Decide for these facts with these parameters (the scheme's own when None)."""

    #: False only on the copies `without_explanations` makes.
    explains: bool = True

    def without_explanations(self) -> "Scheme":
        """This scheme, deciding without the staff's explanation: for a policy simulation only.

        A shallow copy that shares this scheme's tables (the same compiled rules, not a second
        copy) and runs the scheme's own `decide`: the same `open`, `amount`, `amount_max` and the
        scheme's own extra fields. What it leaves out is the explanation: no table traces
        (`outcome.traces` and `rule_versions` stay empty), and where the scheme settles its
        conditions with `Outcome.settle_conditions`, no list of conditions. The reasons are still
        written by the scheme's own code. A simulation keeps only outcome and amount of millions
        of decisions; a decision that is stored, shown or explained comes from the scheme itself.
        """
        light = copy.copy(self)
        light.explains = False
        return light

    def evaluate(self, table_id: str, context: dict, outcome: Outcome) -> dict:
        """Run one of this scheme's tables, keeping its trace on the outcome (unless `without_explanations`)."""
        table = self.tables[table_id]
        if not self.explains:
            outcome.explained = False
            return table.outputs_only(context)
        outputs, trace = table.evaluate(context)
        outcome.traces.append(trace)
        return outputs
