from tracker.models.calendar import CalendarOverride, CalendarYear
from tracker.models.deadlines import Deadline
from tracker.models.heartbeat import Heartbeat
from tracker.models.notifications import Notification, NotificationPreference
from tracker.models.policy import PolicySetting
from tracker.models.reminders import Reminder
from tracker.models.timeline import TimelineEntry

__all__ = [
    "CalendarOverride",
    "CalendarYear",
    "Deadline",
    "Heartbeat",
    "Notification",
    "NotificationPreference",
    "PolicySetting",
    "Reminder",
    "TimelineEntry",
]
