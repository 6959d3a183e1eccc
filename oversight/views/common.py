"""What every page view shares: role guards, service-error handling, paging."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Page, Paginator
from django.db import connections, router
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.functional import LazyObject, empty

from oversight.errors import DomainError, InvalidInput
from oversight.paging import PageFirstPaginator

F = TypeVar("F", bound=Callable[..., HttpResponse])

PAGE_SIZE = 50


def _role_required(check: Callable[[Any], bool]) -> Callable[[F], F]:
    """Pages of another role answer 404, like an object one may not see: nothing leaks."""

    def decorator(view: F) -> F:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not check(request.user):
                raise Http404
            return view(request, *args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator


def load_roles(user: Any) -> Any:
    """Load what every page asks of the person — ``user.unit_roles``, ``user.deputy_id`` (the
    navigation, the role guards, visibility) and the unread inbox count (the header badge) — in one
    query instead of three. Values are the model's own (``oversight.models.people.User``): the unit
    memberships and the deputy the person is, read the same way; nothing already loaded is read
    again — a signed-in page's session brought all three with the person (security/sessions.py),
    so this reads only for a person who came another way. The count is the one at the time of
    reading. Returns ``user``."""
    person = user
    if isinstance(person, LazyObject):  # request.user: the cached properties live on the User itself
        if person._wrapped is empty:  # type: ignore[attr-defined]
            person._setup()  # type: ignore[attr-defined]
        person = person._wrapped  # type: ignore[attr-defined]
    if not getattr(person, "is_authenticated", False) or "unit_roles" in vars(person) or "deputy_id" in vars(person):
        return user
    rows = _roles_rows(type(person), person.pk)
    if not rows:  # the account was deleted under the request: let the properties ask themselves
        return user
    roles: dict[int, set[str]] = {}
    for unit_id, role, _deputy, _unread in rows:
        if unit_id is not None:
            roles.setdefault(unit_id, set()).add(role)
    vars(person)["unit_roles"] = roles
    vars(person)["deputy_id"] = rows[0][2]
    person.unread_inbox = int(rows[0][3] or 0)
    return user


def _roles_queryset(model: Any, pk: int) -> Any:
    """One row per unit membership (or one row without), each with the deputy id and unread count."""
    from django.db.models import Count, OuterRef, Subquery

    from oversight.models import Deputy
    from tracker.models import Notification

    deputy = Deputy.objects.filter(user_id=OuterRef("pk")).order_by("name", "id").values("pk")[:1]
    unread = (
        Notification.objects.filter(recipient_id=OuterRef("pk"), read_at__isnull=True)
        .order_by()
        .values("recipient_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        model._default_manager.filter(pk=pk)
        .annotate(the_deputy=Subquery(deputy), unread=Subquery(unread))
        .values_list("unit_memberships__unit_id", "unit_memberships__role", "the_deputy", "unread")
    )


# The SQL of ``_roles_queryset`` per database and user model, compiled once: building the
# queryset cost more Python than the three queries it replaces (docs/benchmarks.md).
_ROLES_SQL: dict[tuple[str, Any], str] = {}
_SENTINEL_PK = -20261201


def _roles_rows(model: Any, pk: int) -> list[tuple[Any, ...]]:
    using = router.db_for_read(model)
    sql = _ROLES_SQL.get((using, model))
    if sql is None:
        compiled, params = _roles_queryset(model, _SENTINEL_PK).query.sql_with_params()
        if list(params) != [_SENTINEL_PK]:  # pragma: no cover - a backend that inlines parameters
            return list(_roles_queryset(model, pk))
        sql = _ROLES_SQL[(using, model)] = compiled
    with connections[using].cursor() as cursor:
        cursor.execute(sql, [pk])
        return list(cursor.fetchall())


staff_required = _role_required(lambda u: u.is_staff_member)
unit_required = _role_required(lambda u: bool(load_roles(u).unit_ids()))
deputy_required = _role_required(lambda u: bool(load_roles(u).deputy_id))


def apply_domain_error(request: HttpRequest, error: DomainError, form: forms.Form | None = None) -> int:
    """Show a service's refusal: field errors next to the fields, the rest as a message.

    Returns the HTTP status the page answers with (409 illegal transition, 403 not allowed, 400)."""
    placed = False
    if form is not None and isinstance(error, InvalidInput) and error.fields:
        for name, text in error.fields.items():
            target = name if name in form.fields else None
            form.add_error(target, str(text))
            placed = True
    if not placed:
        messages.error(request, error.message)
    return error.status


def render_form_error(request: HttpRequest, error: DomainError, template: str, context: dict[str, Any]) -> HttpResponse:
    status = apply_domain_error(request, error, context.get("form"))
    return render(request, template, context, status=status)


def paginate(
    request: HttpRequest, items: Any, per_page: int = PAGE_SIZE, paginator: Paginator | None = None
) -> tuple[Page[Any], str]:
    """The page asked for, plus the query string (without ``page``) for the pager links. ``items``
    are paged by ``PageFirstPaginator`` (the page and its count in one query) unless a
    ``paginator`` of their own is given."""
    pager = paginator if paginator is not None else PageFirstPaginator(items, per_page)
    page = pager.get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    query = params.urlencode()
    return page, f"{query}&" if query else ""


# {(url name, script prefix, urlconf): the URL before and after the id}: URLs do not change while
# a process runs.
_URL_PARTS: dict[tuple[str, str, Any], tuple[str, str]] = {}


def _url_parts(name: str) -> tuple[str, str]:
    key = (name, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
    known = _URL_PARTS.get(key)
    if known is None:
        marker = "2147483647"
        url = reverse(name, args=[int(marker)])
        if url.count(marker) != 1:
            raise ValueError(f"{name}: not a URL with one id")
        head, _marker, tail = url.partition(marker)
        known = _URL_PARTS[key] = (head, tail)
    return known


def url_prefix(name: str) -> str:
    """The URL named ``name`` for an object, up to its id: ``/suggestions/`` for
    ``/suggestions/<pk>/``. A list's rows write ``{{ prefix }}{{ row.pk }}/`` instead of reversing
    the same URL fifty times (``{% url %}`` is a resolver walk per row: docs/benchmarks.md); the
    prefix itself is worked out once per process."""
    head, tail = _url_parts(name)
    if tail != "/":
        raise ValueError(f"{name}: the id is not the URL's last segment")
    return head


def url_for(name: str, pk: Any) -> str:
    """``reverse(name, args=[pk])`` for a URL with one id, without a resolver walk per call."""
    head, tail = _url_parts(name)
    return f"{head}{pk}{tail}"


def handle_form(
    request: HttpRequest,
    *,
    form: forms.Form,
    action: Callable[[dict[str, Any]], Any],
    success_url: str,
    success_message: str,
    context: dict[str, Any],
    template: str = "form_page.html",
) -> HttpResponse:
    """Validate, call the service, redirect on success; otherwise show the form again as typed.

    A refusal by the service (DomainError) keeps the input and answers with the error's status."""
    if request.method == "POST" and form.is_valid():
        try:
            action(form.cleaned_data)
        except DomainError as error:
            return render_form_error(request, error, template, {**context, "form": form})
        messages.success(request, success_message)
        return redirect(success_url)
    return render(request, template, {**context, "form": form})


def handle_form_back(
    request: HttpRequest,
    *,
    back_url: str,
    form: forms.Form,
    action: Callable[[dict[str, Any]], Any],
    success_message: str,
    context: dict[str, Any],
    template: str = "form_page.html",
) -> HttpResponse:
    """``handle_form`` where saving and cancelling both lead back to the same page (``back_url``)."""
    return handle_form(
        request,
        form=form,
        action=action,
        success_url=back_url,
        success_message=success_message,
        context={**context, "cancel_url": back_url},
        template=template,
    )


def post_action(
    request: HttpRequest, action: Callable[[], Any], *, success_message: str, back_url: str
) -> HttpResponse:
    """A one-button step (立案, 签收, 签发, 公开): POST only; refusals show a page with the reason."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        action()
    except DomainError as error:
        messages.error(request, error.message)
        return render(request, "action_refused.html", {"error": error, "back_url": back_url}, status=error.status)
    messages.success(request, success_message)
    return redirect(back_url)


def posted(request: HttpRequest) -> Any:
    """Bind a form on POST even when nothing was sent (an empty POST must still show errors)."""
    return request.POST if request.method == "POST" else None


def files(request: HttpRequest) -> Any:
    return request.FILES if request.method == "POST" else None
