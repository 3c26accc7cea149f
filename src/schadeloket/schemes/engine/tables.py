"""Loading, checking and evaluating one DMN 1.3 decision table.

Why not call SpiffWorkflow's DMNEngine directly: stock, it re-parses and re-evaluates every cell
on every call (about 20 µs a row) and treats UNIQUE as first-match without checking. So we let
SpiffWorkflow's parser read the file (schema-validated), compile the whole table once into one
Python function with the same semantics (`cells.cell_source`, `compiler.compile_table`), prove
at load time that the rows of a UNIQUE table cannot overlap, and evaluate with a trace. A test
runs both engines side by side on the same inputs.

Every row must carry its legal basis in its DMN annotation: `regulation, article | link`.
"""

import ast
import datetime as dt
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from lxml import etree
from SpiffWorkflow.bpmn.parser.BpmnParser import BpmnValidator
from SpiffWorkflow.bpmn.parser.ValidationException import ValidationException
from SpiffWorkflow.dmn.parser.BpmnDmnParser import BpmnDmnParser

from .cells import SAFE_GLOBALS, CellError, cell_source, constraints_overlap, parse_cell
from .compiler import compile_table, expression_source

DMN13_NS = "https://www.omg.org/spec/DMN/20191111/MODEL/"


class TableError(ValueError):
    """A decision table that cannot be used; the message names the file and the row."""


class MissingInputError(KeyError):
    """Evaluation asked for an input the caller did not give: nothing is decided."""

    def __init__(self, table: str, names: list[str]):
        self.table, self.names = table, names
        super().__init__(f"{table}: missing input {', '.join(names)}")


@dataclass(frozen=True)
class LegalBasis:
    text: str
    url: str = ""

    @classmethod
    def parse(cls, annotation: str) -> "LegalBasis":
        text, _sep, url = (annotation or "").partition("|")
        return cls(text.strip(), url.strip())


@dataclass(frozen=True)
class Column:
    name: str
    label: str
    text: str
    type_ref: str


@dataclass(frozen=True)
class Row:
    number: int
    rule_id: str
    input_texts: tuple[str, ...]
    output_texts: tuple[str, ...]
    legal_basis: LegalBasis


@dataclass(frozen=True)
class RowMatch:
    number: int
    rule_id: str
    legal_basis: LegalBasis


@dataclass(frozen=True)
class TableTrace:
    """What decided: which table (and version), on what inputs, which rows, with what result."""

    table_id: str
    table_name: str
    file: str
    version: str
    inputs: dict
    matched_rows: tuple[RowMatch, ...]
    outputs: dict

    def as_dict(self) -> dict:
        return {
            "table_id": self.table_id,
            "table_name": self.table_name,
            "file": self.file,
            "version": self.version,
            "inputs": to_jsonable(self.inputs),
            "matched_rows": [
                {"row": m.number, "rule_id": m.rule_id, "legal_basis": m.legal_basis.text, "link": m.legal_basis.url}
                for m in self.matched_rows
            ],
            "outputs": to_jsonable(self.outputs),
        }


_AS_IS = frozenset({str, int, float, bool, type(None)})


def to_jsonable(value):
    kind = type(value)  # the common exact types first: isinstance against an ABC is slow
    if kind in _AS_IS:
        return value
    if kind is dict:
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if kind is Decimal:
        return str(value)
    if kind is dt.date or kind is dt.datetime:
        return value.isoformat()
    if kind is list or kind is tuple:
        return [to_jsonable(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_jsonable(v) for v in value]
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


@dataclass
class DecisionTable:
    path: Path
    table_id: str
    name: str
    description: str
    hit_policy: str
    version: str
    inputs: tuple[Column, ...]
    outputs: tuple[Column, ...]
    rows: tuple[Row, ...]
    required_names: frozenset = frozenset()
    _decide: object = field(repr=False, default=None)
    _row_outputs: tuple = field(repr=False, default=())

    def __post_init__(self):
        # Computed once: evaluate() runs millions of times in a policy simulation.
        self._file_name = self.path.name
        self._output_names = tuple(column.name for column in self.outputs)
        self._input_labels = tuple(column.label for column in self.inputs)
        self._row_matches = tuple(RowMatch(r.number, r.rule_id, r.legal_basis) for r in self.rows)

    def _run(self, context: Mapping) -> tuple[tuple, list, dict]:
        """(input values, matched row indices, outputs): the compiled table, once."""
        try:
            values, indices = self._decide(context)
            if self.hit_policy == "COLLECT":
                outputs = {name: [] for name in self._output_names}
                for i in indices:
                    for name, value in zip(self._output_names, self._row_outputs[i](context), strict=True):
                        outputs[name].append(value)
            elif indices:
                outputs = dict(zip(self._output_names, self._row_outputs[indices[0]](context), strict=True))
            else:
                outputs = {}
        except KeyError:
            missing = sorted(self.required_names - context.keys())
            if missing:  # nothing is decided on partial input
                raise MissingInputError(self.name, missing) from None
            raise
        return values, indices, outputs

    def evaluate(self, context: Mapping) -> tuple[dict, TableTrace]:
        """Decide on `context`; returns the outputs and the trace. No match: empty outputs."""
        values, indices, outputs = self._run(context)
        trace = TableTrace(
            table_id=self.table_id,
            table_name=self.name,
            file=self._file_name,
            version=self.version,
            inputs=dict(zip(self._input_labels, values, strict=False)),  # the compiled tuple: one value per input
            matched_rows=tuple([self._row_matches[i] for i in indices]),
            outputs=outputs,
        )
        return outputs, trace

    def outputs_only(self, context: Mapping) -> dict:
        """The outputs alone, without a trace: the same compiled function and checks as `evaluate`.

        For a policy simulation, which needs only the outcome and the amount of millions of
        decisions (see `Scheme.without_traces`); a decision that is stored uses `evaluate`.
        """
        return self._run(context)[2]


def _free_names(code_text: str) -> set[str]:
    tree = ast.parse(code_text, mode="eval")
    return (
        {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
        - set(SAFE_GLOBALS)
        - set(SAFE_GLOBALS["__builtins__"])
    )


def _annotations(root) -> dict[str, str]:
    """rule id → annotation text (DMN 1.3 annotationEntry; SpiffWorkflow does not read these)."""
    result = {}
    for rule in root.iter(f"{{{DMN13_NS}}}rule"):
        texts = [t.text or "" for t in rule.findall(f"{{{DMN13_NS}}}annotationEntry/{{{DMN13_NS}}}text")]
        result[rule.get("id")] = " ".join(t.strip() for t in texts if t.strip())
    return result


def _where(root, path: Path, element_id: str) -> str:
    """`file, row N` for the rule that holds the element SpiffWorkflow complained about."""
    rules = list(root.iter(f"{{{DMN13_NS}}}rule"))
    for number, rule in enumerate(rules, start=1):
        if element_id and (rule.get("id") == element_id or rule.xpath(".//*[@id=$id]", id=element_id)):
            return f"{path}, row {number}"
    return str(path)


def load_table(path: Path) -> DecisionTable:
    """Parse, compile and check one DMN file. Raises TableError naming the file and row."""
    path = Path(path)
    content = path.read_bytes()
    try:
        root = etree.fromstring(content)
    except etree.XMLSyntaxError as error:
        raise TableError(f"{path}: is not valid XML ({error})") from None
    if root.nsmap.get(None) != DMN13_NS:
        raise TableError(f"{path}: is not a DMN 1.3 file (namespace {DMN13_NS} expected)")
    parser = BpmnDmnParser(validator=BpmnValidator())
    try:
        parser.add_dmn_xml(root, filename=str(path))
        (dmn_parser,) = parser.dmn_parsers.values()
        dmn_parser.parse()
    except ValidationException as error:
        raise TableError(f"{_where(root, path, error.id)}: {error}") from None
    decision = dmn_parser.decision
    spiff_table = decision.decisionTables[0]
    if spiff_table.hit_policy not in ("UNIQUE", "COLLECT"):
        raise TableError(f"{path}: hit policy {spiff_table.hit_policy} is not supported (UNIQUE or COLLECT)")
    annotations = _annotations(root)
    description_node = root.find(f"{{{DMN13_NS}}}decision/{{{DMN13_NS}}}description")

    inputs = []
    required = set()
    for column in spiff_table.inputs:
        if not column.expression:
            raise TableError(f"{path}: input column '{column.label}' has no expression")
        try:
            expression_source(column.expression)
            required |= _free_names(column.expression)
        except SyntaxError as error:
            raise TableError(f"{path}: input column '{column.label}': {error}") from None
        inputs.append(
            Column(column.expression.strip(), column.label or column.expression, column.expression, column.typeRef)
        )
    outputs = tuple(Column(o.name or o.label, o.label or o.name, "", o.typeRef) for o in spiff_table.outputs)

    rows = []
    constraints = []
    for rule in spiff_table.rules:
        where = f"{path}, row {rule.row_number}"
        if len(rule.inputEntries) != len(inputs) or len(rule.outputEntries) != len(outputs):
            raise TableError(f"{where}: the number of cells does not match the columns")
        annotation = annotations.get(rule.id, "")
        if not annotation:
            raise TableError(f"{where}: no legal basis in the annotation column")
        row_constraints = []
        for entry, column in zip(rule.inputEntries, inputs, strict=True):
            text = entry.lhs[0] if entry.lhs else None
            try:
                cell_source(text)
                row_constraints.append(parse_cell(text))
            except CellError as error:
                raise TableError(f"{where}, column '{column.label}': {error}") from None
        for entry, column in zip(rule.outputEntries, outputs, strict=True):
            try:
                expression_source(entry.text)
                required |= _free_names(entry.text) if entry.text and entry.text.strip() else set()
            except SyntaxError as error:
                raise TableError(f"{where}, column '{column.label}': {error}") from None
        rows.append(
            Row(
                number=rule.row_number,
                rule_id=rule.id,
                input_texts=tuple((e.lhs[0] if e.lhs else None) or "-" for e in rule.inputEntries),
                output_texts=tuple(e.text or "" for e in rule.outputEntries),
                legal_basis=LegalBasis.parse(annotation),
            )
        )
        constraints.append(row_constraints)

    if spiff_table.hit_policy == "UNIQUE":
        for i in range(len(rows)):
            for j in range(i + 1, len(rows)):
                try:
                    overlap = all(
                        constraints_overlap(a, b) for a, b in zip(constraints[i], constraints[j], strict=True)
                    )
                except CellError as error:
                    raise TableError(f"{path}, rows {rows[i].number} and {rows[j].number}: {error}") from None
                if overlap:
                    raise TableError(
                        f"{path}: rows {rows[i].number} and {rows[j].number} of a UNIQUE table can both match "
                        "the same input; make their conditions exclusive"
                    )

    try:
        decide, row_outputs = compile_table(
            [column.text for column in inputs],
            [row.input_texts for row in rows],
            [row.output_texts for row in rows],
            unique=spiff_table.hit_policy == "UNIQUE",
            name=f"{path.name}",
        )
    except (SyntaxError, CellError) as error:
        raise TableError(f"{path}: {error}") from None
    return DecisionTable(
        path=path,
        table_id=decision.id,
        name=decision.name or decision.id,
        description=(description_node.text or "").strip() if description_node is not None else "",
        hit_policy=spiff_table.hit_policy,
        version=hashlib.sha256(content).hexdigest(),
        inputs=tuple(inputs),
        outputs=outputs,
        rows=tuple(rows),
        required_names=frozenset(required),
        _decide=decide,
        _row_outputs=row_outputs,
    )
