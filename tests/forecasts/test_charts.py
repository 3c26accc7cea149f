"""Chart geometry: whole-number ticks, no division by zero on an all-zero series, bars stacked."""

from schadeloket.forecasts.charts import (
    BOTTOM,
    HEIGHT,
    TOP,
    line_chart,
    nice_max,
    stacked_bar_chart,
    tick_divisions,
)

AXIS_Y = HEIGHT - BOTTOM


def test_nice_maximum_and_whole_ticks():
    assert [nice_max(v) for v in (0, 1, 3, 7, 10, 11, 190, 260, 999)] == [1, 1, 5, 10, 10, 20, 200, 500, 1000]
    for top in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000):
        assert top % tick_divisions(top) == 0


def test_an_all_zero_line_lies_on_the_axis():
    chart = line_chart([0, 0, 0], ["1", "2", "3"])
    assert {point.split(",")[1] for point in chart.points.split()} == {f"{AXIS_Y:.1f}"}
    assert [tick.label for tick in chart.ticks] == ["0", "1"]


def test_a_line_from_top_to_bottom():
    chart = line_chart([100, 50, 0], ["1", "2", "3"])
    ys = [float(point.split(",")[1]) for point in chart.points.split()]
    assert ys == [TOP, (TOP + AXIS_Y) / 2, AXIS_Y]
    assert [tick.label for tick in chart.ticks] == ["0", "20", "40", "60", "80", "100"]


def test_stacked_bars_granted_below_expected():
    chart = stacked_bar_chart([(2, 3), (0, 0), (0, 5)], ["1", "2", "3"])
    first, empty, third = chart.bars
    assert [segment.kind for segment in first.segments] == ["granted", "expected"]
    assert first.segments[0].y + first.segments[0].height == AXIS_Y
    assert first.segments[1].y + first.segments[1].height == first.segments[0].y
    assert empty.segments == ()
    assert third.segments[0].y == TOP  # 5 is the top of the scale
