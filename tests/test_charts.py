"""The shared SVG charts (schadeloket.charts and components/chart.html), each kind: the axis scale has
whole-number ticks and never divides by zero, a line has a gap where a value is missing, stacked bars
stack in order, grouped bars write their value; and the rendered chart is accessible (role="img" with
a title and a description, a legend in words, the same numbers in a table or a link to one)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from schadeloket.charts import (
    BARS,
    BOTTOM,
    HEIGHT,
    LABEL_WIDTH,
    STACKED,
    TOP,
    Chart,
    Series,
    format_number,
    nice_max,
    tick_divisions,
    week_label,
)

AXIS_Y = HEIGHT - BOTTOM


def render(chart: Chart) -> str:
    with translation.override("nl"):
        return render_to_string("components/chart.html", {"chart": chart})


def points(segment: str) -> list[tuple[float, float]]:
    return [tuple(float(n) for n in point.split(",")) for point in segment.split()]


# --- scale and numbers ------------------------------------------------------------------------------


def test_nice_maximum_and_whole_ticks():
    assert [nice_max(v) for v in (0, 1, 3, 7, 10, 11, 190, 260, 999)] == [1, 1, 5, 10, 10, 20, 200, 500, 1000]
    assert nice_max(Decimal("0.4")) == 1 and nice_max(62.5) == 100
    for top in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000):
        assert top % tick_divisions(top) == 0


def test_dutch_numbers_and_week_labels():
    assert [format_number(v) for v in (1234567, 12.5, 3.0, Decimal("10000.00"), Decimal("7.5"))] == [
        "1.234.567",
        "12,5",
        "3",
        "10.000,00",
        "7,5",
    ]
    assert week_label(dt.date(2025, 1, 13)) == "2025-w03"


# --- line -------------------------------------------------------------------------------------------


def test_an_all_zero_line_lies_on_the_axis_when_zeros_are_a_result():
    chart = Chart("x", "T", "D", ["1", "2", "3"], [Series("s", [0, 0, 0])], draw_zeros=True)
    geometry = chart.geometry()
    (segment,) = geometry["series"][0]["segments"]
    assert {y for _x, y in points(segment)} == {AXIS_Y}
    assert [tick["label"] for tick in geometry["ticks"]] == ["0", "1"]
    assert not chart.is_empty
    # Without draw_zeros, zeros mean "nothing happened": the page says so instead of an empty chart.
    assert Chart("x", "T", "D", ["1"], [Series("s", [0])]).is_empty


def test_a_line_from_top_to_bottom_with_whole_ticks():
    geometry = Chart("x", "T", "D", ["1", "2", "3"], [Series("s", [100, 50, Decimal("0")])]).geometry()
    (segment,) = geometry["series"][0]["segments"]
    assert [y for _x, y in points(segment)] == [TOP, (TOP + AXIS_Y) / 2, AXIS_Y]
    assert [tick["label"] for tick in geometry["ticks"]] == ["0", "20", "40", "60", "80", "100"]


def test_a_missing_value_is_a_gap_in_the_line_and_says_why_in_the_table():
    chart = Chart("x", "T", "D", ["a", "b", "c", "d"], [Series("s", [1, None, 2, 3])], missing="geen besluiten")
    (series,) = chart.geometry()["series"]
    assert [len(points(segment)) for segment in series["segments"]] == [1, 2]
    assert len(series["markers"]) == 3
    assert chart.table_rows[1] == ("b", ["geen besluiten"])
    html = render(chart)
    assert html.count("<polyline") == 2
    assert '<td class="utrecht-table__cell utrecht-table__cell--numeric">geen besluiten</td>' in html


def test_a_line_chart_renders_accessibly_with_a_legend_and_the_table():
    chart = Chart(
        "instroom",
        "Ingediend en afgerond per week",
        "Lijngrafiek: 3 ingediend, 1 afgerond.",
        ["2025-w10", "2025-w11"],
        [Series("Ingediend", [1, 2.5]), Series("Afgerond", [0, 1])],
        unit="aantal",
    )
    html = render(chart)
    assert '<figure class="chart" aria-labelledby="instroom-caption">' in html
    assert '<svg role="img" id="instroom" aria-labelledby="instroom-titel instroom-uitleg"' in html
    assert '<title id="instroom-titel">Ingediend en afgerond per week</title>' in html
    assert '<desc id="instroom-uitleg">Lijngrafiek: 3 ingediend, 1 afgerond.</desc>' in html
    # The legend names every series, and each line has its own dash pattern: not colour alone.
    assert "</svg> Ingediend</li>" in html and "</svg> Afgerond</li>" in html
    assert 'stroke-dasharray=""' in html and 'stroke-dasharray="8 4"' in html
    assert "Tabel bij de grafiek: Ingediend en afgerond per week" in html
    assert "Ingediend en afgerond per week (aantal)</caption>" in html
    assert ">2,5</td>" in html
    # Coordinates keep a decimal point under the Dutch locale (a comma would break the SVG).
    assert not any(
        "," in value for attr in ("x", "y", "y1", "y2", "cx", "cy", "width", "height") for value in _attrs(html, attr)
    )


def _attrs(html: str, name: str) -> list[str]:
    return [part.split('"')[0] for part in html.split(f' {name}="')[1:]]


# --- stacked bars -----------------------------------------------------------------------------------


def test_stacked_bars_stack_in_order_from_the_axis_up():
    chart = Chart(
        "x", "T", "D", ["1", "2", "3"], [Series("granted", [2, 0, 0]), Series("expected", [3, 0, 5])], kind=STACKED
    )
    first, second = chart.geometry()["series"]
    assert len(first["rects"]) == 1 and len(second["rects"]) == 2  # a 0 draws no rectangle
    below, above = first["rects"][0], second["rects"][0]
    assert below["y"] + below["h"] == AXIS_Y
    assert above["y"] + above["h"] == below["y"]
    assert second["rects"][1]["y"] == TOP  # 5 is the top of the scale
    assert (first["fill"], second["fill"]) == ("#01689b", "url(#x-hatch)")


def test_stacked_bars_render_with_patterns_in_the_chart_and_the_legend():
    html = render(Chart("voorraad", "T", "D", ["a"], [Series("jong", [1]), Series("oud", [2])], kind=STACKED))
    assert '<pattern id="voorraad-hatch"' in html
    assert html.count('fill="url(#voorraad-hatch)"') == 2  # the bar part and its legend swatch
    assert "</svg> oud</li>" in html


# --- grouped horizontal bars ------------------------------------------------------------------------


def test_grouped_bars_write_their_value_and_missing_text():
    chart = Chart(
        "grafiek-aandeel",
        "Aandeel per regeling",
        "Staafdiagram.",
        ["VES", "AVV"],
        [Series("Bezwaar", [Decimal("25.0"), Decimal("0.0")], ["25,0%", "0,0%"]), Series("Zienswijze", [None, 50])],
        kind=BARS,
        missing="geen",
        table_id="tabel-aandeel",
        draw_zeros=True,
    )
    geometry = chart.geometry()
    ves, avv = geometry["groups"]
    assert [bar["text"] for bar in ves["bars"]] == ["25,0%", "geen"]
    assert [bar["text"] for bar in avv["bars"]] == ["0,0%", "50"]
    assert ves["bars"][1]["w"] == 0 and avv["bars"][0]["w"] == 0
    assert avv["bars"][1]["w"] == 2 * ves["bars"][0]["w"]  # bars scale to the largest value, 50
    assert all(bar["x"] == LABEL_WIDTH for group in geometry["groups"] for bar in group["bars"])
    html = render(chart)
    assert 'aria-labelledby="grafiek-aandeel-titel grafiek-aandeel-uitleg"' in html
    assert "<title>VES, Zienswijze: geen</title>" in html
    # The page has its own table with these figures: a link to it, not a second table.
    assert '<a class="utrecht-link" href="#tabel-aandeel">Naar de tabel met deze cijfers</a>' in html
    assert "<table" not in html


# --- nothing to draw --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("series", "says", "has_table"),
    [
        ([Series("s", [0, None])], "Geen cijfers voor deze grafiek in deze periode", False),
        ([Series("s", [None, 0], ["minder dan 5", "0"])], "De aantallen in deze weken zijn te klein om te tonen", True),
    ],
)
def test_no_empty_chart_but_words_and_the_table_when_values_are_hidden(series, says, has_table):
    chart = Chart("leeg", "T", "D", ["a", "b"], series)
    html = render(chart)
    assert says in html
    assert 'role="img"' not in html
    assert ("minder dan 5</td>" in html) is has_table
