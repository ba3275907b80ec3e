"""Competencies, per-course weights, assessment attempts and scores, and the response drill
(the practical assessment of the ADUAN competency: ``drill_*`` modules, blueprint "drills",
templates/assessments/drill/; its finished drills become attempts with source "drill").

``init_app`` gives templates ``course_competency_names(courses)``, so pages of lower layers
(the programme page) can show what each tier assesses without importing this package.
"""

from flask import Flask


def init_app(app: Flask) -> None:
    from training.assessments.queries import competency_names  # loaded when the app is built

    app.jinja_env.globals["course_competency_names"] = competency_names
