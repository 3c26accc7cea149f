"""Accessible charts as inline SVG, drawn on the server: no JavaScript chart library.

A `Chart` holds everything the template `reporting/_chart.html` draws: the SVG (role="img" with a
title and a description that says in words what the chart shows), lines or stacked bars, a
legend that does not rely on colour alone (each series also has its own dash pattern or hatch),
and the data table behind the chart with the same numbers. A value of None is not drawn (a gap);
its table cell says why (`missing` text), for example "minder dan 5" on the public dashboard.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

WIDTH, HEIGHT = 720, 300
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 16, 48
# Colours with at least 3:1 contrast against white, told apart by pattern too.
STYLES = (
    {"colour": "#01689b", "dash": "", "pattern": "solid"},
    {"colour": "#b35300", "dash": "8 4", "pattern": "hatch"},
    {"colour": "#39870c", "dash": "2 3", "pattern": "dots"},
    {"colour": "#a90061", "dash": "10 3 2 3", "pattern": "cross"},
)


@dataclass
class Series:
    label: str
    values: list  # numbers or None, one per x label
    display: list[str] | None = None  # the table's text per value; formatted numbers when None


@dataclass
class Chart:
    slug: str  # unique on the page: ids of title, description and table derive from it
    title: str
    description: str
    x_labels: list[str]
    series: list[Series]
    kind: str = "line"  # "line" or "stacked"
    unit: str = ""
    missing: str = "–"
    shapes: dict = field(default_factory=dict)

    @property
    def is_empty(self) -> bool:
        """Nothing to draw: every value is None or 0. The page says so in words instead of drawing
        an empty chart (and shows the table when values are hidden rather than absent)."""
        return not any(value for series in self.series for value in series.values if value is not None)

    @property
    def has_hidden(self) -> bool:
        """Some values are not shown on purpose (small numbers): the table says so per week."""
        return any(value is None and series.display is not None for series in self.series for value in series.values)

    @property
    def legend(self) -> list[dict]:
        return [{"label": s.label, **STYLES[i % len(STYLES)]} for i, s in enumerate(self.series)]

    @property
    def table_rows(self) -> list[tuple[str, list[str]]]:
        rows = []
        for index, label in enumerate(self.x_labels):
            cells = []
            for series in self.series:
                value = series.values[index]
                if series.display is not None:
                    cells.append(series.display[index])
                else:
                    cells.append(self.missing if value is None else format_number(value))
            rows.append((label, cells))
        return rows

    def geometry(self) -> dict:
        """Coordinates for the template: axes, ticks, lines or bars."""
        count = len(self.x_labels)
        plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
        if self.kind == "stacked":
            totals = [sum(s.values[i] or 0 for s in self.series) for i in range(count)]
            top = max(totals, default=0)
        else:
            top = max((v for s in self.series for v in s.values if v is not None), default=0)
        scale_top = nice_top(float(top))
        step_x = plot_w / max(count, 1)

        def y(value) -> float:
            return round(TOP + plot_h - (float(value) / scale_top) * plot_h, 1)

        ticks = [{"y": y(scale_top * i / 4), "label": format_number(scale_top * i / 4)} for i in range(5)]
        every = max(1, round(count / 12))
        x_ticks = [
            {"x": round(LEFT + step_x * (i + 0.5), 1), "label": label}
            for i, label in enumerate(self.x_labels)
            if i % every == 0
        ]
        drawn = []
        if self.kind == "stacked":
            bar_w = round(step_x * 0.7, 1)
            base = [0.0] * count
            for index, series in enumerate(self.series):
                style = STYLES[index % len(STYLES)]
                rects = []
                for i, value in enumerate(series.values):
                    if not value:
                        continue
                    top_y, bottom_y = y(base[i] + float(value)), y(base[i])
                    rects.append({"x": round(LEFT + step_x * i + (step_x - bar_w) / 2, 1), "y": top_y,
                                  "w": bar_w, "h": round(bottom_y - top_y, 1)})  # fmt: skip
                    base[i] += float(value)
                drawn.append({**style, "label": series.label, "rects": rects, "index": index})
        else:
            for index, series in enumerate(self.series):
                style = STYLES[index % len(STYLES)]
                segments, current, markers = [], [], []
                for i, value in enumerate(series.values):
                    if value is None:
                        if current:
                            segments.append(" ".join(current))
                        current = []
                        continue
                    point = (round(LEFT + step_x * (i + 0.5), 1), y(value))
                    current.append(f"{point[0]},{point[1]}")
                    markers.append({"x": point[0], "y": point[1]})
                if current:
                    segments.append(" ".join(current))
                drawn.append({**style, "label": series.label, "segments": segments, "markers": markers})
        return {
            "width": WIDTH,
            "height": HEIGHT,
            "left": LEFT,
            "right": WIDTH - RIGHT,
            "top": TOP,
            "bottom": HEIGHT - BOTTOM,
            "ticks": ticks,
            "x_ticks": x_ticks,
            "x_label_y": HEIGHT - BOTTOM + 18,
            "series": drawn,
        }


def nice_top(value: float) -> float:
    """A round number at or above `value` for the top of the axis (1, 2, 2.5 or 5 times a power of ten)."""
    if value <= 0:
        return 1.0
    power = 10 ** (len(str(int(value))) - 1) if value >= 1 else 1
    for factor in (1, 2, 2.5, 5, 10):
        if value <= factor * power:
            return float(factor * power)
    return float(10 * power)


def format_number(value) -> str:
    """Dutch number format: 1.234.567 or 12,5."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return f"{value:,}".replace(",", ".")
    if isinstance(value, Decimal | float):
        text = f"{value:,.2f}" if isinstance(value, Decimal) and value.as_tuple().exponent == -2 else f"{value:,.1f}"
        return text.replace(",", "_").replace(".", ",").replace("_", ".")
    return str(value)


def week_label(monday: dt.date) -> str:
    year, week, _day = monday.isocalendar()
    return f"{year}-w{week:02d}"
