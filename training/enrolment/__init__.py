"""Enrolment of people into sessions, with capacity and an ordered waitlist.

The roster table itself (``Enrollment``) belongs to the session: ``training.sessions.enrollments``
(sessions count it, and find clashes in it); this package holds the rules of enrolling.
"""
