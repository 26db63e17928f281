"""Vietnamese search as people type it: with or without diacritics, in any case.

Each product keeps its searchable text folded (``Product.search_text``, and its title alone in
``Product.search_title``); a query is folded the same way and every word of it must occur in the
product's text. The same ``LIKE`` runs on SQLite and PostgreSQL, so both find the same products.
"""

import unicodedata
from collections.abc import Iterable

# Đ/đ is a letter of its own, not D with a combining mark: NFD leaves it whole.
_LETTERS = str.maketrans({"đ": "d", "Đ": "d"})


def fold_vietnamese(text: str) -> str:
    """``"Cà phê ĐẬU"`` → ``"ca phe dau"``: lowercase, no tone or vowel marks, đ → d,
    runs of white space made one space."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFD", text.translate(_LETTERS).lower())
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(unicodedata.normalize("NFC", stripped).split())


def query_words(query: str) -> list[str]:
    """The folded words of a buyer's query, each once, in the order typed."""
    return list(dict.fromkeys(fold_vietnamese(query).split()))


def search_text(
    *,
    title: str,
    cooperative_name: str = "",
    category_names: Iterable[str] = (),
    certification_names: Iterable[str] = (),
) -> str:
    """The folded text a product is found by: its title, its cooperative's name, its
    categories' names and its certifications' names."""
    parts = [title, cooperative_name, *category_names, *certification_names]
    return fold_vietnamese(" ".join(part for part in parts if part))
