"""Fast bulk writing of generated rows: COPY on PostgreSQL, batched executemany elsewhere (SQLite).

Why: the ORM's bulk_create builds a model instance per row, which is too slow and too hungry for
a million payments. The demo assigns primary keys itself (from the current maximum on), so rows of
different tables can refer to each other without reading ids back; afterwards the PostgreSQL
sequences are moved past the new ids. SQLite's AUTOINCREMENT follows explicit ids by itself.
"""

from collections.abc import Iterable

from django.core.management.color import no_style
from django.db import connection
from django.db.models import Max

_BATCH = 5000


def next_id(model) -> int:
    """The first free primary key of a table (ids the demo can take)."""
    return (model.objects.aggregate(m=Max("pk"))["m"] or 0) + 1


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def write_rows(model, columns: list[str], rows: Iterable[tuple]) -> int:
    """Insert `rows` (tuples in `columns` order) into the model's table; returns the row count."""
    table = connection.ops.quote_name(model._meta.db_table)
    quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
    written = 0
    with connection.cursor() as cursor:
        if is_postgresql():
            with cursor.cursor.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:  # noqa: S608 (names from models)
                for row in rows:
                    copy.write_row(row)
                    written += 1
            return written
        sql = f"INSERT INTO {table} ({quoted}) VALUES ({', '.join(['%s'] * len(columns))})"  # noqa: S608
        batch: list[tuple] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= _BATCH:
                cursor.executemany(sql, batch)
                written += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            written += len(batch)
    return written


def reset_sequences(models: list) -> None:
    """Move PostgreSQL id sequences past the ids the demo assigned."""
    statements = connection.ops.sequence_reset_sql(no_style(), models)
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


# --- Columns: the case histories (millions of narrow rows) ---------------------------------------

_COPY_NULL = "\\N"
_COPY_SPECIAL = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _text_cell(value) -> str:
    """A value as PostgreSQL's COPY text format writes it (slow path, only for odd values)."""
    if value is None:
        return _COPY_NULL
    if isinstance(value, bool):
        return "t" if value else "f"
    return str(value).translate(_COPY_SPECIAL)


def _as_list(column, postgres: bool) -> list:
    """A column (list, or numpy array of ints/bools) as Python values for the backend."""
    if hasattr(column, "dtype"):
        if column.dtype == bool:
            return ["t" if v else "f" for v in column.tolist()] if postgres else [int(v) for v in column.tolist()]
        values = column.tolist()
        return list(map(str, values)) if postgres and column.dtype.kind in "iu" else values
    return column


def _slice(values, start: int, stop: int):
    return values(start, stop) if callable(values) else values[start:stop]


def _copy_text(columns: list[list]) -> str:
    """One COPY text block. Values are checked, not escaped, on the fast path: the demo's own strings
    have no tab, newline or backslash; if one does, the block is escaped value by value."""
    rows = len(columns[0])
    nulls = 0
    cells = []
    for column in columns:
        if None in column:
            nulls += column.count(None)
            column = [_COPY_NULL if v is None else v for v in column]
        if column and not isinstance(column[0], str):
            column = [_text_cell(v) for v in column]
        cells.append(column)
    text = "\n".join(map("\t".join, zip(*cells, strict=True))) + "\n"
    if text.count("\t") == rows * (len(columns) - 1) and text.count("\n") == rows and text.count("\\") == nulls:
        return text
    return "".join("\t".join(_text_cell(v) for v in row) + "\n" for row in zip(*columns, strict=True))


def model_defaults(model, given: list[str]) -> dict[str, object]:
    """Database values for the concrete columns not in `given`: each field's default.

    Why: other apps add fields to these models (with a default); the demo keeps writing without
    knowing them. A column without a default and not given is an error the caller must fix.
    """
    extra = {}
    for field in model._meta.concrete_fields:
        if field.column in given:
            continue
        value = field.get_default()  # "" for a text field without a default, None for a nullable one
        if value is None and not field.null:
            raise ValueError(f"{model.__name__}.{field.name} heeft geen standaardwaarde; de demo moet hem vullen.")
        prepared = field.get_db_prep_save(value, connection) if value is not None else None
        if hasattr(prepared, "dumps") and hasattr(prepared, "obj"):  # psycopg's Jsonb: send the text
            prepared = prepared.dumps(prepared.obj)
        extra[field.column] = prepared
    return extra


def write_columns(model, columns: dict[str, object], rows: int, chunk: int = 200_000) -> int:
    """Insert `rows` rows given column-wise: {column name: list, numpy array, or a function
    `(start, stop) -> list or array` that makes that slice of the column}.

    Fast for millions of rows: on PostgreSQL one COPY in text format, built per chunk with C-level
    joins (about ten times faster than write_row with the table's indexes in place); elsewhere
    executemany. A function column is made one chunk at a time, so a ten-million-row table never
    exists as Python objects all at once. Columns the caller does not give get the model field's
    default (`model_defaults`).
    """
    postgres = is_postgresql()
    names = list(columns)
    total = rows
    extra = model_defaults(model, names)
    names += list(extra)
    table = connection.ops.quote_name(model._meta.db_table)
    quoted = ", ".join(connection.ops.quote_name(c) for c in names)
    with connection.cursor() as cursor:
        if postgres:
            with cursor.cursor.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:  # noqa: S608 (names from models)
                for start in range(0, total, chunk):
                    stop = min(start + chunk, total)
                    part = [_as_list(_slice(values, start, stop), True) for values in columns.values()]
                    part += [[value] * (stop - start) for value in extra.values()]
                    copy.write(_copy_text(part))
            return total
        sql = f"INSERT INTO {table} ({quoted}) VALUES ({', '.join(['%s'] * len(names))})"  # noqa: S608
        for start in range(0, total, _BATCH):
            stop = min(start + _BATCH, total)
            part = [_as_list(_slice(values, start, stop), False) for values in columns.values()]
            part += [[value] * (stop - start) for value in extra.values()]
            cursor.executemany(sql, list(zip(*part, strict=True)))
    return total


class bulk_load:  # noqa: N801 (used as a context manager, like transaction.atomic)
    """PostgreSQL: load into these tables without their secondary indexes, unique constraints and
    foreign keys, then rebuild them, inside the caller's transaction.

    Why: COPY into a table with its indexes in place updates every index row by row (random
    UUIDs in a unique index touch a different page for nearly every row), and each foreign key
    queues a check per row until the commit; building an index from the whole table and checking
    a foreign key with one join is several times faster (the PostgreSQL manual's advice for
    populating a database). The definitions come from the database itself (`pg_indexes`,
    `pg_get_constraintdef`), so the tables come back exactly as the migrations made them; a
    failure rolls everything back with the transaction. Primary keys stay, and so does a unique
    constraint a foreign key depends on, and partial indexes (small, and their predicate would not
    come back written the same). Other databases: nothing changes.
    """

    def __init__(self, models: list, enabled: bool = True):
        self.tables = [model._meta.db_table for model in models]
        self.enabled = enabled and is_postgresql()
        self.indexes: list[tuple[str, str]] = []
        self.uniques: list[tuple[str, str, str]] = []
        self.foreign_keys: list[tuple[str, str, str]] = []

    def __enter__(self):
        if not self.enabled:
            return self
        with connection.cursor() as cursor:
            # Plain indexes: not a constraint's, and not partial (a partial index's predicate can come
            # back from its definition text as a differently written, equivalent expression).
            cursor.execute(
                "SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i "
                "JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid "
                "WHERE t.relname = ANY(%s) AND t.relnamespace = current_schema()::regnamespace "
                "AND i.indpred IS NULL AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)",
                [self.tables],
            )
            self.indexes = cursor.fetchall()
            cursor.execute(
                "SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid) FROM pg_constraint c "
                "WHERE c.contype = 'u' AND c.conrelid::regclass::text = ANY(%s) AND NOT EXISTS "
                "(SELECT 1 FROM pg_constraint f WHERE f.contype = 'f' AND f.conindid = c.conindid)",
                [self.tables],
            )
            self.uniques = cursor.fetchall()
            cursor.execute(
                "SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid) FROM pg_constraint c "
                "WHERE c.contype = 'f' AND c.conrelid::regclass::text = ANY(%s)",
                [self.tables],
            )
            self.foreign_keys = cursor.fetchall()
            # Dropping (and later adding) a foreign key alters the referenced table too, which
            # PostgreSQL refuses while that table has deferred checks queued (rows this transaction
            # wrote before): run those checks now.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for table, name, _definition in self.foreign_keys + self.uniques:
                cursor.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
            for name, _definition in self.indexes:
                cursor.execute(f'DROP INDEX "{name}"')
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        return self

    def __exit__(self, exc_type, exc, tb):
        if not self.enabled or exc_type is not None:
            return False  # an error: the transaction rolls the drops back
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # (nothing is queued: the keys were gone)
            cursor.execute("SET LOCAL maintenance_work_mem = '1GB'")
            for table, name, definition in self.uniques:
                cursor.execute(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}')
            for _name, definition in self.indexes:
                cursor.execute(definition)
            for table, name, definition in self.foreign_keys:
                cursor.execute(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}')
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # back to Django's INITIALLY DEFERRED
        return False
