"""Numbers and ids read from query strings and forms: one parser for every view.

Only ASCII digits make a number: ``str.isdigit()`` says yes to "²" (which ``int()`` then refuses: a 500)
and ``int()`` reads "١٢" as 12 (an id nobody typed). And only numbers the database can hold: an id of
9223372036854775808 overflows SQLite's integers and PostgreSQL's, so ids stay within 1..2**31 − 1
(Django's ``AutoField`` on PostgreSQL).

What a view does with a value that is not one is its own choice, made the same way everywhere:

- an id naming what the page is about (whose statement, whose pick list) answers 404, like an id that
  does not exist (``id_or_404``);
- a filter or a choice on an HTML page (a district on the map, a period, a search facet) is dropped
  and the page shows its default (``parse_id``, ``parse_int``, ``parse_ids`` return ``None`` / leave it out);
- a machine-readable endpoint (the map's GeoJSON) answers 400 with a message (``ParameterError``), since
  a silent default would hand a script the wrong data;
- a form's field (a line's quantity in the order dashboard) is refused with a message on the page.
"""

import re
from collections.abc import Iterable

from django.http import Http404
from django.utils.translation import gettext_lazy as _

ID_MAX = 2**31 - 1
# Enough digits for any bounded value here, short enough that int() of a 10,000-digit string never runs.
_NUMBER = re.compile(r"[0-9]{1,12}")
_SIGNED_NUMBER = re.compile(r"-?[0-9]{1,12}")

NOT_AN_ID = _("“%(name)s” must be a whole number from 1 to %(maximum)s.")


class ParameterError(ValueError):
    """A parameter that cannot be what the view asked for; ``message`` says so in the user's language."""

    def __init__(self, name: str, message):
        super().__init__(name)
        self.name = name
        self.message = message


def is_ascii_digits(value) -> bool:
    """True for "0123…" only: no sign, space, full-width, superscript or Arabic-Indic digits."""
    return isinstance(value, str) and value.isascii() and value.isdigit()


def parse_int(value, *, minimum: int, maximum: int, signed: bool = False) -> int | None:
    """``value`` as an int within ``minimum``..``maximum``, or None when it is anything else."""
    if not isinstance(value, str) or not (_SIGNED_NUMBER if signed else _NUMBER).fullmatch(value):
        return None
    number = int(value)
    return number if minimum <= number <= maximum else None


def parse_id(value) -> int | None:
    """A database id (1..2**31 − 1) or None."""
    return parse_int(value, minimum=1, maximum=ID_MAX)


def parse_ids(values: Iterable) -> tuple[int, ...]:
    """The values that are ids, once each and in order; the others are left out."""
    return tuple(dict.fromkeys(number for number in map(parse_id, values) if number is not None))


def id_or_404(value) -> int:
    """An id naming what the page is about: one that cannot exist is as missing as one that does not."""
    number = parse_id(value)
    if number is None:
        raise Http404("Not an id")
    return number


def id_or_error(name: str, value) -> int | None:
    """An optional id filter of a machine-readable endpoint: None when absent or empty, else the id,
    else ``ParameterError``."""
    if value in (None, ""):
        return None
    number = parse_id(value)
    if number is None:
        raise ParameterError(name, NOT_AN_ID % {"name": name, "maximum": ID_MAX})
    return number


def choice_or_default(value, choices: Iterable[int], default: int) -> int:
    """One of a few numbers offered by the page (a period in days), else the page's default."""
    choices = tuple(choices)
    number = parse_int(value, minimum=min(choices), maximum=max(choices))
    return number if number in choices else default
