"""Money on pages is written the Dutch way."""

from decimal import Decimal

from django.template import Context, Template


def render(amount):
    return Template("{% load money %}{{ amount|euro }}").render(Context({"amount": amount}))


def test_whole_euros_and_cents():
    assert render(Decimal("10000.00")) == "€ 10.000"
    assert render(Decimal("4200.5")) == "€ 4.200,50"
    assert render(None) == "–"
