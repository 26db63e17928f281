"""A schematic tile map in inline SVG: one tile per commune, grouped by district (or one per 2025 unit).

We hold no commune boundaries offline, so the map is a grid, not geography: it answers "where is
nobody selling yet?" at a glance, prints, and needs no script. Each tile links to its drill-down."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _

COLUMNS = 8
TILE_W, TILE_H, GAP = 112, 40, 6
LABEL_W = 130
GROUP_GAP = 14


@dataclass(frozen=True)
class Tile:
    x: int
    y: int
    label: str
    title: str
    url: str
    kind: str  # "online", "offline" or "outside" (not in the programme)
    split: bool = False

    @property
    def text_x(self) -> int:
        return self.x + TILE_W // 2

    @property
    def text_y(self) -> int:
        return self.y + TILE_H // 2 + 4


@dataclass(frozen=True)
class TileGroup:
    label: str
    y: int

    @property
    def text_y(self) -> int:
        return self.y + TILE_H // 2 + 4


@dataclass(frozen=True)
class TileMap:
    width: int
    height: int
    tiles: list
    groups: list
    tile_w: int = TILE_W
    tile_h: int = TILE_H


def _kind(facts) -> str:
    if not facts.programme_communes:
        return "outside"
    return "online" if facts.communes_online else "offline"


def _title(name: str, facts) -> str:
    if not facts.programme_communes:
        return _("%(name)s: not in the new-rural programme") % {"name": name}
    return _("%(name)s: %(online)s of %(communes)s programme communes with a cooperative selling online") % {
        "name": name,
        "online": facts.communes_online,
        "communes": facts.programme_communes,
    }


def _layout(groups: list[tuple[str, list]]) -> TileMap:
    """``groups``: (label, [(facts, label, url, split)]) in order; tiles flow in rows of ``COLUMNS``."""
    tiles, labels, y = [], [], 0
    for group_label, items in groups:
        if not items:
            continue
        labels.append(TileGroup(group_label, y))
        for i, (facts, label, url, split) in enumerate(items):
            row, column = divmod(i, COLUMNS)
            tiles.append(
                Tile(
                    x=LABEL_W + column * (TILE_W + GAP),
                    y=y + row * (TILE_H + GAP),
                    label=label,
                    title=_title(label, facts),
                    url=url,
                    kind=_kind(facts),
                    split=split,
                )
            )
        rows = (len(items) + COLUMNS - 1) // COLUMNS
        y += rows * (TILE_H + GAP) + GROUP_GAP
    width = LABEL_W + COLUMNS * (TILE_W + GAP)
    return TileMap(width=width, height=max(y - GROUP_GAP, TILE_H), tiles=tiles, groups=labels)


def communes_by_district(facts) -> TileMap:
    """Before 2025: a tile per rural commune, a band per district."""
    groups = []
    for district in facts.by_district():
        communes = sorted(facts.communes_of(district.unit), key=lambda f: f.unit.name)
        items = [(c, c.unit.name, reverse("adoption:commune", args=[c.unit.code]), False) for c in communes]
        groups.append((district.unit.name, items))
    return _layout(groups)


def units_2025(rows: list, split_rows: list) -> TileMap:
    """From 2025: a tile per new unit, and the split communes on tiles of their own (dashed)."""
    units = [(r, r.unit.name, reverse("adoption:unit-2025", args=[r.unit.code]), False) for r in rows]
    split = [(r, r.unit.name, reverse("adoption:commune", args=[r.unit.code]), True) for r in split_rows]
    return _layout([(_("2025 units"), units), (_("Split communes"), split)])
