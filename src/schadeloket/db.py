"""Database helpers shared by the apps: inserting many new model rows fast.

Why not `bulk_create` on PostgreSQL: Django 5.2 builds one huge INSERT whose values psycopg
quotes into the SQL text client-side (with JSON columns this costs about 0.4 ms a row); COPY
sends the values as data. Bulk decisions and the audit trail append thousands of rows per batch,
so they use `insert_new`. Other databases (SQLite) keep `bulk_create`.

What keeps the client side cheap (bulk decisions spend most of their Python time here):

- the real connection object, not the `django.db.connection` proxy: every attribute the fields
  read from the proxy (`connection.ops`, `connection.features`) is a thread-local look-up;
- a str, int, bool or UUID in one of Django's own plain fields is sent as it is: that
  is what the field's preparation returns for it on PostgreSQL (`_AS_IS`);
- otherwise each field's `get_db_prep_save` runs once per distinct value object: a batch repeats
  the same timestamp or (for a draft and its final decision) the same dict in every row, and
  preparing a value is a pure function of it;
- JSON is encoded once per distinct value, by the field's own encoder (what Django's `Jsonb`
  wrapper would do at write time), and sent as text that PostgreSQL parses as jsonb.
"""

import uuid

from django.db import DEFAULT_DB_ALIAS, connections, models
from django.db.models import F, Lookup, Q
from psycopg.types.json import Jsonb

#: Django's own field classes (exactly these, not subclasses) whose preparation for PostgreSQL gives
#: back a value of these exact types unchanged, or as a psycopg wrapper that COPY writes as the
#: same text: str for text, int for integers (and the ids of foreign keys to integer keys), bool,
#: uuid.UUID. Every other value (a Decimal too: the field refuses NaN and infinity), and every other
#: field class, goes through the field.
_AS_IS = {
    models.CharField: (str,),
    models.TextField: (str,),
    models.IntegerField: (int,),
    models.BigIntegerField: (int,),
    models.PositiveIntegerField: (int,),
    models.PositiveBigIntegerField: (int,),
    models.PositiveSmallIntegerField: (int,),
    models.SmallIntegerField: (int,),
    models.BooleanField: (bool,),
    models.UUIDField: (uuid.UUID,),
}
_INTEGER_KEYS = (models.AutoField, models.BigAutoField, models.SmallAutoField)


def _as_is_types(field) -> tuple:
    if type(field) is models.ForeignKey:
        return (int,) if type(field.target_field) in _INTEGER_KEYS else ()
    return _AS_IS.get(type(field), ())


def _preparer(field, conn):
    """`value -> database value` for one column, memoised per value object within one call.

    The cache holds the value itself next to its result, so an id cannot be reused while the
    entry lives (the cache dies with the call).
    """
    prepare = field.get_db_prep_save
    as_is = frozenset(_as_is_types(field))
    cache: dict[int, tuple] = {}

    def prepared(value):
        if type(value) in as_is:
            return value
        hit = cache.get(id(value))
        if hit is not None and hit[0] is value:
            return hit[1]
        result = prepare(value, conn)
        if isinstance(result, Jsonb):
            result = result.dumps(result.obj)  # the text psycopg would send; the same for every row
        cache[id(value)] = (value, result)
        return result

    return prepared


def insert_new(model, rows: list) -> None:
    """Insert unsaved instances of a plain model and give them their ids (from the table's sequence)."""
    if not rows:
        return
    conn = connections[DEFAULT_DB_ALIAS]
    if conn.vendor != "postgresql":
        model.objects.bulk_create(rows, batch_size=1000)
        return
    meta = model._meta
    quote = conn.ops.quote_name
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    columns = [(f.attname, _preparer(f, conn)) for f in fields]
    with conn.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [meta.db_table, meta.pk.column, len(rows)],
        )
        pk_name = meta.pk.attname
        for row, (pk,) in zip(rows, cursor.fetchall(), strict=True):
            setattr(row, pk_name, pk)
        names = ", ".join(quote(f.column) for f in [meta.pk, *fields])
        with cursor.connection.cursor().copy(f"COPY {quote(meta.db_table)} ({names}) FROM STDIN") as copy:  # noqa: S608
            write = copy.write_row
            for row in rows:
                values = row.__dict__
                write([values[pk_name], *(prepare(values[attname]) for attname, prepare in columns)])
    for row in rows:
        row._state.adding, row._state.db = False, DEFAULT_DB_ALIAS


class _AnyOf(Lookup):
    """`column = ANY(%s)` with the values as one array parameter (PostgreSQL); used via `any_of`."""

    lookup_name = "any_of"  # never registered: made directly by any_of
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs_sql, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs_sql} = ANY(%s)", (*lhs_params, list(self.rhs))


def any_of(field: str, values):
    """A filter `field IN values` for long lists of ids or keys (bulk work): on PostgreSQL
    `field = ANY(array)`, one parameter instead of one per value, which Django and psycopg
    otherwise prepare and quote one by one (about 4 µs a value); `field__in` elsewhere."""
    values = list(values)
    if connections[DEFAULT_DB_ALIAS].vendor == "postgresql":
        return _AnyOf(F(field), values)
    return Q(**{f"{field}__in": values})
