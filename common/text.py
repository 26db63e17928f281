"""Vietnamese text folded for matching: what search, place addresses and bank transfer notes compare."""

import unicodedata

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
