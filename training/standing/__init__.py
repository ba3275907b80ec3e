"""Course standing (layer 5, results): each person's CourseStatus and absence warnings kept
current from attendance, assessments, enrolment and sessions, and ``flask refresh-standing``.

The records call ``training.programs.standing_hook.people_changed``; ``init_app`` makes that
run ``engine.refresh_standing``. The cascade gate, which only reads CourseStatus, stays in
``training.programs.cascade``.
"""

from flask import Flask


def init_app(app: Flask) -> None:
    # the engine loads when the app is built, not with the package
    from training.programs.standing_hook import on_people_changed
    from training.standing import engine

    # Looked up at each call, so that ``engine.refresh_standing`` can be replaced in tests.
    on_people_changed(lambda *args, **kwargs: engine.refresh_standing(*args, **kwargs))
