"""The English catalogue is complete, compiled, and keeps every placeholder of the Chinese text."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

from django.conf import settings
from django.utils import translation

PO = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|%[sd]")


def entries() -> list[dict[str, str]]:
    """(msgid, msgstr, flags) of each entry; continuation lines joined, escapes kept."""
    found: list[dict[str, str]] = []
    current: dict[str, str] = {}
    key = ""
    for line in [*PO.read_text(encoding="utf-8").splitlines(), ""]:
        # An entry ends at a blank line, or where the next one's comments or msgid begin.
        starts_next = line.startswith(("#", "msgctxt ", "msgid ")) and "msgstr" in current
        if not line.strip() or starts_next:
            if "msgid" in current:
                found.append(current)
            current, key = {}, ""
        if line.startswith("#,"):
            current["flags"] = line
        elif line.startswith(("msgid ", "msgstr", "msgid_plural ", "msgctxt ")):
            key, _space, value = line.partition(" ")
            key = "msgstr" if key == "msgstr[0]" else key  # plurals: the singular stands for the entry
            current[key] = value[1:-1]
        elif line.startswith('"') and key:
            current[key] += line[1:-1]
    return [e for e in found if e["msgid"]]


def test_every_chinese_message_has_an_english_translation() -> None:
    catalogue = entries()
    assert len(catalogue) > 500
    empty = [e["msgid"] for e in catalogue if not e.get("msgstr")]
    fuzzy = [e["msgid"] for e in catalogue if "fuzzy" in e.get("flags", "")]
    assert empty == []
    assert fuzzy == []


def test_translations_keep_the_placeholders() -> None:
    wrong = [
        e["msgid"]
        for e in entries()
        if sorted(PLACEHOLDER.findall(e["msgid"])) != sorted(PLACEHOLDER.findall(e.get("msgstr", "")))
    ]
    assert wrong == []


def test_compiled_catalogue_matches_the_po_file() -> None:
    compiled = gettext.GNUTranslations(PO.with_suffix(".mo").open("rb"))
    stale = [e["msgid"] for e in entries() if "\\" not in e["msgid"] and compiled.gettext(e["msgid"]) != e["msgstr"]]
    assert stale == [], "run: django-admin compilemessages --ignore=.venv"


def test_english_is_served_when_chosen() -> None:
    with translation.override("en"):
        assert translation.gettext("人大监督事项跟踪系统") == "Oversight Tracker"
        assert translation.gettext("代表建议") == "Deputies' suggestion"
    with translation.override("zh-hans"):
        assert translation.gettext("代表建议") == "代表建议"
