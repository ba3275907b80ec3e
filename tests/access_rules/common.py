"""Actors and the usual expected-status rows shared by the access rules."""

ACTORS = ("anon", "admin", "trainer", "cmd_in", "cmd_out", "participant")


def row(anon, admin, trainer, cmd_in, cmd_out, participant):
    return dict(zip(ACTORS, (anon, admin, trainer, cmd_in, cmd_out, participant), strict=True))


LOGGED_IN = row(302, 200, 200, 200, 200, 200)
ADMIN_ONLY = row(302, 200, 403, 403, 403, 403)
ADMIN_ONLY_POST = row(302, 302, 403, 403, 403, 403)
READERS = row(302, 200, 200, 200, 200, 403)  # lists: everyone but pure participants
SCOPED = row(302, 200, 200, 200, 404, 403)  # one unit in cmd_in's subtree
SCOPED_PERSON = row(302, 200, 200, 200, 404, 404)
API_ANY = row(401, 200, 200, 200, 200, 200)
API_SCOPED = row(401, 200, 200, 200, 404, 404)
EVERYONE = row(200, 200, 200, 200, 200, 200)
