"""Compile a whole decision table into one Python function, once, at load time.

Why: evaluating cell by cell with `eval` costs about a microsecond per cell; a policy simulation
decides millions of times. The generated function computes every input once, tests the rows in
order with plain `if` statements and returns the inputs and the matched row indices; each row's
outputs are a function too. The semantics are those of `cells.cell_source` (SpiffWorkflow's), and
a test checks the compiled table row for row against SpiffWorkflow's own engine.

Names in input and output expressions are looked up in the context dict (`_ctx["name"]`); the
cells themselves hold only literals, so nothing else can run.
"""

import ast

from .cells import SAFE_GLOBALS, cell_source

_BUILTIN_NAMES = set(SAFE_GLOBALS) | set(SAFE_GLOBALS["__builtins__"])


class _ContextNames(ast.NodeTransformer):
    """`reference_date` → `_ctx["reference_date"]`, leaving the safe globals alone."""

    def visit_Name(self, node: ast.Name):
        if node.id in _BUILTIN_NAMES:
            return node
        return ast.copy_location(
            ast.Subscript(value=ast.Name("_ctx", ast.Load()), slice=ast.Constant(node.id), ctx=ast.Load()), node
        )


def expression_source(text: str) -> str:
    """An input or output expression with its names read from the context."""
    if not text or not text.strip():
        return "''"
    tree = ast.parse(text.strip(), mode="eval")
    if any(isinstance(node, ast.Lambda | ast.comprehension | ast.NamedExpr) for node in ast.walk(tree)):
        raise SyntaxError("lambdas, comprehensions and := are not allowed in a decision table")
    return ast.unparse(_ContextNames().visit(tree).body)


def compile_table(input_texts, row_cells, row_outputs, unique: bool, name: str):
    """Return (decide, output_functions).

    `decide(ctx)` → (input values tuple, matched row indices); `output_functions[i](ctx)` → the
    output values of row i as a tuple.
    """
    lines = ["def _decide(_ctx):"]
    for k, text in enumerate(input_texts):
        lines.append(f"    _i{k} = {expression_source(text)}")
    values = "(" + "".join(f"_i{k}, " for k in range(len(input_texts))) + ")"
    if not unique:
        lines.append("    _m = []")
    for index, cells in enumerate(row_cells):
        tests = [cell_source(text, f"_i{k}") for k, text in enumerate(cells)]
        condition = " and ".join(f"({t})" for t in tests if t is not None) or "True"
        lines.append(f"    if {condition}:")
        lines.append(f"        return {values}, [{index}]" if unique else f"        _m.append({index})")
    lines.append(f"    return {values}, []" if unique else f"    return {values}, _m")
    for index, outputs in enumerate(row_outputs):
        body = "(" + "".join(f"{expression_source(text)}, " for text in outputs) + ")"
        lines.append(f"def _out{index}(_ctx):")
        lines.append(f"    return {body}")
    namespace = dict(SAFE_GLOBALS)
    exec(compile("\n".join(lines), f"<decision table {name}>", "exec"), namespace)  # noqa: S102 - our own generated code
    return namespace["_decide"], tuple(namespace[f"_out{i}"] for i in range(len(row_outputs)))
