"""The home page ``/``: one section per role of the signed-in account."""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace

from flask import Blueprint, render_template
from flask_login import current_user, login_required

from training.attendance.reports import STANDING_LABELS
from training.attendance.services import STATUS_LABELS as MARK_LABELS
from training.core.timefmt import viewer_today
from training.home.admin import admin_home
from training.home.commander import commander_home
from training.home.participant import participant_home
from training.home.trainer import trainer_home
from training.policy.home import home_sections
from training.readiness.figures import STATUS_LABELS as READINESS_LABELS
from training.signoff.labels import state_label

bp = Blueprint("home", __name__)

BUILDERS = {
    "trainer": lambda user, now: trainer_home(user, now),
    "commander": lambda user, now: commander_home(user),
    "participant": lambda user, now: participant_home(user, now),
    "admin": lambda user, now: admin_home(now),
}

#: The words of the codes the blocks show.
LABELS = SimpleNamespace(
    readiness=READINESS_LABELS,
    report_state=state_label,
    standing=lambda code: STANDING_LABELS.get(code, code),
    mark=lambda code: MARK_LABELS.get(code, code),
)


@bp.get("/")
@login_required
def index():
    user = current_user._get_current_object()
    now = datetime.now(UTC)
    sections = {name: BUILDERS[name](user, now) for name in home_sections(user)}
    return render_template(
        "home/index.html",
        sections=sections,
        now=now,
        today=viewer_today(user, now),
        labels=LABELS,
    )
