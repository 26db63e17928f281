"""Trend charts as inline SVG: no script (the site's CSP allows none inline), crisp on screen and on paper."""

import datetime
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.formats import date_format
from django.utils.safestring import SafeString


@dataclass(frozen=True)
class Point:
    day: datetime.date
    value: float  # 0..1


@dataclass(frozen=True)
class Chart:
    """Everything the template draws, in SVG coordinates."""

    title: str
    width: int
    height: int
    line: str  # "x,y x,y …" for <polyline>
    dots: list  # [(x, y, label)]
    target_y: float | None
    target_label: str
    gridlines: list  # [(y, "50%")]
    x_labels: list  # [(x, "11/2026")]
    empty: bool


# The right pad leaves room for half of the last date label ("09/2026").
PAD_LEFT, PAD_RIGHT, PAD_TOP, PAD_BOTTOM = 44, 28, 24, 28


def trend_chart(
    points: list[Point],
    *,
    title: str,
    target: float | None,
    since: datetime.date | None = None,
    until: datetime.date | None = None,
    width: int = 640,
    height: int = 220,
) -> Chart:
    """A line of the indicator's share over time (0–100%) with its target as a dashed line.

    ``since``/``until`` fix the time axis (a whole quarter, say); by default it spans the points."""
    plot_w = width - PAD_LEFT - PAD_RIGHT
    plot_h = height - PAD_TOP - PAD_BOTTOM

    def y_of(value: float) -> float:
        return round(PAD_TOP + plot_h * (1 - max(0.0, min(value, 1.0))), 1)

    points = sorted(points, key=lambda p: p.day)
    coords = []
    if points:
        first, last = since or points[0].day, until or points[-1].day
        span = max((last - first).days, 1)
        single = len(points) == 1 and not (since and until)
        for p in points:
            x = PAD_LEFT + (plot_w / 2 if single else plot_w * (p.day - first).days / span)
            coords.append((round(x, 1), y_of(p.value), f"{date_format(p.day, 'SHORT_DATE_FORMAT')}: {p.value:.0%}"))
    x_labels = []
    if points:
        step = max(1, len(points) // 6)
        for (x, _y, _label), p in list(zip(coords, points, strict=True))[::step]:
            x_labels.append((x, date_format(p.day, "m/Y")))
    return Chart(
        title=title,
        width=width,
        height=height,
        line=" ".join(f"{x},{y}" for x, y, _ in coords),
        dots=coords if len(coords) <= 60 else coords[-1:],
        target_y=None if target is None else y_of(target),
        target_label="" if target is None else f"{target:.0%}",
        gridlines=[(y_of(v), f"{v:.0%}") for v in (0, 0.25, 0.5, 0.75, 1)],
        x_labels=x_labels,
        empty=not points,
    )


def render_chart(chart: Chart) -> SafeString:
    return SafeString(render_to_string("adoption/_trend_chart.html", {"chart": chart}))
