"""Builders for the job tests: certified people spread over several units and ranks."""

from datetime import date

from tests.factories import make_course, make_course_status, make_person
from training.certificates.services import issue_certificate

RANKS = ("Bripda", "Brigadir", "Aipda", "Ipda", "AKP")


def certified_people(tree, count: int, *, units=("polsek_a", "polres_a"), course=None):
    """``count`` people holding a certificate of ``course`` (a new tier-3 course by
    default), alternating between ``units`` and ranks; returns (course, certificates)."""
    course = course or make_course(tier=3, title="Pengelolaan Akun")
    certs = []
    for n in range(count):
        person = make_person(tree[units[n % len(units)]], rank=RANKS[n % len(RANKS)])
        make_course_status(person, course)
        certs.append(issue_certificate(person, course, actor=None, today=date(2026, 11, 25)))
    return course, certs
