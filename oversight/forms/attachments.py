"""Reply and report attachments in the pages: the same check as the API and the services
(oversight.attachments.check_upload — extension AND content), shown as a field error."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy

from oversight.attachments import ACCEPT, check_upload
from oversight.errors import InvalidInput


def check_attachment(upload: UploadedFile) -> None:
    try:
        check_upload(upload)
    except InvalidInput as error:
        raise forms.ValidationError(error.message, code=error.code) from error


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Several files in one input (Django's documented pattern), each checked on its own."""

    widget = MultipleFileInput

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", gettext_lazy("附件"))
        super().__init__(*args, **kwargs)
        self.widget.attrs["accept"] = ACCEPT

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        files: Sequence[Any] = data if isinstance(data, list | tuple) else ([data] if data else [])
        errors: list[forms.ValidationError] = []
        cleaned: list[UploadedFile] = []
        for upload in files:
            try:
                check_attachment(upload)
            except forms.ValidationError as error:
                errors.append(error)
            else:
                cleaned.append(upload)
        if errors:
            raise forms.ValidationError(errors)
        if self.required and not cleaned:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        return cleaned
