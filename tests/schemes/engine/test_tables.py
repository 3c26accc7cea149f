"""The rule engine: tables load with their checks, decide like SpiffWorkflow's own engine, and trace."""

import datetime as dt
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine
from SpiffWorkflow.dmn.engine.DMNEngine import DMNEngine
from SpiffWorkflow.dmn.parser.BpmnDmnParser import BpmnDmnParser

from schadeloket.schemes.engine.cells import SAFE_GLOBALS
from schadeloket.schemes.engine.tables import MissingInputError, TableError, load_table

HEADER = """<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="defs" name="test" namespace="https://schadeloket.example/dmn">
  <decision id="amount" name="Bedrag">
    <description>Testtabel.</description>
    <decisionTable id="amount_table" hitPolicy="{policy}">
      <input id="in_pgv" label="Grondsnelheid">
        <inputExpression id="ie_pgv" typeRef="number"><text>pgv</text></inputExpression>
      </input>
      <input id="in_kind" label="Soort">
        <inputExpression id="ie_kind" typeRef="string"><text>kind</text></inputExpression>
      </input>
      <output id="out_amount" label="Bedrag" name="amount" typeRef="number"/>
"""
FOOTER = """    </decisionTable>
  </decision>
</definitions>
"""


def rule(n, pgv, kind, amount, annotation="Regeling, art. 1 | https://wetten.example/1"):
    note = f"<annotationEntry><text>{annotation}</text></annotationEntry>" if annotation else ""
    return (
        f'<rule id="r{n}"><inputEntry id="r{n}a"><text>{pgv}</text></inputEntry>'
        f'<inputEntry id="r{n}b"><text>{kind}</text></inputEntry>'
        f'<outputEntry id="r{n}o"><text>{amount}</text></outputEntry>{note}</rule>\n'
    )


def write_table(tmp_path: Path, rules: list[str], policy="UNIQUE", name="table.dmn") -> Path:
    path = tmp_path / name
    path.write_text(HEADER.format(policy=policy) + "".join(rules) + FOOTER, encoding="utf-8")
    return path


GOOD_RULES = [
    rule(1, "&lt; 2", "-", "0"),
    rule(2, "2 &lt;= ? &lt; 5", '"home"', "1000"),
    rule(3, "2 &lt;= ? &lt; 5", '? in ("shed", "fence")', "500"),
    rule(4, "&gt;= 5", '"home"', "pgv * 300"),
    rule(5, "&gt;= 5", '? != "home"', "1500"),
]


def test_a_table_decides_and_traces_row_and_legal_basis(tmp_path):
    table = load_table(write_table(tmp_path, GOOD_RULES))
    outputs, trace = table.evaluate({"pgv": 3.0, "kind": "shed"})
    assert outputs == {"amount": 500}
    assert [m.number for m in trace.matched_rows] == [3]
    assert trace.matched_rows[0].legal_basis.text == "Regeling, art. 1"
    assert trace.matched_rows[0].legal_basis.url == "https://wetten.example/1"
    assert trace.inputs == {"Grondsnelheid": 3.0, "Soort": "shed"}
    assert len(trace.version) == 64
    assert trace.as_dict()["matched_rows"][0]["row"] == 3


def test_outputs_may_compute_from_inputs(tmp_path):
    table = load_table(write_table(tmp_path, GOOD_RULES))
    assert table.evaluate({"pgv": 6, "kind": "home"})[0] == {"amount": 1800}


def test_membership_cells_work_without_question_mark(tmp_path):
    """SpiffWorkflow 3.2.0 glues `kind` and `in (...)` into `kindin (...)`; we put a space between."""
    rules = [rule(1, "-", 'in ("shed", "fence")', "1"), rule(2, "-", 'not in ("shed", "fence")', "2")]
    table = load_table(write_table(tmp_path, rules))
    assert table.evaluate({"pgv": 1, "kind": "fence"})[0] == {"amount": 1}
    assert table.evaluate({"pgv": 1, "kind": "home"})[0] == {"amount": 2}


def test_no_matching_row_gives_no_outputs(tmp_path):
    table = load_table(write_table(tmp_path, GOOD_RULES[1:2]))
    outputs, trace = table.evaluate({"pgv": 1.0, "kind": "home"})
    assert outputs == {} and trace.matched_rows == ()


def test_missing_input_decides_nothing(tmp_path):
    table = load_table(write_table(tmp_path, GOOD_RULES))
    with pytest.raises(MissingInputError) as error:
        table.evaluate({"pgv": 3.0})
    assert error.value.names == ["kind"]


def test_version_is_the_content_hash(tmp_path):
    first = load_table(write_table(tmp_path, GOOD_RULES, name="a.dmn"))
    same = load_table(write_table(tmp_path, GOOD_RULES, name="b.dmn"))
    changed = load_table(write_table(tmp_path, GOOD_RULES[:-1], name="c.dmn"))
    assert first.version == same.version != changed.version


@pytest.mark.parametrize(
    ("rules", "message"),
    [
        ([rule(1, "&lt; 2", "-", "0"), rule(2, "&lt;= 2", '"home"', "1")], "rows 1 and 2 of a UNIQUE table"),
        ([rule(1, "-", 'in ("a", "b")', "0"), rule(2, "-", '"b"', "1")], "rows 1 and 2"),
        ([rule(1, "-", 'not in ("a",)', "0"), rule(2, "-", '"b"', "1")], "rows 1 and 2"),
        ([rule(1, "&gt;= 2", "-", "0"), rule(2, "-", "-", "1")], "rows 1 and 2"),
        ([rule(1, "&lt; 2", "-", "0"), rule(2, "&gt;&gt; 2", "-", "1")], "row 2, column 'Grondsnelheid'"),
        ([rule(1, "&lt; 2", "-", "0"), rule(2, "pgv + 1 &gt; 3", "-", "1")], "row 2, column 'Grondsnelheid'"),
        ([rule(1, "&lt; 2", "-", "0", annotation="")], "row 1: no legal basis"),
        ([rule(1, "&lt; 2", "-", "1 +")], "row 1: Malformed Output Expression '1 +'"),
    ],
)
def test_a_bad_table_fails_at_load_naming_file_and_row(tmp_path, rules, message):
    path = write_table(tmp_path, rules)
    with pytest.raises(TableError) as error:
        load_table(path)
    assert str(path) in str(error.value)
    assert message in str(error.value)


def test_touching_ranges_do_not_overlap(tmp_path):
    rules = [rule(1, "&lt; 2", "-", "0"), rule(2, "&gt;= 2", "-", "1")]
    assert load_table(write_table(tmp_path, rules)).evaluate({"pgv": 2, "kind": "x"})[0] == {"amount": 1}


def test_date_ranges_pick_the_rule_in_force(tmp_path):
    text = HEADER.replace('typeRef="number"><text>pgv', 'typeRef="date"><text>reference_date').format(policy="UNIQUE")
    rules = [
        rule(1, "&lt; date(2021, 11, 1)", "-", 'Decimal("0")'),
        rule(2, "date(2021, 11, 1) &lt;= ? &lt; date(2023, 1, 1)", "-", 'Decimal("5000")'),
        rule(3, "&gt;= date(2023, 1, 1)", "-", 'Decimal("10000")'),
    ]
    path = tmp_path / "dated.dmn"
    path.write_text(text + "".join(rules) + FOOTER, encoding="utf-8")
    table = load_table(path)
    assert table.evaluate({"reference_date": dt.date(2022, 5, 1), "kind": "home"})[0] == {"amount": Decimal("5000")}
    assert table.evaluate({"reference_date": dt.date(2023, 1, 1), "kind": "home"})[0] == {"amount": Decimal("10000")}


def test_not_dmn_13_is_refused(tmp_path):
    path = tmp_path / "old.dmn"
    path.write_text((HEADER.format(policy="UNIQUE") + FOOTER).replace("20191111", "20151101"), encoding="utf-8")
    with pytest.raises(TableError, match="DMN 1.3"):
        load_table(path)


def test_collect_gathers_every_matching_row(tmp_path):
    rules = [rule(1, "&gt;= 2", "-", "1"), rule(2, "&gt;= 3", "-", "2"), rule(3, "&gt;= 10", "-", "3")]
    table = load_table(write_table(tmp_path, rules, policy="COLLECT"))
    outputs, trace = table.evaluate({"pgv": 4, "kind": "home"})
    assert outputs == {"amount": [1, 2]}
    assert [m.number for m in trace.matched_rows] == [1, 2]


class _SpiffReference:
    """SpiffWorkflow's stock DMN engine on the same file: the behaviour our compiled tables must keep."""

    def __init__(self, path: Path):
        parser = BpmnDmnParser()
        parser.add_dmn_file(str(path))
        (dmn_parser,) = parser.dmn_parsers.values()
        dmn_parser.parse()
        self.engine = DMNEngine(dmn_parser.decision.decisionTables[0])
        environment_globals = {k: v for k, v in SAFE_GLOBALS.items() if k != "__builtins__"}
        from SpiffWorkflow.bpmn.script_engine.python_environment import TaskDataEnvironment

        self.script_engine = PythonScriptEngine(environment=TaskDataEnvironment(environment_globals))

    def matched_rows(self, data: dict) -> list[int]:
        task = SimpleNamespace(data=dict(data), workflow=SimpleNamespace(script_engine=self.script_engine))
        return [rule.row_number for rule in self.engine.decide(task)]


@settings(max_examples=300, deadline=None)
@given(
    pgv=st.floats(min_value=0, max_value=20, allow_nan=False),
    kind=st.sampled_from(["home", "shed", "fence", "farm_building", "garage"]),
)
def test_compiled_tables_match_spiffworkflow_row_for_row(tmp_path_factory, pgv, kind):
    path = write_table(tmp_path_factory.mktemp("dmn"), GOOD_RULES)
    ours = load_table(path)
    reference = _SpiffReference(path)
    _outputs, trace = ours.evaluate({"pgv": pgv, "kind": kind})
    assert [m.number for m in trace.matched_rows] == reference.matched_rows({"pgv": pgv, "kind": kind})
