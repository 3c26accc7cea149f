"""Small template helpers for the intake pages."""

from django import template

register = template.Library()


@register.filter
def field(form, name):
    """`form|field:name`: the bound field with a name only known at run time."""
    return form[name]


@register.filter
def get(mapping, key):
    return mapping.get(key, "")


@register.filter
def unknowns(option) -> list[str]:
    """The conditions of an option that nobody can tell yet (the resident, staff or an expert must)."""
    return [condition.text for condition in option.conditions if condition.met is None]
