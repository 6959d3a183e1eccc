"""Strict input for every API action: ``InputSerializer`` is the base of every request serializer.

DRF is lenient where a client's mistake should be refused (docs/api.md, 输入校验):
- a boolean missing from a form-encoded body is read as ``false`` (an HTML checkbox convention;
  it silently unpublished replies) — here a missing boolean is missing: required, or its default;
- ``PrimaryKeyRelatedField`` looks ``1.5`` up as ``pk=1`` — here ids are exact integers;
- text may hold control characters, dates may be 0001-01-01 — here the shared rules of
  ``oversight.validation`` apply, the same the page forms use.
The base hardens its fields when they are bound, so a new serializer gets the rules by inheriting.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import relations, serializers
from rest_framework.fields import empty

from oversight.templatetags.oversight_ui import display
from oversight.validation import exact_integer, no_control_characters, not_in_future, sane_date


class ExactIntegerField(serializers.IntegerField):
    """An integer that is one: ``1.5``, ``true`` and ``"1x"`` are refused, never truncated."""

    def to_internal_value(self, data: Any) -> int:
        try:
            value = exact_integer(data)
        except DjangoValidationError:
            self.fail("invalid")
        # Checked here too: as a related field's ``pk_field`` only this method runs, not validators.
        if self.max_value is not None and value > self.max_value:
            self.fail("max_value", max_value=self.max_value)
        if self.min_value is not None and value < self.min_value:
            self.fail("min_value", min_value=self.min_value)
        return value


class PastDateField(serializers.DateField):
    """A date recording something that happened (a contact, a visit, a decision): not in the future."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs["validators"] = [*kwargs.get("validators", []), not_in_future]
        super().__init__(**kwargs)


def harden(field: serializers.Field[Any, Any, Any, Any]) -> None:
    """Apply the strict rules to one bound field (recursing into list and many-related children)."""
    if isinstance(field, serializers.ListField):
        harden(field.child)
    elif isinstance(field, relations.ManyRelatedField):
        harden(field.child_relation)
    elif isinstance(field, relations.PrimaryKeyRelatedField) and field.pk_field is None:
        field.pk_field = ExactIntegerField(min_value=1, max_value=2**63 - 1)  # type: ignore[assignment]  # stubs type pk_field as str
    elif isinstance(field, serializers.BooleanField):
        if field.default is empty:
            field.default_empty_html = empty
    elif isinstance(field, serializers.CharField):
        field.validators = [*field.validators, no_control_characters]
    elif isinstance(field, serializers.DateField):
        field.validators = [sane_date, *field.validators]  # the range first: its message is clearer


class InputSerializer(serializers.Serializer[None]):
    """Base of every request body serializer (nested ones included)."""

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        fields = super().get_fields()
        for field in fields.values():
            harden(field)
        return fields


class ChoiceDisplayField(serializers.CharField):
    """What ``get_<field>_display()`` returns — the label of a choice field's value in the active
    language — read from the labels translated once per language (``oversight_ui.display``, as the pages do).

    ``CharField(source="get_status_display")`` gives the same text, but DRF inspects the method's
    signature for every object it serializes (``is_simple_callable``: ``inspect.signature`` of a
    ``partialmethod``, ≈ 0.1 ms a row, a tenth of a 50-row list: docs/benchmarks.md "API lists:
    the labels of choices"). The schema is the same: a read-only string."""

    def __init__(self, choice_field: str, **kwargs: Any) -> None:
        self.choice_field = choice_field
        kwargs["source"] = "*"
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, instance: Any) -> Any:  # the label, or None as get_FOO_display gave
        label = display(instance, self.choice_field)
        return None if label is None else str(label)
