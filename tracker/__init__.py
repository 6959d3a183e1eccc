"""Time and follow-through: calendar, deadlines, timeline, reminders and notifications.

This app knows nothing of suggestions or opinions: `oversight` registers its deadlines and
timeline entries here through generic references (one-way dependency).
"""
