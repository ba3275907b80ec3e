"""The scenario bank's pages (admins): list, add, edit, deactivate, import and export; on
the drills blueprint (``drill_views.bp``)."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from training.assessments.drill_bank import HEADER, IMPORTER, export_rows
from training.assessments.drill_forms import ScenarioForm, ScenarioImportForm
from training.assessments.drill_models import DrillScenario
from training.assessments.drill_scenarios import (
    FIELDS,
    ScenarioInvalid,
    create_scenario,
    scenarios,
    set_active,
    update_scenario,
)
from training.assessments.drill_views import bp
from training.core.importflow import confirm_import, errors_csv, import_page
from training.core.webio import table_download
from training.extensions import db
from training.policy import rules
from training.policy.decorators import role_required

IMPORT_TEMPLATE = "assessments/drill/import.html"


@bp.get("/scenarios")
@role_required(rules.MANAGE_DRILL_BANK)
def scenario_list():
    return render_template("assessments/drill/scenarios.html", items=scenarios())


def _save(form: ScenarioForm, scenario: DrillScenario | None) -> DrillScenario | None:
    """Create or update from a valid form and commit; None (errors on the form) if refused."""
    values = {name: getattr(form, name).data for name in FIELDS}
    try:
        if scenario is None:
            scenario = create_scenario(values, actor=current_user)
        else:
            update_scenario(scenario, values, actor=current_user)
    except ScenarioInvalid as exc:
        db.session.rollback()
        for name, message in exc.errors.items():
            getattr(form, name).errors = [*getattr(form, name).errors, message]
        return None
    db.session.commit()
    return scenario


@bp.route("/scenarios/new", methods=["GET", "POST"])
@role_required(rules.MANAGE_DRILL_BANK)
def scenario_new():
    form = ScenarioForm()
    if form.validate_on_submit() and (item := _save(form, None)) is not None:
        flash(_("Skenario %(code)s dibuat.", code=item.code), "success")
        return redirect(url_for(".scenario_list"))
    return render_template("assessments/drill/scenario_form.html", form=form, item=None)


@bp.route("/scenarios/<int:scenario_id>/edit", methods=["GET", "POST"])
@role_required(rules.MANAGE_DRILL_BANK)
def scenario_edit(scenario_id):
    item = db.get_or_404(DrillScenario, scenario_id)
    form = ScenarioForm(obj=item)
    if form.validate_on_submit() and _save(form, item) is not None:
        flash(_("Skenario %(code)s diperbarui.", code=item.code), "success")
        return redirect(url_for(".scenario_list"))
    return render_template("assessments/drill/scenario_form.html", form=form, item=item)


@bp.post("/scenarios/<int:scenario_id>/toggle")
@role_required(rules.MANAGE_DRILL_BANK)
def scenario_toggle(scenario_id):
    item = db.get_or_404(DrillScenario, scenario_id)
    set_active(item, not item.is_active, actor=current_user)
    db.session.commit()
    message = _("%(code)s diaktifkan.") if item.is_active else _("%(code)s dinonaktifkan.")
    flash(message % {"code": item.code}, "success")
    return redirect(url_for(".scenario_list"))


@bp.route("/scenarios/import", methods=["GET", "POST"])
@role_required(rules.MANAGE_DRILL_BANK)
def import_():
    return import_page(IMPORTER, ScenarioImportForm(), IMPORT_TEMPLATE)


@bp.post("/scenarios/import/confirm")
@role_required(rules.MANAGE_DRILL_BANK)
def import_confirm():
    form = ScenarioImportForm(formdata=None)
    return confirm_import(IMPORTER, form, IMPORT_TEMPLATE, url_for(".scenario_list"))


@bp.get("/scenarios/import/errors/<token>.csv")
@role_required(rules.MANAGE_DRILL_BANK)
def import_errors(token):
    return errors_csv(IMPORTER, token)


@bp.get("/scenarios/export.csv")
@role_required(rules.MANAGE_DRILL_BANK)
def scenario_export():
    return table_download("csv", HEADER, export_rows(), "skenario-latihan-respons", "Skenario")
