"""Calendars: month, week and agenda views, and iCalendar feeds."""
