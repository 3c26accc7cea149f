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
