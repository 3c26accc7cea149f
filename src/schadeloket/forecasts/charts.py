"""Geometry for the forecast page's SVG charts: a line (stock per week) and stacked bars (repairs per week).

No chart library: the template draws <polyline>, <rect> and <text> from these numbers, with a <title>
and <desc>, and a data table follows every chart. The scale rounds the largest value up to a "nice"
number (1, 2 or 5 times a power of ten); an all-zero series gets a scale of 1, so nothing divides by
zero and a flat line sits on the axis instead of a misleading spike.
"""

from dataclasses import dataclass
from decimal import Decimal

WIDTH = 720
HEIGHT = 260
LEFT = 64  # room for the y-axis labels
RIGHT = 16
TOP = 16
BOTTOM = 40  # room for the x-axis labels


def nice_max(value) -> int:
    """The smallest 1, 2 or 5 x 10^k at or above `value` (at least 1)."""
    value = Decimal(value)
    if value <= 1:
        return 1
    power = 1
    while True:
        for step in (1, 2, 5):
            if step * power >= value:
                return step * power
        power *= 10


def tick_divisions(top_value: int) -> int:
    """How many steps the y-axis gets so every tick is a whole number: 1 -> 1, 2 -> 2, 5 -> 5, then
    10 -> 5 (step 2), 20 -> 4 (step 5), 50 -> 5 (step 10), 100 -> 5 (step 20), 200 -> 4 (step 50)..."""
    if top_value <= 5:
        return top_value
    lead = int(str(top_value)[0])
    return 4 if lead == 2 else 5


def _number(value: int) -> str:
    return f"{value:,}".replace(",", ".")


@dataclass(frozen=True)
class Tick:
    y: float
    label: str


@dataclass(frozen=True)
class XLabel:
    x: float
    label: str


@dataclass(frozen=True)
class Segment:
    y: float
    height: float
    kind: str  # css modifier: "granted" or "expected"


@dataclass(frozen=True)
class Bar:
    x: float
    width: float
    segments: tuple[Segment, ...]


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    left: int
    top: int
    right: int  # x of the plot's right edge
    bottom: int  # y of the plot's bottom edge (the x-axis)
    ticks: tuple[Tick, ...]
    x_labels: tuple[XLabel, ...]
    points: str = ""  # polyline points for a line chart
    bars: tuple[Bar, ...] = ()


def _frame(
    maximum, labels: list[str], every: int
) -> tuple[int, float, float, tuple[Tick, ...], tuple[XLabel, ...], float]:
    top_value = nice_max(maximum)
    plot_width = WIDTH - LEFT - RIGHT
    plot_height = HEIGHT - TOP - BOTTOM
    slot = plot_width / max(len(labels), 1)
    divisions = tick_divisions(top_value)
    ticks = tuple(
        Tick(round(TOP + plot_height - plot_height * n / divisions, 1), _number(top_value * n // divisions))
        for n in range(divisions + 1)
    )
    x_labels = tuple(
        XLabel(round(LEFT + slot * index + slot / 2, 1), label)
        for index, label in enumerate(labels)
        if index % every == 0
    )
    return top_value, slot, plot_height, ticks, x_labels, plot_width


def line_chart(values: list, labels: list[str], *, every: int = 4) -> Chart:
    top_value, slot, plot_height, ticks, x_labels, _w = _frame(max(values, default=0), labels, every)

    def y(value) -> float:
        return TOP + plot_height - plot_height * float(Decimal(value) / top_value)

    points = " ".join(f"{LEFT + slot * index + slot / 2:.1f},{y(value):.1f}" for index, value in enumerate(values))
    return Chart(WIDTH, HEIGHT, LEFT, TOP, WIDTH - RIGHT, HEIGHT - BOTTOM, ticks, x_labels, points=points)


def stacked_bar_chart(series: list[tuple[int, int]], labels: list[str], *, every: int = 4) -> Chart:
    """Bars of (granted, expected) per label, granted at the bottom."""
    top_value, slot, plot_height, ticks, x_labels, _w = _frame(
        max((a + b for a, b in series), default=0), labels, every
    )
    bars = []
    for index, (granted, expected) in enumerate(series):
        base = TOP + plot_height
        segments = []
        for amount, kind in ((granted, "granted"), (expected, "expected")):
            if amount <= 0:
                continue
            height = plot_height * amount / top_value
            base -= height
            segments.append(Segment(round(base, 1), round(height, 1), kind))
        bars.append(Bar(round(LEFT + slot * index + slot * 0.15, 1), round(slot * 0.7, 1), tuple(segments)))
    return Chart(WIDTH, HEIGHT, LEFT, TOP, WIDTH - RIGHT, HEIGHT - BOTTOM, ticks, x_labels, bars=tuple(bars))
