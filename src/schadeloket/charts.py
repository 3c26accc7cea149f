"""Accessible charts drawn on the server as inline SVG, for the reporting, forecast and grounds pages.

Why no JavaScript chart library: the pages must work without JavaScript, by keyboard and with a screen
reader (WCAG 2.1 AA), and a chart here is a few lines and rectangles; a library would add code to
review and keep up to date, and its output would still need the accessible parts below.

A `Chart` holds the figures; the template `components/chart.html` draws it: an <svg role="img"> with
a <title> and a <desc> that says in words what the chart shows, a legend that does not rely on
colour alone (each series also has its own dash pattern or hatch), and the data table with the same
numbers behind it, or a link to the page's own table (`table_id`). Three kinds:

- LINE: a line per series over the labels (weeks). A value of None is a gap in the line.
- STACKED: a vertical bar per label, the series stacked in order, the first at the bottom.
- BARS: horizontal bars grouped per label (one bar per series), the value written at the end of each
  bar; for labels that are words (schemes, categories) rather than weeks.

A value of None is not drawn. Its text (table cell, bar label) is the series' `display` text when
there is one (such as "minder dan 5" on the public dashboard), otherwise the chart's `missing` text.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

LINE, STACKED, BARS = "line", "stacked", "bars"

# Line and stacked charts: the plot sits inside these margins (room for the axis labels).
WIDTH, HEIGHT = 720, 300
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 16, 48
# Grouped horizontal bars: a column for the labels, room after each bar for its value.
LABEL_WIDTH, VALUE_SPACE = 250, 90
BAR_HEIGHT, BAR_GAP, GROUP_GAP, BARS_TOP = 16, 4, 14, 8
# Markers on a line only where points are far enough apart to tell them from the line itself.
MIN_MARKER_STEP = 8

# Colours with at least 3:1 contrast against white (WCAG 1.4.11), told apart by dash or pattern too.
# The patterns are defined in the template (`<pattern id="{slug}-{pattern}">`).
STYLES = (
    {"colour": "#01689b", "dash": "", "pattern": "solid"},
    {"colour": "#b35300", "dash": "8 4", "pattern": "hatch"},
    {"colour": "#39870c", "dash": "2 3", "pattern": "dots"},
    {"colour": "#a90061", "dash": "10 3 2 3", "pattern": "cross"},
)


@dataclass
class Series:
    label: str
    values: list  # numbers or None, one per label of the chart
    display: list | None = None  # text per value (None: the formatted number, or the chart's `missing`)


@dataclass
class Chart:
    slug: str  # unique on the page: the ids of the svg, its title, description and table derive from it
    title: str
    description: str  # what the chart shows, in words: the <desc> a screen reader reads
    labels: list[str]  # one per point, bar or group: a week, a scheme, a category
    series: list[Series]
    kind: str = LINE
    unit: str = ""  # said in the table's caption
    missing: str = "–"
    caption: str = ""  # the visible caption; the title when empty
    table_id: str = ""  # the page has its own table with these figures: link to it instead of drawing one
    label_heading: str = ""  # the table's first column heading; "Week" when empty
    draw_zeros: bool = False  # a chart of only zeros is still a result (a forecast of 0), so draw it

    @property
    def is_empty(self) -> bool:
        """Nothing to draw: no values (or only zeros, unless `draw_zeros`). The page says so in words
        instead of drawing an empty chart, and still shows the table when values are hidden."""
        known = [value for series in self.series for value in series.values if value is not None]
        return not known if self.draw_zeros else not any(known)

    @property
    def has_hidden(self) -> bool:
        """Some values are left out on purpose (small numbers): the table says so per label."""
        return any(
            value is None and series.display is not None and series.display[index] is not None
            for series in self.series
            for index, value in enumerate(series.values)
        )

    def _style(self, index: int) -> dict:
        style = STYLES[index % len(STYLES)]
        solid = style["pattern"] == "solid"
        return {**style, "fill": style["colour"] if solid else f"url(#{self.slug}-{style['pattern']})"}

    @property
    def legend(self) -> list[dict]:
        return [{"label": series.label, **self._style(index)} for index, series in enumerate(self.series)]

    def text(self, series: Series, index: int) -> str:
        """A value as the table and the bar labels write it."""
        if series.display is not None and series.display[index] is not None:
            return series.display[index]
        value = series.values[index]
        return self.missing if value is None else format_number(value)

    @property
    def table_rows(self) -> list[tuple[str, list[str]]]:
        return [
            (label, [self.text(series, index) for series in self.series]) for index, label in enumerate(self.labels)
        ]

    def geometry(self) -> dict:
        """Coordinates for the template: axes and ticks, then lines, stacked bars or grouped bars."""
        return self._bars() if self.kind == BARS else self._plot()

    def _plot(self) -> dict:
        count = len(self.labels)
        plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
        if self.kind == STACKED:
            top = max((sum(max(s.values[i] or 0, 0) for s in self.series) for i in range(count)), default=0)
        else:
            top = max((v for s in self.series for v in s.values if v is not None), default=0)
        scale_top = nice_max(top)
        divisions = tick_divisions(scale_top)
        step_x = plot_w / max(count, 1)

        def y(value) -> float:
            return round(TOP + plot_h - plot_h * float(value) / scale_top, 1)

        ticks = [{"y": y(scale_top * n / divisions), "label": format_number(scale_top * n // divisions)}
                 for n in range(divisions + 1)]  # fmt: skip
        every = max(1, round(count / 12))
        x_ticks = [
            {"x": round(LEFT + step_x * (i + 0.5), 1), "label": label}
            for i, label in enumerate(self.labels)
            if i % every == 0
        ]
        drawn = []
        if self.kind == STACKED:
            bar_w = round(step_x * 0.7, 1)
            base = [0.0] * count
            for index, series in enumerate(self.series):
                rects = []
                for i, value in enumerate(series.values):
                    if value is None or value <= 0:
                        continue
                    top_y, bottom_y = y(base[i] + float(value)), y(base[i])
                    rects.append({"x": round(LEFT + step_x * i + (step_x - bar_w) / 2, 1), "y": top_y,
                                  "w": bar_w, "h": round(bottom_y - top_y, 1)})  # fmt: skip
                    base[i] += float(value)
                drawn.append({**self._style(index), "label": series.label, "rects": rects})
        else:
            with_markers = step_x >= MIN_MARKER_STEP
            for index, series in enumerate(self.series):
                segments, current, markers = [], [], []
                for i, value in enumerate(series.values):
                    if value is None:  # a gap: end the segment drawn so far
                        if current:
                            segments.append(" ".join(current))
                        current = []
                        continue
                    x_, y_ = round(LEFT + step_x * (i + 0.5), 1), y(value)
                    current.append(f"{x_},{y_}")
                    if with_markers:
                        markers.append({"x": x_, "y": y_})
                if current:
                    segments.append(" ".join(current))
                drawn.append({**self._style(index), "label": series.label, "segments": segments, "markers": markers})
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

    def _bars(self) -> dict:
        """Bars scale to the largest value (no axis: every bar has its value written next to it)."""
        top = max((float(v) for s in self.series for v in s.values if v is not None), default=0.0) or 1.0
        plot_w = WIDTH - LABEL_WIDTH - VALUE_SPACE
        group_h = len(self.series) * (BAR_HEIGHT + BAR_GAP) - BAR_GAP
        groups = []
        y = BARS_TOP
        for i, label in enumerate(self.labels):
            bars = []
            for index, series in enumerate(self.series):
                value = series.values[i]
                bar_y = y + index * (BAR_HEIGHT + BAR_GAP)
                width = 0.0 if value is None else round(max(float(value), 0.0) / top * plot_w, 1)
                bar = {"series": series.label, "x": LABEL_WIDTH, "y": bar_y, "w": width, "h": BAR_HEIGHT}
                text = {"text": self.text(series, i), "text_x": round(LABEL_WIDTH + width + 6, 1)}
                bars.append({**self._style(index), **bar, **text, "text_y": bar_y + BAR_HEIGHT - 4})
            groups.append({"label": label, "label_y": y + group_h // 2 + 5, "bars": bars})
            y += group_h + GROUP_GAP
        height = y - GROUP_GAP + BARS_TOP
        return {"width": WIDTH, "height": height, "left": LABEL_WIDTH, "top": BARS_TOP // 2, "groups": groups}


def nice_max(value) -> int:
    """The top of the axis: the smallest 1, 2 or 5 times a power of ten at or above `value`, at least 1
    (so an all-zero series divides by 1 and lies flat on the axis instead of spiking)."""
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
    return 4 if str(top_value)[0] == "2" else 5


def format_number(value) -> str:
    """Dutch number format: 1.234.567 or 12,5 (an amount with cents keeps both: 12,50)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return f"{value:,}".replace(",", ".")
    if isinstance(value, Decimal | float):
        text = f"{value:,.2f}" if isinstance(value, Decimal) and value.as_tuple().exponent == -2 else f"{value:,.1f}"
        return text.replace(",", "_").replace(".", ",").replace("_", ".")
    return str(value)


def week_label(monday: dt.date) -> str:
    """An ISO week as a short label: 2025-w03."""
    year, week, _day = monday.isocalendar()
    return f"{year}-w{week:02d}"
