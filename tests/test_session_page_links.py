"""A session's pages offer a viewer only what the viewer may do: a commander named trainer of
a class (no trainer role) takes its roll call and shows its codes, but is offered no
"Ubah", "Gandakan", "Batalkan sesi" or "Daftarkan sasaran", whose pages would refuse them
(``policy.sessions.may_organise_session``); a regional trainer of the unit is offered all."""

from datetime import UTC, datetime
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from tests.factories import enrol, make_command_tree, make_course, make_person, make_session
from training.sessions.models import SessionTrainer

FUTURE = datetime(2031, 3, 4, 2, 0, tzinfo=UTC)


class _Targets(HTMLParser):
    """The same-site links (href) and POST form actions of a page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.posts: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and (a.get("href") or "").startswith("/"):
            self.links.append(a["href"])
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self.posts.append(urlsplit(a.get("action") or "").path)


def _targets(client, path: str) -> _Targets:
    reply = client.get(path)
    assert reply.status_code == 200, path
    parser = _Targets()
    parser.feed(reply.text)
    return parser


@pytest.fixture
def world(db):
    """A future tier-2 class at Polres Satu for its own people, taught by the kapolres of
    Polres Satu (a commander and participant, no trainer role), with one person enrolled."""
    tree = make_command_tree()
    session = make_session(
        make_course(tier=2, title="Kapolres Bercentang Biru"),
        tree["polres_1"],
        starts_at=FUTURE,
        title="Kelas Polres Satu",
        audience_unit=tree["polres_1"],
        audience_positions=["kasihumas"],
        capacity=20,
    )
    enrol(session, make_person(tree["polsek_1"], full_name="Ani Humas", position="kasihumas"))
    kapolres = make_person(tree["polres_1"], full_name="Dwi Kapolres", position="kapolres")
    session.trainers.append(SessionTrainer(person_id=kapolres.id))
    db.session.commit()
    return {"tree": tree, "session": session, "kapolres": kapolres}


def test_named_commander_is_offered_the_roll_call_but_nothing_that_would_refuse_them(
    client, login, world
):
    session = world["session"]
    login("commander", "participant", unit=world["tree"]["polres_1"], person=world["kapolres"])
    page = f"/sessions/{session.id}"
    people = f"/sessions/{session.id}/peserta"

    detail, roster = _targets(client, page), _targets(client, people)

    assert f"/attendance/sessions/{session.id}/projector" in detail.links
    for refused in ("/edit", "/duplicate"):
        assert f"{page}{refused}" not in detail.links
    assert f"{page}/cancel" not in detail.posts
    assert f"{people}/sasaran" not in roster.links
    assert f"{people}/tambah" not in roster.posts
    for link in sorted({*detail.links, *roster.links}):
        assert client.get(link).status_code != 403, link


def test_regional_trainer_of_the_unit_is_offered_reorganising(client, login, world):
    session = world["session"]
    login("trainer", unit=world["tree"]["polres_1"])
    page = f"/sessions/{session.id}"
    people = f"/sessions/{session.id}/peserta"

    detail, roster = _targets(client, page), _targets(client, people)

    assert {f"{page}/edit", f"{page}/duplicate"} <= set(detail.links)
    assert f"{page}/cancel" in detail.posts
    assert f"{people}/sasaran" in roster.links
    assert f"{people}/tambah" in roster.posts
    for link in sorted({*detail.links, *roster.links}):
        assert client.get(link).status_code != 403, link
