"""Similar suggestions of the same session (并案 help), for Chinese text without word spaces.

Method (measured in docs/benchmarks.md, "Similar suggestions"): character bigrams. Chinese words
are mostly two characters, so overlapping bigrams approximate words without a segmenter (jieba is
unmaintained, and a segmenter's errors on place names hurt more than bigram noise). A pair scores

    0.7 · overlap(bigrams of the title's core) + 0.3 · Jaccard(bigrams of the content)

where the title's core drops the boilerplate every title shares (关于…的建议) and overlap is
|A∩B| / min(|A|,|B|): a reworded title adds words (进一步, 工作, 亟待重视) but keeps the
subject's bigrams, while the same matter in another place loses the place's bigrams. (Jaccard on
the title scored F1 0.863 on the labelled set, the overlap coefficient 0.916.) Titles carry the
subject (place + matter); content confirms it when titles are worded differently.

At scale, candidates come first from one GIN index on (session, title trigrams) (pg_trgm +
btree_gin): titles of the same session with ``title % core`` at a lowered threshold
(``TRIGRAM_THRESHOLD``), the ``CANDIDATES`` most similar of them; only those are scored in Python,
so a lookup is one indexed query whatever the table size. (A GiST index with nearest-first
``ORDER BY title <-> core`` measured 4× slower at 200,000 rows: docs/benchmarks.md.) Other
databases fall back to scoring the session's most recent ``CANDIDATES`` rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction

from oversight.models import Suggestion

TITLE_WEIGHT = 0.7
# Shown as "similar" from this score (recall first: staff decide); "probably the same matter" from
# HIGH, the best-F1 threshold on the labelled set (bench/data/similar_pairs.jsonl, see
# docs/benchmarks.md).
SHOW = 0.45
HIGH = 0.73
CANDIDATES = 200
TRIGRAM_THRESHOLD = 0.12

_NOISE = re.compile(r"[^\w]|_", re.UNICODE)
_BOILERPLATE = re.compile(r"^(关于|建议)|的?(建议|意见|议案)$|进一步|切实|有关")


def _clean(text: str) -> str:
    return _NOISE.sub("", text or "")


def title_core(title: str) -> str:
    core = _clean(title)
    for _ in range(2):
        core = _BOILERPLATE.sub("", core)
    return core


def bigrams(text: str) -> frozenset[str]:
    text = _clean(text)
    if len(text) < 2:
        return frozenset({text}) if text else frozenset()
    return frozenset(text[i : i + 2] for i in range(len(text) - 1))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


@dataclass(frozen=True)
class Fingerprint:
    title: frozenset[str]
    content: frozenset[str]


def fingerprint(title: str, content: str) -> Fingerprint:
    return Fingerprint(bigrams(title_core(title)), bigrams(content))


def overlap(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def score(a: Fingerprint, b: Fingerprint) -> float:
    return TITLE_WEIGHT * overlap(a.title, b.title) + (1 - TITLE_WEIGHT) * jaccard(a.content, b.content)


@dataclass(frozen=True)
class Similar:
    suggestion: Suggestion
    score: float

    @property
    def percent(self) -> int:
        return round(self.score * 100)

    @property
    def likely_same(self) -> bool:
        return self.score >= HIGH


_TRIGRAM: dict[str, bool] = {}


def _trigram_ready() -> bool:
    """pg_trgm installed (migration 0003)? Asked once per process and database."""
    if connection.vendor != "postgresql":
        return False
    name = str(connection.settings_dict.get("NAME"))
    if name not in _TRIGRAM:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
            _TRIGRAM[name] = cursor.fetchone() is not None
    return _TRIGRAM[name]


def _candidates(*, session_id: int, title: str, exclude_pk: int | None) -> list[Suggestion]:
    qs = Suggestion.objects.filter(session_id=session_id).select_related("lead_deputy")
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    core = title_core(title) or _clean(title)
    if core and _trigram_ready():
        with transaction.atomic(), connection.cursor() as cursor:
            # Local to this transaction (SET LOCAL): other trigram queries keep the default (0.3).
            # set_config() rather than SET, which takes no bound parameter (server-side binding).
            cursor.execute("SELECT set_config('pg_trgm.similarity_threshold', %s, true)", [str(TRIGRAM_THRESHOLD)])
            return list(
                qs.extra(where=["oversight_suggestion.title %% %s"], params=[core])
                .extra(select={"trgm": "similarity(oversight_suggestion.title, %s)"}, select_params=[core])
                .order_by("-trgm", "-id")[:CANDIDATES]
            )
    return list(qs.order_by("-id")[:CANDIDATES])


def similar_to(
    *, session_id: int, title: str, content: str, exclude_pk: int | None = None, limit: int = 5
) -> list[Similar]:
    """The ``limit`` most similar suggestions of the session scoring at least ``SHOW``."""
    me = fingerprint(title, content)
    scored = [
        Similar(s, score(me, fingerprint(s.title, s.content)))
        for s in _candidates(session_id=session_id, title=title, exclude_pk=exclude_pk)
    ]
    scored = [s for s in scored if s.score >= SHOW]
    scored.sort(key=lambda s: (-s.score, s.suggestion.pk))
    return scored[:limit]


def exact_duplicates(
    *, session_id: int, title: str, lead_deputy_id: Any, exclude_pk: int | None = None
) -> list[Suggestion]:
    """Same session, same lead deputy, same title (ignoring spaces and punctuation)."""
    if not lead_deputy_id:
        return []
    qs = Suggestion.objects.filter(session_id=session_id, lead_deputy_id=lead_deputy_id)
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    wanted = _clean(title)
    return [s for s in qs.only("id", "number", "title", "status") if _clean(s.title) == wanted]
