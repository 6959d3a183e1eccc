from tracker.models.calendar import CalendarOverride
from tracker.models.deadlines import Deadline
from tracker.models.timeline import TimelineEntry

__all__ = ["CalendarOverride", "Deadline", "TimelineEntry"]
