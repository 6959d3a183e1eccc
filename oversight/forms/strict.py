"""Base of every page form: the same input rules as the API (``oversight.validation``)."""

from __future__ import annotations

from django import forms

from oversight.validation import no_control_characters, sane_date


class StrictForm(forms.Form):
    """Text without control characters and dates in a sane range, for every field of the form.

    Applied when the form is cleaned, so fields a subclass adds in its ``__init__`` are covered.
    """

    def full_clean(self) -> None:
        self._harden()
        super().full_clean()

    def _harden(self) -> None:
        for field in self.fields.values():
            if isinstance(field, forms.CharField) and no_control_characters not in field.validators:
                field.validators.append(no_control_characters)
            elif isinstance(field, forms.DateField) and sane_date not in field.validators:
                field.validators.insert(0, sane_date)
