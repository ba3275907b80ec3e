"""Actors and the usual expected-status rows shared by the access rules.

Actors (the tree is tests/factories.make_tree plus a sibling Polres "polres_a2" under
polda_a, with a Polsek; the target unit is polres_a, the target person is in polsek_a):
- anon, admin, trainer (a national trainer: no unit), participant;
- cmd_in: commander of polda_a (the target's subtree); cmd_out: commander of polres_b (other
  Polda); cmd_sibling: commander of polres_a2 (same Polda, sibling Polres);
- trainer_regional: trainer attached to polres_a2: sessions held in polres_a and aimed at
  polda_a concern them (they may see them) but they must not manage them;
- trainer_session: trainer attached to polres_a2 too, linked to a person of polres_a2 who is
  named trainer of the feature sessions (``name_session_trainer``): they manage those.
"""

ACTORS = (
    "anon",
    "admin",
    "trainer",
    "cmd_in",
    "cmd_out",
    "participant",
    "trainer_regional",
    "trainer_session",
    "cmd_sibling",
)


def row(
    anon,
    admin,
    trainer,
    cmd_in,
    cmd_out,
    participant,
    *,
    trainer_regional=None,
    trainer_session=None,
    cmd_sibling=None,
):
    """Expected statuses per actor. The actors added later default to the column of the
    same meaning: where a commander is refused for scope (404), the sibling Polres is outside
    too, so cmd_sibling and the trainers of that Polres get 404 (unless the national trainer is
    refused for their role, 403); elsewhere cmd_sibling answers as cmd_out and the two
    regional trainers as the national trainer. Session routes state them explicitly."""
    outside = 404 if 404 in (cmd_in, cmd_out) else None
    if trainer_regional is None:
        trainer_regional = trainer if outside is None or trainer == 403 else outside
    trainer_session = trainer_regional if trainer_session is None else trainer_session
    cmd_sibling = (cmd_out if outside is None else outside) if cmd_sibling is None else cmd_sibling
    values = (anon, admin, trainer, cmd_in, cmd_out, participant)
    values += (trainer_regional, trainer_session, cmd_sibling)
    return dict(zip(ACTORS, values, strict=True))


def name_session_trainer(session, users) -> None:
    """Make trainer_session's person a named trainer of ``session``."""
    from training.sessions.models import SessionTrainer

    session.trainers.append(SessionTrainer(person_id=users["trainer_session"].person_id))


LOGGED_IN = row(302, 200, 200, 200, 200, 200)
ADMIN_ONLY = row(302, 200, 403, 403, 403, 403)
ADMIN_ONLY_POST = row(302, 302, 403, 403, 403, 403)
READERS = row(302, 200, 200, 200, 200, 403)  # lists: everyone but pure participants
#: A list filtered by ?unit=: a code unknown or out of scope shows the page, listing nothing,
#: with the message at the field (no 404), so every reader gets it.
UNIT_LIST = READERS
SCOPED = row(302, 200, 200, 200, 404, 403)  # one unit in cmd_in's subtree
SCOPED_PERSON = row(302, 200, 200, 200, 404, 404)
API_ANY = row(401, 200, 200, 200, 200, 200)
API_SCOPED = row(401, 200, 200, 200, 404, 404)
EVERYONE = row(200, 200, 200, 200, 200, 200)
