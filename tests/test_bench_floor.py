"""The bench's floor pages: empty pages in the app's layout, measured beside the main pages."""

from bench import refapp
from bench.cases_pages import FLOORS, _measure, floor_app
from tests import factories, schema
from training.demo.accounts import DEFAULT_PASSWORD
from training.extensions import db


def test_floor_pages_are_the_layout_alone_signed_in_and_anonymous(tmp_path):
    url = f"sqlite:///{tmp_path / 'floor.sqlite'}"
    app = floor_app(url)
    with app.app_context():
        schema.create_tables(db)
        factories.make_user(username="peserta", password=DEFAULT_PASSWORD)
        db.session.commit()
        reference = refapp.create_app(url).test_client()
        entries = _measure(app, reference, FLOORS, repetitions=3)
        anonymous = app.test_client().get("/_floor/signed-in")
        db.session.remove()
        db.engine.dispose()

    by_path = {entry["name"].split()[1]: entry for entry in entries}
    signed_in, empty = by_path["/_floor/signed-in"], by_path["/_floor/anonymous"]
    assert (signed_in["status"], empty["status"]) == (200, 200)
    # The signed-in floor reads the account (with its roles, unit, person, bell) once.
    assert (signed_in["statements"], empty["statements"]) == (1, 0)
    assert "target_met" not in signed_in and "target_met" not in empty
    assert signed_in["median"] > 0 and signed_in["reference_median"] > 0
    assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]
