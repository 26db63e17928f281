"""On PostgreSQL, each product's folded words as a stored text-search vector, with a GIN index: the column
``catalogue_product.search_words``, which the search filters on (catalog/selectors.py ``_has_word``).

``to_tsvector('simple', search_text)``: each folded word a lexeme as it is, with no stemming nor stop words.
PostgreSQL computes it from ``search_text`` on every write (a generated column), so no code keeps it. Stored
rather than an index on the expression: a row the index finds is checked again against its vector, which
computed from the text each time cost 50 ms for the 10,000 products of a district at 100,000.

Django's model does not declare the column: SQLite has no such type, and the search names it only on
PostgreSQL. Migration 0041 adds it; so does ``post_migrate`` for a schema built from the models rather than
the migrations (the test suite's ``--nomigrations``). Both run the same idempotent statements.
"""

COLUMN = "search_words"
INDEX = "catalogue_product_search_words"


def ensure(connection) -> None:
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            f"ALTER TABLE catalogue_product ADD COLUMN IF NOT EXISTS {COLUMN} tsvector "
            "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, search_text)) STORED"
        )
        cursor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON catalogue_product USING gin ({COLUMN})")


def drop(connection) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ALTER TABLE catalogue_product DROP COLUMN IF EXISTS {COLUMN}")  # and its index


def ensure_after_migrate(sender, using, **kwargs) -> None:
    from django.db import connections

    ensure(connections[using])
