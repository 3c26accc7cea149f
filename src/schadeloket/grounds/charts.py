"""Grouped horizontal bar charts as plain SVG geometry, for templates to draw.

No chart library: a bar chart is a few rectangles, and drawing them on the server keeps the page
readable without JavaScript. Each chart gets a title and a description for assistive technology
(the template puts them in <title> and <desc>, referenced by aria-labelledby), every bar carries
its value as text, and the template places a data table with the same figures right after it.

The series colours differ in lightness as well as hue (both reach at least 3:1 against white,
WCAG 1.4.11), and the legend and the value labels name the series, so colour is never the only cue.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

SERIES_FILLS = ("#154273", "#a34700", "#1e5c28")
WIDTH = 720
LABEL_WIDTH = 250
VALUE_SPACE = 90
BAR_HEIGHT = 16
BAR_GAP = 4
GROUP_GAP = 14
TOP = 34  # room for the legend


@dataclass(frozen=True)
class Bar:
    x: int
    y: int
    width: float
    height: int
    fill: str
    text: str
    text_x: float
    text_y: int
    series: str


@dataclass(frozen=True)
class Group:
    label: str
    label_y: int
    bars: list[Bar]


@dataclass(frozen=True)
class LegendItem:
    label: str
    fill: str
    x: int


@dataclass(frozen=True)
class BarChart:
    chart_id: str
    title: str
    description: str
    width: int
    height: int
    label_width: int
    groups: list[Group]
    legend: list[LegendItem]


def grouped_bar_chart(
    *, chart_id: str, title: str, description: str, series: list[str], groups: list[tuple[str, list]], fmt=str
) -> BarChart:
    """`groups`: (label, [value per series]); a value of None draws no bar and reads "geen"."""
    values = [value for _label, group_values in groups for value in group_values if value is not None]
    top = max([float(v) for v in values] + [0.0]) or 1.0
    plot_width = WIDTH - LABEL_WIDTH - VALUE_SPACE
    group_height = len(series) * (BAR_HEIGHT + BAR_GAP) - BAR_GAP
    drawn = []
    y = TOP
    for label, group_values in groups:
        bars = []
        for index, (name, value) in enumerate(zip(series, group_values, strict=True)):
            bar_y = y + index * (BAR_HEIGHT + BAR_GAP)
            width = 0.0 if value is None else round(float(value) / top * plot_width, 1)
            text = "geen" if value is None else fmt(value)
            bars.append(
                Bar(
                    x=LABEL_WIDTH,
                    y=bar_y,
                    width=width,
                    height=BAR_HEIGHT,
                    fill=SERIES_FILLS[index % len(SERIES_FILLS)],
                    text=text,
                    text_x=LABEL_WIDTH + width + 6,
                    text_y=bar_y + BAR_HEIGHT - 4,
                    series=name,
                )
            )
        drawn.append(Group(label=label, label_y=y + group_height // 2 + 5, bars=bars))
        y += group_height + GROUP_GAP
    legend = [
        LegendItem(label=name, fill=SERIES_FILLS[index % len(SERIES_FILLS)], x=LABEL_WIDTH + index * 200)
        for index, name in enumerate(series)
    ]
    return BarChart(
        chart_id=chart_id,
        title=title,
        description=description,
        width=WIDTH,
        height=max(y, TOP + 20),
        label_width=LABEL_WIDTH,
        groups=drawn,
        legend=legend,
    )


def _percent(value) -> str:
    return f"{value}".replace(".", ",") + "%"


def report_charts(report) -> dict[str, BarChart]:
    """The report's two charts: the share per scheme, and the categories named."""
    period = f"{report.period.first:%m-%Y} {_('tot en met')} {report.period.last:%m-%Y}"
    result = {}
    if report.per_scheme:
        result["shares"] = grouped_bar_chart(
            chart_id="grafiek-aandeel",
            title=_("Aandeel besluiten met bezwaar en ontwerpbesluiten met zienswijze, per regeling"),
            description=_(
                "Staafdiagram over %(period)s. Per regeling twee staven: het percentage besluiten waartegen bezwaar "
                "is gemaakt, en het percentage ontwerpbesluiten waarop een zienswijze kwam. De tabel hieronder geeft "
                "dezelfde cijfers."
            )
            % {"period": period},
            series=[_("Besluiten met bezwaar"), _("Ontwerpbesluiten met zienswijze")],
            groups=[(row.scheme_code, [row.objection_share, row.view_share]) for row in report.per_scheme],
            fmt=_percent,
        )
    if report.category_totals:
        result["categories"] = grouped_bar_chart(
            chart_id="grafiek-gronden",
            title=_("Gronden per categorie: hoe vaak genoemd in bezwaren en in zienswijzen"),
            description=_(
                "Staafdiagram over %(period)s. Per categorie twee staven: het aantal gecodeerde bezwaren en het "
                "aantal gecodeerde zienswijzen dat deze categorie noemt. De tabel hieronder geeft dezelfde cijfers."
            )
            % {"period": period},
            series=[_("Bezwaren"), _("Zienswijzen")],
            groups=[(row.label, [row.objections, row.views]) for row in report.category_totals],
        )
    return result
