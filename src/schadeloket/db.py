"""Database helpers shared by the apps: inserting many new model rows fast.

Why not `bulk_create` on PostgreSQL: Django 5.2 builds one huge INSERT whose values psycopg
quotes into the SQL text client-side (with JSON columns this costs about 0.4 ms a row); COPY
sends the values as data. Bulk decisions and the audit trail append thousands of rows per batch,
so they use `insert_new`. Other databases (SQLite) keep `bulk_create`.
"""

from django.db import connection


def insert_new(model, rows: list) -> None:
    """Insert unsaved instances of a plain model and give them their ids (from the table's sequence)."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_create(rows, batch_size=1000)
        return
    meta = model._meta
    quote = connection.ops.quote_name
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [meta.db_table, meta.pk.column, len(rows)],
        )
        for row, (pk,) in zip(rows, cursor.fetchall(), strict=True):
            setattr(row, meta.pk.attname, pk)
        columns = ", ".join(quote(f.column) for f in [meta.pk, *fields])
        with cursor.connection.cursor().copy(f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN") as copy:  # noqa: S608
            for row in rows:
                copy.write_row([row.pk, *(f.get_db_prep_save(getattr(row, f.attname), connection) for f in fields)])
    for row in rows:
        row._state.adding, row._state.db = False, connection.alias
