"""The products the suggestions while typing offer (catalog/search_suggestions.py), found through
a small table of words (``SuggestionWord``): one row per distinct folded word of each product on
sale, with a copy of the product's folded texts and catalogue order.

The word being typed is looked up by its beginning on the ``word`` index (a range on SQLite, whose
LIKE ignores case and so cannot use the index; LIKE 'abc%' on PostgreSQL's pattern index); the
words typed before it, and a place named, are then checked on the few rows found, as the search
checks them (catalog/selectors.py), so the suggestions are the products the search finds. At
10,000 products this reads a few hundred rows where the search's own query tests every product.

Rows exist only for products on sale (catalog/availability.py): ``refresh`` rewrites a product's
rows after its text or its sale changes (catalog/services.py, catalog/search_receivers.py);
``manage.py refresh_search_text`` rebuilds them all.
"""

from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import Case, Q, Value, When
from oscar.core.loading import get_model

from . import search
from .search_query import parse_query
from .selectors import has_place, has_term, products_on_sale_only

Product = get_model("catalogue", "Product")
SuggestionWord = get_model("catalogue", "SuggestionWord")

_CHUNK = 500
_WORD_LENGTH = SuggestionWord._meta.get_field("word").max_length


def refresh(product_ids: Iterable[int]) -> None:
    """Rewrite the rows of these products: their words if on sale, none otherwise."""
    ids = list({int(pk) for pk in product_ids if pk is not None})
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        on_sale = products_on_sale_only().filter(pk__in=chunk)
        rows = on_sale.values_list("pk", "search_text", "search_title", "is_flagship", "date_created")
        with transaction.atomic(savepoint=False):  # within the caller's transaction, no savepoint's queries
            SuggestionWord.objects.filter(product_id__in=chunk).delete()
            _insert(_words_of(rows))


def add(products) -> None:
    """The rows of new products on sale, from the products as they were just inserted."""
    _insert(_words_of((p.pk, p.search_text, p.search_title, p.is_flagship, p.date_created) for p in products if p.pk))


def rebuild_all() -> int:
    """Every product's rows again; how many products are on sale."""
    with transaction.atomic():
        SuggestionWord.objects.all().delete()
        rows = products_on_sale_only().values_list("pk", "search_text", "search_title", "is_flagship", "date_created")
        _insert(_words_of(rows.iterator(chunk_size=2000)))
    return SuggestionWord.objects.values("product_id").distinct().count()


_COLUMNS = ("word", "product_id", "search_text", "search_title", "is_flagship", "date_created")


def _insert(words) -> None:
    """One INSERT run for every row (executemany): ``bulk_create`` splits the rows by SQLite's
    limit on a query's parameters (999, six a row: ten statements for a hundred products)."""
    if not words:
        return
    fields = [SuggestionWord._meta.get_field(name) for name in _COLUMNS]
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    table = connection.ops.quote_name(SuggestionWord._meta.db_table)
    values = [[field.get_db_prep_save(getattr(word, field.attname), connection) for field in fields] for word in words]
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})", values)


def _words_of(rows) -> list:
    words = []
    for pk, text, title, is_flagship, date_created in rows:
        padded = f" {text} "  # as the search tests a whole word: " ca "
        for word in dict.fromkeys(text.split()):
            words.append(
                SuggestionWord(
                    word=word[:_WORD_LENGTH],
                    product_id=pk,
                    search_text=padded,
                    search_title=title,
                    is_flagship=is_flagship,
                    date_created=date_created,
                )
            )
    return words


def distinct_words() -> list[str]:
    """Every word of the products on sale (a word longer than the column, cut to it), each once: the words a
    typo may be of (catalog/search_query.py). Read by skipping along the ``word`` index, one step per distinct
    word (a few thousand), not through its rows (1.4 million at 100,000 products) nor every product's text
    (3 to 10 s at 100,000 products, after every product change)."""
    table = connection.ops.quote_name(SuggestionWord._meta.db_table)
    column = connection.ops.quote_name(SuggestionWord._meta.get_field("word").column)
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH RECURSIVE words(word) AS ("
            f" SELECT MIN({column}) FROM {table}"
            f" UNION ALL"
            f" SELECT (SELECT MIN({column}) FROM {table} WHERE {column} > words.word) FROM words"
            f" WHERE words.word IS NOT NULL"
            f") SELECT word FROM words WHERE word IS NOT NULL"
        )
        return [word for (word,) in cursor.fetchall()]


def product_ids(query: str, *, limit: int) -> list[int]:
    """The ids of the products on sale ``query`` finds as it is being typed, the titles that start
    with it first, then in the catalogue's order: what ``selectors.product_suggestions`` (the search's own query,
    kept as the reference the tests and the bench compare with) answers."""
    words = search.query_words(query)
    parsed = parse_query(query, last_word_partial=True)
    if not parsed.terms:
        return []
    rows = SuggestionWord.objects.filter(_looked_up(parsed.terms))
    for index, term in enumerate(parsed.terms):
        rows = rows.filter(has_term("search_text", term, partial=index == len(parsed.terms) - 1))
    for place in parsed.places:
        rows = rows.filter(has_place("search_text", place, product_field="product_id"))
    starts = " " + " ".join(words)
    ordered = (
        rows.annotate(
            title_starts=Case(When(search_title__startswith=starts[1:], then=Value(1)), default=Value(0)),
        )
        .order_by("-title_starts", "-is_flagship", "-date_created", "product_id")
        # A product has a row per word the typed beginning may start ("l": lưới and lê): once each.
        .values_list("product_id", "title_starts", "is_flagship", "date_created")
        .distinct()
    )
    return [row[0] for row in ordered[:limit]]


def _looked_up(terms) -> Q:
    """The rows of the word to look up on the index: the longest word typed, the fewest rows ("dua l"
    reads the rows of "dua", not of every word beginning with "l"). A word typed before the last is a
    whole word, or, four letters or more, a beginning (catalog/search.py); one that may be a typo
    stands for several words and is not looked up."""
    *earlier, last = terms
    whole = [term for term in earlier if term.alternatives == (term.typed,) and len(term.typed) > len(last.typed)]
    if not whole:
        return _begins(last.typed)
    longest = max(whole, key=lambda term: len(term.typed)).typed
    return _begins(longest) if len(longest) >= search.PREFIX_MIN_LENGTH else Q(word=longest)


def _begins(typed: str) -> Q:
    typed = typed[:_WORD_LENGTH]
    begins = Q(word__startswith=typed)
    if connection.vendor == "sqlite":
        # SQLite's LIKE ignores case and so cannot use the index; the same words as a range can.
        begins &= Q(word__gte=typed, word__lt=typed[:-1] + chr(ord(typed[-1]) + 1))
    return begins
