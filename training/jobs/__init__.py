"""Long work on a job queue (Celery with Redis): bulk certificate files, large imports,
readiness snapshots and reminders, with progress pages and downloadable results."""

from flask import Flask


def init_app(app: Flask) -> None:
    # the queue, its tasks and pages load with the app, not with the Job table (Alembic's
    # training/models.py imports jobs.models, which runs this package first)
    from training.core import importflow
    from training.home import admin as home_admin
    from training.jobs import queue, services, tasks
    from training.jobs.views import start_import
    from training.learning import quiz_grading

    celery = queue.make_celery(app)
    tasks.register(celery)
    app.extensions["celery"] = celery
    importflow.defer_large_imports(start_import)
    quiz_grading.use_queue(services.grade_quiz_later)  # a quiz hand-in is graded by a task
    home_admin.use_jobs_query(services.jobs_query)  # the admin's home page lists recent jobs
    app.jinja_env.globals["job_kind_label"] = services.kind_label
