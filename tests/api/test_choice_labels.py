"""``ChoiceDisplayField`` shows what ``get_<field>_display()`` shows, in every language, for every
serializer that declares one (oversight.api.fields; docs/benchmarks.md "API lists: the labels of
choices")."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation
from rest_framework import serializers

import oversight.api.urls  # noqa: F401  (every API serializer, through the views it routes to)
from oversight.api.fields import ChoiceDisplayField


def _serializers_with_labels() -> list[tuple[type[Any], str, ChoiceDisplayField]]:
    found = []
    pending: list[type[Any]] = [serializers.ModelSerializer]
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if not cls.__module__.startswith("oversight."):
            continue
        for name, field in getattr(cls, "_declared_fields", {}).items():
            if isinstance(field, ChoiceDisplayField):
                found.append((cls, name, field))
    return found


SERIALIZERS = _serializers_with_labels()


def test_every_display_field_of_the_api_is_one() -> None:
    assert len({(cls.Meta.model, f.choice_field) for cls, _name, f in SERIALIZERS}) >= 10


@pytest.mark.parametrize(("serializer", "name", "field"), SERIALIZERS, ids=lambda v: getattr(v, "__name__", str(v)))
def test_the_label_is_get_display(serializer: type[Any], name: str, field: ChoiceDisplayField) -> None:
    """Every choice, and a value that is none of them (shown as it is), in Chinese and English."""
    model = serializer.Meta.model
    choices = [value for value, _label in model._meta.get_field(field.choice_field).flatchoices]
    assert choices
    for language in ("zh-hans", "en"):
        with translation.override(language):
            for value in [*choices, "not-a-choice"]:
                instance = model(**{field.choice_field: value})
                shown = serializer(instance).fields[name].to_representation(instance)
                assert shown == getattr(instance, f"get_{field.choice_field}_display")(), (value, language)
