"""A throw-away deadline kind for tracker tests (tracker must not import oversight).

The case and subject are plain users: the subject owes the step, superusers hear of escalations.
Imported by the tests, and by the Celery worker the integration tests start (``-I``).
"""

from __future__ import annotations

from collections.abc import Sequence

from django.contrib.auth import get_user_model

from tracker.models import Deadline
from tracker.registry import Recipients, register_kind

KIND = "test_kind"


def _recipients(deadline: Deadline) -> Recipients:
    return _recipients_many([deadline])[deadline.pk]


def _recipients_many(deadlines: Sequence[Deadline]) -> dict[int, Recipients]:
    # Two queries for the whole batch, however many deadlines it holds.
    user_model = get_user_model()
    owners = user_model.objects.in_bulk({d.subject_id for d in deadlines})
    bosses = list(user_model.objects.filter(is_superuser=True, is_active=True))
    return {
        d.pk: Recipients(primary=[owners[d.subject_id]] if d.subject_id in owners else [], escalate=bosses)
        for d in deadlines
    }


def register() -> None:
    register_kind(
        KIND,
        label="测试事项",
        recipients=_recipients,
        recipients_many=_recipients_many,
        link=lambda d: f"/test/{d.case_id}/",
    )


register()
