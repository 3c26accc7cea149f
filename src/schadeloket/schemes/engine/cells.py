"""Decision-table cells: compile once, and understand them well enough to prove rows don't overlap.

Cells are Python expressions, as in SpiffWorkflow's DMN engine, kept to simple comparisons:

- `-` or empty: any value;
- a literal (`"home"`, `5`, `True`, `date(2021, 11, 1)`): equal to it;
- an operator and a literal (`>= 2`, `< date(2021, 11, 1)`, `in ("NAM", "CVW")`, `not in (...)`);
- a range with `?` for the input (`2 <= ? < 5`).

`parse_cell` turns a cell into a `Constraint` (an interval or a value set) for the overlap check
at load time; `cell_source` gives the Python test with exactly SpiffWorkflow's semantics (equality
is added when the cell is a bare value, `?` stands for the input), which `compiler.py` puts into
one function per table, evaluated with `SAFE_GLOBALS`.
"""

import ast
import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

INPUT_NAME = "dmninputexpr"  # the name SpiffWorkflow gives the input inside a `?` cell
_QUESTION_MARK = re.compile(r"(\?)(?=(?:[^'\"]|['\"][^'\"]*['\"])*$)")  # outside quotes, as SpiffWorkflow

SAFE_GLOBALS = {
    "__builtins__": {"True": True, "False": False, "None": None, "len": len, "min": min, "max": max, "abs": abs},
    "date": dt.date,
    "Decimal": Decimal,
}


class CellError(ValueError):
    """A cell that is not a simple comparison this engine can check and evaluate."""


@dataclass(frozen=True)
class Interval:
    low: object = None
    low_inclusive: bool = False
    high: object = None
    high_inclusive: bool = False

    def contains(self, value) -> bool:
        if self.low is not None and (value < self.low or (value == self.low and not self.low_inclusive)):
            return False
        if self.high is not None and (value > self.high or (value == self.high and not self.high_inclusive)):
            return False
        return True


@dataclass(frozen=True)
class ValueSet:
    values: frozenset
    negated: bool = False


ANY = Interval()


def _literal(node: ast.AST):
    """The value of a literal node: constants, negative numbers, tuples/lists/sets, date(...), Decimal("...")."""
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub) and isinstance(node.operand, ast.Constant):
        return -node.operand.value
    if isinstance(node, ast.Tuple | ast.List | ast.Set):
        return tuple(_literal(element) for element in node.elts)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and not node.keywords:
        args = [_literal(arg) for arg in node.args]
        if node.func.id == "date":
            return dt.date(*args)
        if node.func.id == "Decimal" and len(args) == 1:
            return Decimal(str(args[0]))
    raise CellError(f"'{ast.unparse(node)}' is not a literal value")


def _is_input(node: ast.AST) -> bool:
    return isinstance(node, ast.Name) and node.id == INPUT_NAME


_FLIP = {ast.Lt: ast.Gt, ast.LtE: ast.GtE, ast.Gt: ast.Lt, ast.GtE: ast.LtE, ast.Eq: ast.Eq, ast.NotEq: ast.NotEq}


def _constraint(op: ast.cmpop, value) -> Interval | ValueSet:
    if isinstance(op, ast.Eq):
        return ValueSet(frozenset([value]))
    if isinstance(op, ast.NotEq):
        return ValueSet(frozenset([value]), negated=True)
    if isinstance(op, ast.In | ast.NotIn):
        if not isinstance(value, tuple):
            raise CellError('\'in\' needs a list of values, such as in ("NAM", "CVW")')
        return ValueSet(frozenset(value), negated=isinstance(op, ast.NotIn))
    if isinstance(op, ast.Lt):
        return Interval(high=value)
    if isinstance(op, ast.LtE):
        return Interval(high=value, high_inclusive=True)
    if isinstance(op, ast.Gt):
        return Interval(low=value)
    if isinstance(op, ast.GtE):
        return Interval(low=value, low_inclusive=True)
    raise CellError(f"operator {type(op).__name__} is not supported")


def _intersect_intervals(a: Interval, b: Interval) -> Interval:
    low, low_inc = a.low, a.low_inclusive
    if b.low is not None and (low is None or b.low > low or (b.low == low and not b.low_inclusive)):
        low, low_inc = b.low, b.low_inclusive
    high, high_inc = a.high, a.high_inclusive
    if b.high is not None and (high is None or b.high < high or (b.high == high and not b.high_inclusive)):
        high, high_inc = b.high, b.high_inclusive
    return Interval(low, low_inc, high, high_inc)


def parse_cell(text: str | None) -> Interval | ValueSet:
    """The set of input values a cell accepts, or CellError when the cell is not simple enough."""
    if text is None or text.strip() in ("", "-"):
        return ANY
    source = _QUESTION_MARK.sub(INPUT_NAME, text.strip())
    try:
        if INPUT_NAME in source:
            tree = ast.parse(source, mode="eval").body
        else:
            try:
                tree = ast.parse(source, mode="eval").body
                return ValueSet(frozenset([_literal(tree)]))
            except SyntaxError:
                tree = ast.parse(f"{INPUT_NAME} {source}", mode="eval").body
    except SyntaxError as error:
        raise CellError(f"'{text}' is not a valid expression ({error.msg})") from None
    if not isinstance(tree, ast.Compare):
        raise CellError(f"'{text}' is not a comparison")
    operands = [tree.left, *tree.comparators]
    result: Interval | ValueSet | None = None
    for left, op, right in zip(operands, tree.ops, operands[1:], strict=False):
        if _is_input(left) and not _is_input(right):
            part = _constraint(op, _literal(right))
        elif _is_input(right) and not _is_input(left) and type(op) in _FLIP:
            part = _constraint(_FLIP[type(op)](), _literal(left))
        else:
            raise CellError(f"'{text}': every comparison must have the input on one side and a value on the other")
        if result is None:
            result = part
        elif isinstance(result, Interval) and isinstance(part, Interval):
            result = _intersect_intervals(result, part)
        else:
            raise CellError(f"'{text}': combine only ranges, such as 2 <= ? < 5")
    return result


def constraints_overlap(a: Interval | ValueSet, b: Interval | ValueSet) -> bool:
    """Whether some input value satisfies both constraints (continuous domains assumed)."""
    try:
        if isinstance(a, Interval) and isinstance(b, Interval):
            both = _intersect_intervals(a, b)
            if both.low is None or both.high is None:
                return True
            return both.low < both.high or (both.low == both.high and both.low_inclusive and both.high_inclusive)
        if isinstance(a, ValueSet) and isinstance(b, ValueSet):
            if not a.negated and not b.negated:
                return bool(a.values & b.values)
            if a.negated and b.negated:
                return True
            positive, negative = (a, b) if not a.negated else (b, a)
            return bool(positive.values - negative.values)
        interval, values = (a, b) if isinstance(a, Interval) else (b, a)
        if values.negated:
            point = interval.low is not None and interval.low == interval.high
            return not (point and interval.low in values.values)
        return any(interval.contains(value) for value in values.values)
    except TypeError as error:
        raise CellError(f"values of different types in one column ({error})") from None


def cell_source(text: str | None, variable: str = INPUT_NAME) -> str | None:
    """Python source computing whether the input (named `variable`) matches; None for 'any'.

    The same rules as SpiffWorkflow's DMNEngine.evaluate: `?` means the input; a bare value
    gets `==`; otherwise the cell is appended to the input (`input >= 2`). SpiffWorkflow glues
    input and cell without a space (`kindin (...)` fails there); we put one between.
    """
    if text is None or text.strip() in ("", "-"):
        return None
    source = _QUESTION_MARK.sub(INPUT_NAME, text.strip())
    if INPUT_NAME not in source:
        try:
            ast.parse(source, mode="eval")
            source = f"({INPUT_NAME}) == ({source})"
        except SyntaxError:
            source = f"{INPUT_NAME} {source}"
    try:
        tree = ast.parse(source, mode="eval")
    except SyntaxError as error:
        raise CellError(f"'{text}' is not a valid expression ({error.msg})") from None
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id == INPUT_NAME:
            node.id = variable
    return ast.unparse(tree.body)
