from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tracker.models import Notification
from tracker.services import notification_mark_read, notifications_mark_all_read

pytestmark = pytest.mark.django_db


def test_recipient_marks_one_message_read_and_unread_count_drops(make_user: Any) -> None:
    user = make_user()
    first = Notification.objects.create(recipient=user, title="甲", body="", link="/x/")
    Notification.objects.create(recipient=user, title="乙")
    assert Notification.objects.for_user(user).unread().count() == 2

    notification_mark_read(notification=first, actor=user)

    first.refresh_from_db()
    assert first.read_at is not None
    assert Notification.objects.for_user(user).unread().count() == 1


def test_someone_else_cannot_mark_my_message_read(make_user: Any) -> None:
    owner, other = make_user(), make_user()
    note = Notification.objects.create(recipient=owner, title="甲")
    with pytest.raises(PermissionDenied):
        notification_mark_read(notification=note, actor=other)
    note.refresh_from_db()
    assert note.read_at is None


def test_mark_all_read_touches_only_my_unread_messages(make_user: Any) -> None:
    me, other = make_user(), make_user()
    for title in ("一", "二", "三"):
        Notification.objects.create(recipient=me, title=title)
    theirs = Notification.objects.create(recipient=other, title="他人")

    assert notifications_mark_all_read(actor=me) == 3
    assert notifications_mark_all_read(actor=me) == 0
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_person_sets_own_preferences_and_defaults_apply_until_then(make_user: Any) -> None:
    from tracker.services import notification_preference_get, notification_preference_set

    user = make_user()
    default = notification_preference_get(user=user)
    assert (default.by_email, default.by_sms, default.daily_digest) == (True, False, False)

    notification_preference_set(actor=user, by_email=False, by_sms=True, daily_digest=True, digest_hour=18)

    saved = notification_preference_get(user=user)
    assert (saved.by_email, saved.by_sms, saved.daily_digest, saved.digest_hour) == (False, True, True, 18)
    with pytest.raises(ValidationError):
        notification_preference_set(actor=user, by_email=True, by_sms=False, daily_digest=False, digest_hour=24)
