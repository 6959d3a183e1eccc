"""Reply attachments: PDF, Word and images only, size-capped, checked by extension AND content.

The extension alone can be faked by renaming a file; the first bytes (the "magic number") tell
what the file really is, so both must agree before anything is stored.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

PDF = b"%PDF-"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .doc (Compound File Binary)
ZIP = b"PK\x03\x04"  # .docx is a zip package
JPEG = b"\xff\xd8\xff"
PNG = b"\x89PNG\r\n\x1a\n"

ALLOWED: dict[str, tuple[bytes, ...]] = {
    "pdf": (PDF,),
    "doc": (OLE,),
    "docx": (ZIP,),
    "jpg": (JPEG,),
    "jpeg": (JPEG,),
    "png": (PNG,),
}


def check_attachment(upload: UploadedFile) -> None:
    name = upload.name or ""
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in ALLOWED:
        raise forms.ValidationError(
            _("“%(name)s”的文件类型不允许，只能上传 PDF、Word（doc/docx）或图片（jpg/png）。") % {"name": name}
        )
    limit = int(settings.ATTACHMENT_MAX_BYTES)
    if (upload.size or 0) > limit:
        raise forms.ValidationError(
            _("“%(name)s”超过大小限制（最大 %(limit)s）。") % {"name": name, "limit": filesizeformat(limit)}
        )
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if not any(head.startswith(magic) for magic in ALLOWED[ext]):
        raise forms.ValidationError(
            _("“%(name)s”的内容与扩展名不符，请上传真实的 PDF、Word 或图片文件。") % {"name": name}
        )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Several files in one input (Django's documented pattern), each checked on its own."""

    widget = MultipleFileInput

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", gettext_lazy("附件"))
        super().__init__(*args, **kwargs)
        self.widget.attrs["accept"] = ".pdf,.doc,.docx,.jpg,.jpeg,.png"

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
