"""Enrolment of people into sessions, with capacity and an ordered waitlist."""
