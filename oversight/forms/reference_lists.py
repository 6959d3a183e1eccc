"""The list filter forms, rendered once and kept (a template fragment cache) until a reference list
they show changes.

The staff suggestion list's filter form shows every session, category and unit as an option: three
queries and ≈ 150 options rendered on every page view, a fifth of the page's time at 200,000
suggestions (docs/benchmarks.md), for lists that change a few times a year. The page keeps the
rendered form under ``fragment_key``: the language, ``version()`` — which moves whenever a term,
session, category or unit is saved or deleted (``connect``, from the app's ``ready``) — and the
request's query string, which is everything the form shows of the request (the values typed, the
errors they raise). Nothing in it depends on who asks, so one entry serves every reader of the
page. ``TTL`` bounds what a change made around the models (raw SQL, ``bulk_create``) or in another
process without a shared cache (``CACHE_URL``) can leave on show.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import get_language

VERSION_KEY = "oversight:reference-lists:version"
# Seconds a rendered form is kept at most.
TTL = 300


def version() -> int:
    """A number that changes whenever a reference list the filter forms show is written."""
    return int(cache.get_or_set(VERSION_KEY, _fresh, None) or 0)


def _fresh() -> int:
    # Not a small constant: after an eviction the new series must not meet keys of the old one.
    return int(timezone.now().timestamp() * 1000)


def changed(**_kwargs: Any) -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not in the cache (evicted, or Redis away): any fresh value retires the old keys
        cache.set(VERSION_KEY, _fresh(), None)


def connect() -> None:
    from oversight.models import Session, SuggestionCategory, Term, Unit

    for model in (Term, Session, SuggestionCategory, Unit):
        post_save.connect(changed, sender=model, dispatch_uid=f"reference_lists_saved_{model.__name__}")
        post_delete.connect(changed, sender=model, dispatch_uid=f"reference_lists_deleted_{model.__name__}")


def fragment_key(request: HttpRequest) -> str:
    """What the filter form rendered for ``request`` depends on: language, lists, query string.

    The page number is left out (the form has no such field), but not whether the form is bound:
    ``?page=2`` binds it to no values, which may render differently from the unbound form."""
    params = sorted((name, values) for name, values in request.GET.lists() if name != "page")
    query = hashlib.sha256(repr(params).encode()).hexdigest()[:32]
    return f"{get_language()}:{version()}:{int(bool(request.GET))}:{query}"
