"""Uploaded files: the one check every upload path uses, and how they are stored.

- **Checked by content and extension.** The client's declared MIME type is never trusted: the
  extension must be on the allow-list AND the first bytes (the "magic number") must be what that
  extension's format starts with, so an ``.html``, ``.svg``, ``.php`` or ``.exe`` renamed ``.pdf``
  is refused. Office packages (docx/xlsx/ofd) are zip files: the package's own index must be there.
- **Stored under a random name** (``<uuid>.<ext>``), never the uploader's: a stored file cannot be
  guessed from its original name, and a crafted name cannot reach another directory.
- **The original name is kept for display only**, cleaned (no path, no control characters) and
  shortened to fit its column, so a 300-character name is not a database error.
- **Nothing is written to disk unless the row is**: ``store`` inserts the row first and writes the
  bytes after; ``files_removed_on_error`` deletes what was written when the surrounding transaction
  fails, so no orphan file is left behind.

Files are served only through the permission-checked download view (oversight/api/views/downloads.py).
"""

from __future__ import annotations

import unicodedata
import uuid
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from oversight.errors import InvalidInput
from oversight.wording import size_label

PDF = b"%PDF-"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .doc/.xls/.wps (Compound File Binary)
ZIP = b"PK\x03\x04"  # docx/xlsx/ofd are zip packages
JPEG = b"\xff\xd8\xff"
PNG = b"\x89PNG\r\n\x1a\n"


class Kind:
    """One allowed file type: the magic its content starts with, the member a zip package must
    hold (docx/xlsx/ofd), and the Content-Type it is served with."""

    def __init__(self, magic: bytes | None, content_type: str, package_member: str = "") -> None:
        self.magic = magic
        self.content_type = content_type
        self.package_member = package_member


WORD = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
EXCEL = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

ALLOWED: dict[str, Kind] = {
    "pdf": Kind(PDF, "application/pdf"),
    "doc": Kind(OLE, "application/msword"),
    "wps": Kind(OLE, "application/vnd.ms-works"),
    "docx": Kind(ZIP, WORD, "word/"),
    "xls": Kind(OLE, "application/vnd.ms-excel"),
    "xlsx": Kind(ZIP, EXCEL, "xl/"),
    "ofd": Kind(ZIP, "application/ofd", "OFD.xml"),
    "jpg": Kind(JPEG, "image/jpeg"),
    "jpeg": Kind(JPEG, "image/jpeg"),
    "png": Kind(PNG, "image/png"),
    "txt": Kind(None, "text/plain; charset=utf-8"),
}
ACCEPT = ",".join(f".{ext}" for ext in ALLOWED)  # the file input's accept attribute
NAME_MAX = 100  # characters of the original name kept for display (the column holds 200)


def _ext(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _refuse(message: str) -> InvalidInput:
    return InvalidInput(message, code="invalid_attachment", fields={"attachments": message})


def _is_package(upload: UploadedFile, member: str) -> bool:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as package:  # type: ignore[arg-type]  # a file object
            names = package.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    finally:
        upload.seek(0)
    if member.endswith("/"):
        return any(n.startswith(member) for n in names)
    return any(n == member or n.endswith("/" + member) for n in names)


def _is_plain_text(upload: UploadedFile) -> bool:
    """Text a reader can open as such: UTF-8 or GB18030, no NUL bytes, and not markup (an HTML
    page renamed .txt is still refused)."""
    upload.seek(0)
    head = upload.read(64 * 1024)
    upload.seek(0)
    if b"\x00" in head:
        return False
    for encoding in ("utf-8", "gb18030"):
        try:
            text = head.decode(encoding)
        except UnicodeDecodeError:
            continue
        return not text.lstrip("\ufeff \t\r\n").startswith("<")
    return False


def check_upload(upload: UploadedFile) -> str:
    """Refuse a file that is not what its allowed extension says it is (400, in Chinese); return
    the Content-Type it will be served with. Used by the API, the pages and the services alike."""
    name = clean_name(upload.name or "")
    ext = _ext(name)
    kind = ALLOWED.get(ext)
    if kind is None:
        raise _refuse(
            _("“%(name)s”的文件类型不允许，只能上传 PDF、Word、Excel、OFD、图片（jpg/png）或纯文本（txt）。")
            % {"name": name}
        )
    limit = int(settings.ATTACHMENT_MAX_BYTES)
    if (upload.size or 0) > limit:
        raise _refuse(_("“%(name)s”超过大小限制（最大 %(limit)s）。") % {"name": name, "limit": size_label(limit)})
    if not upload.size:
        raise _refuse(_("“%(name)s”是空文件。") % {"name": name})
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if kind.magic is None:
        genuine = _is_plain_text(upload)
    else:
        genuine = head.startswith(kind.magic) and (not kind.package_member or _is_package(upload, kind.package_member))
    if not genuine:
        raise _refuse(
            _("“%(name)s”的内容与扩展名不符，请上传真实的 PDF、Word、Excel、OFD、图片或文本文件。") % {"name": name}
        )
    return kind.content_type


def clean_name(name: str) -> str:
    """The original file name for display: no directories, no control characters, at most
    NAME_MAX characters with the extension kept."""
    name = PureWindowsPath(PurePosixPath(name).name).name  # browsers on Windows may send a path
    name = unicodedata.normalize("NFC", name)
    name = "".join(" " if unicodedata.category(c).startswith("C") else c for c in name)
    name = " ".join(name.split()).strip(" .") or _("附件")
    if len(name) <= NAME_MAX:
        return name
    ext = _ext(name)
    if ext and len(ext) < 10:
        return name[: NAME_MAX - len(ext) - 1].rstrip(" .") + "." + ext
    return name[:NAME_MAX]


def storage_name(folder: str, original: str) -> str:
    """A random path for the stored bytes: ``<folder>/<yyyy>/<mm>/<uuid>.<ext>``."""
    today = timezone.localdate()
    ext = _ext(clean_name(original))
    return f"{folder}/{today:%Y/%m}/{uuid.uuid4().hex}.{ext}"


class WrittenFiles:
    """Names written during one transaction, deleted again if it fails."""

    def __init__(self) -> None:
        self.names: list[str] = []


@contextmanager
def files_removed_on_error() -> Iterator[WrittenFiles]:
    """Wrap a service's transaction: if anything inside raises (the database refused a row, a
    later step failed), the files already written are removed, so the disk holds only files whose
    rows were committed."""
    written = WrittenFiles()
    try:
        yield written
    except BaseException:
        for name in written.names:
            default_storage.delete(name)
        raise


def store(model: Any, *, upload: UploadedFile, folder: str, written: WrittenFiles, **fields: Any) -> models.Model:
    """Insert the attachment row, then write its bytes under a random name (checked again here,
    so no caller can skip the check)."""
    content_type = check_upload(upload)
    name = storage_name(folder, upload.name or "")
    row = model.objects.create(
        file=name, name=clean_name(upload.name or ""), size=upload.size or 0, content_type=content_type, **fields
    )
    upload.seek(0)
    stored = default_storage.save(name, upload)
    written.names.append(stored)
    if stored != name:  # the storage picked another name (it never should for a fresh uuid)
        model.objects.filter(pk=row.pk).update(file=stored)
    return row
