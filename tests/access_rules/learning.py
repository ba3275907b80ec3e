"""Access rules of the question banks: every trainer (national or regional) and admin
reads a bank and exports it; only admins and national trainers add, change, delete and
import questions; commanders and participants never see a bank."""

from tests.access_rules.common import row
from tests.learning_builders import make_bank

READ = row(302, 200, 200, 403, 403, 403)
EDIT = row(302, 200, 200, 403, 403, 403, trainer_regional=403, trainer_session=403)
EDIT_POST = row(302, 302, 302, 403, 403, 403, trainer_regional=403, trainer_session=403)
#: The admin deletes the question first: the national trainer finds it gone.
DELETE = row(302, 302, 404, 403, 403, 403, trainer_regional=403, trainer_session=403)

RULES = {
    "learning.index": [("GET", "/learning/banks", None, READ)],
    "learning.detail": [("GET", "/learning/banks/{lb_comp}", None, READ)],
    "learning.export": [
        ("GET", "/learning/banks/{lb_comp}/export/gift", None, READ),
        ("GET", "/learning/banks/{lb_comp}/export/aiken", None, READ),
    ],
    "learning.new": [("GET", "/learning/banks/{lb_comp}/questions/new", None, EDIT)],
    "learning.edit": [("GET", "/learning/questions/{lb_question}/edit", None, EDIT)],
    "learning.delete": [("POST", "/learning/questions/{lb_spare}/delete", {}, DELETE)],
    "learning.import_": [("GET", "/learning/banks/{lb_comp}/import", None, EDIT)],
    # an unknown preview token: back to the import page
    "learning.import_confirm": [
        ("POST", "/learning/banks/{lb_comp}/import/confirm", {"token": "x"}, EDIT_POST)
    ],
}


def build(tree, users) -> dict:
    """A competency whose bank holds two questions (one to edit, one to delete)."""
    competency, questions = make_bank("BANKSOAL", actor=users["admin"])
    return {
        "lb_comp": competency.id,
        "lb_question": questions[0].id,
        "lb_spare": questions[1].id,
    }
