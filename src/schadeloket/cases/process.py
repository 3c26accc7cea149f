"""Processes as data: states, transitions with guards, the role that may take them, term effects.

Each scheme declares its process in its own package (`schemes/<scheme>/process.py`, a `PROCESS`
built from the shapes in `processes.py`); `services.transition` is the one engine that performs a
transition. `diagram` renders a declaration as a Mermaid state diagram for the docs and the
algorithm register, so the picture never drifts from the code.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum


class TermEffect(StrEnum):
    """What a transition does to the legal decision term."""

    SUSPEND = "suspend"  # waiting for the applicant: the term stops running (opschorting)
    RESUME = "resume"  # the applicant answered: the term runs again
    EXTEND = "extend"  # the institute extends the term once, with notice (verdaging)
    STOP = "stop"  # decided: the term has been met (or not) and stops


@dataclass(frozen=True)
class Transition:
    name: str
    source: tuple[str, ...]
    target: str
    label: str  # Dutch, shown on the button
    roles: tuple[str, ...]  # role codes from accounts.roles that may take it
    term: TermEffect | None = None
    needs_reason: bool = False
    # A guard returns None when the transition is allowed, or a Dutch sentence saying why not.
    guard: Callable | None = None


@dataclass(frozen=True)
class Process:
    name: str
    states: dict[str, str]  # code → Dutch label
    initial: str
    final: frozenset[str]
    transitions: tuple[Transition, ...]
    term_days: int  # the decision term in calendar days
    term_source: str  # where that term comes from
    extension_days: int = 42  # Awb 4:14: one extension with notice; six weeks unless a rule says otherwise
    task_on_enter: dict[str, tuple[str, str]] = field(default_factory=dict)  # state → (task kind, role)

    def __post_init__(self):
        names = [t.name for t in self.transitions]
        if len(names) != len(set(names)):
            raise ValueError(f"Process {self.name}: transition names must be unique")
        for t in self.transitions:
            for state in (*t.source, t.target):
                if state not in self.states:
                    raise ValueError(f"Process {self.name}: transition {t.name} names unknown state {state}")
        if self.initial not in self.states or not self.final <= set(self.states):
            raise ValueError(f"Process {self.name}: initial and final states must be declared")

    def transition(self, name: str) -> Transition:
        for t in self.transitions:
            if t.name == name:
                return t
        raise KeyError(name)

    def available(self, state: str) -> list[Transition]:
        return [t for t in self.transitions if state in t.source]


def diagram(process: Process) -> str:
    """A Mermaid state diagram of the declaration."""
    lines = ["stateDiagram-v2", f"    [*] --> {process.initial}"]
    for code, label in process.states.items():
        lines.append(f"    {code} : {label}")
    for t in process.transitions:
        for source in t.source:
            lines.append(f"    {source} --> {t.target} : {t.label}")
    for code in sorted(process.final):
        lines.append(f"    {code} --> [*]")
    return "\n".join(lines)
