"""The outcome in readiness (issue 15.3 and 15.4): response criteria of Siap (met, unmet,
no data, off), the "perlu penyegaran" flag and its evidence, the refresher targets of the
planner, the outcome chart, and the figures in the PDF, CSV and API.

The world (make_tree, every target certified, thresholds on the certified share only):
- polres_a's own account: aduan answered in 10, 20 and 30 minutes, a question answered in
  500 minutes (another category) and an aduan of 40 days ago answered in 900 minutes;
- polsek_a (below polres_a): an aduan answered in 95 minutes and one still open;
- polres_b: certified people, an account, no mention.
So polsek_a: 2 aduan, 1 answered (50 %), p90 95 min; polres_a's subtree: 5 aduan, 4 answered
(80 %), times 10, 20, 30, 95: p90 (nearest rank 4 of 4) 95 min; polres_b: no data.
"""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from tests.accounts_factories import make_account
from tests.factories import make_person, make_tree
from tests.home_factories import running_programme
from tests.readiness_dashboard_factories import certified
from tests.responses_factories import make_mention
from tests.test_readiness_pdf import text_of
from training.audit.models import AuditEntry
from training.core.timefmt import local_day
from training.planner.refresher import refresher_targets
from training.policy.scope import Scope
from training.readiness import kept
from training.readiness.figures import unmet_labels
from training.readiness.models import ReadinessThresholds
from training.readiness.outcome import refresher_evidence
from training.readiness.rollup import compute
from training.responses.models import Mention
from training.responses.services import mark_answered

SVG = "{http://www.w3.org/2000/svg}"


def _now():
    return datetime.now(UTC).replace(microsecond=0)


def _answered(account, minutes, *, days_ago=0, category="aduan"):
    now = _now()
    received = now - timedelta(days=days_ago, hours=20)
    return make_mention(account, received, minutes, now=now, category=category)


@pytest.fixture
def world(db):
    tree = make_tree()
    program, courses, cycle = running_programme("Program Respons")
    t2, t3 = courses[1], courses[2]
    people = {
        "kapolres_a": make_person(tree["polres_a"], position="kapolres", full_name="Andi Kapolres"),
        "operator_a": make_person(tree["polres_a"], full_name="Budi Operator"),
        "kapolsek_a": make_person(
            tree["polsek_a"], position="kapolsek", full_name="Citra Kapolsek"
        ),
        "operator_s": make_person(tree["polsek_a"], full_name="Eka Operator"),
        "other_s": make_person(tree["polsek_a"], position="lainnya", full_name="Fajar Lainnya"),
        "kapolres_b": make_person(tree["polres_b"], position="kapolres", full_name="Gita Kapolres"),
    }
    for key in ("kapolres_a", "operator_a", "kapolres_b"):
        certified(people[key], t2)
    for key in ("kapolsek_a", "operator_s"):
        certified(people[key], t3)
    account_a, account_s = make_account(tree["polres_a"]), make_account(tree["polsek_a"])
    make_account(tree["polres_b"])
    for minutes in (10, 20, 30):
        _answered(account_a, minutes)
    _answered(account_a, 500, category="pertanyaan")
    _answered(account_a, 900, days_ago=40)
    _answered(account_s, 95)
    _answered(account_s, None)
    db.session.commit()
    kept.forget()
    return {"tree": tree, "program": program, "courses": courses, "cycle": cycle,
            "people": people, "accounts": (account_a, account_s)}  # fmt: skip


def _rules(db, program, **values) -> ReadinessThresholds:
    rules = db.session.scalar(
        select(ReadinessThresholds).where(ReadinessThresholds.program_id == program.id)
    )
    for name, value in values.items():
        setattr(rules, name, value)
    db.session.commit()
    return rules


def _units(world):
    readiness = compute(world["program"], Scope(everything=True), on=local_day())
    return readiness, {code: readiness.units[u.id] for code, u in world["tree"].items()}


# --- figures and criteria -----------------------------------------------------------------


def test_each_unit_reads_the_aduan_of_its_subtree_over_the_window(world):
    _readiness, units = _units(world)

    assert units["polsek_a"].response.as_dict() == {
        "aduan": 2, "aduan_answered": 1, "answered_pct": 50.0, "p90_minutes": 95,
    }  # fmt: skip
    assert units["polres_a"].response.as_dict() == {
        "aduan": 5, "aduan_answered": 4, "answered_pct": 80.0, "p90_minutes": 95,
    }  # fmt: skip
    assert units["polda_a"].response.as_dict() == units["polres_a"].response.as_dict()
    assert units["polres_b"].response is None


def test_with_the_criteria_off_statuses_stay_as_training_decides(world):
    _readiness, units = _units(world)

    trained = ("mabes", "polda_a", "polres_a", "polsek_a", "polres_b")
    assert [(units[c].status, units[c].unmet) for c in trained] == [("siap", [])] * 5
    assert "answered" not in units["polsek_b"].unmet  # no people, no mention: training only
    assert units["polsek_b"].unmet == ["certified", "level", "attendance"]


def test_unmet_response_criteria_make_siap_sebagian_and_say_why(world, db, app):
    rules = _rules(db, world["program"], ready_answered_pct=90, ready_p90_minutes=60)
    _readiness, units = _units(world)

    node = units["polsek_a"]
    assert (node.status, node.unmet) == ("sebagian", ["answered", "response_time"])
    with app.test_request_context():
        assert unmet_labels(node, rules) == [
            "Aduan terjawab 50% (syarat 90%)",
            "P90 waktu tanggap aduan 95 menit (batas 60)",
        ]
        assert unmet_labels(units["polres_b"], rules) == [
            "Aduan terjawab: belum ada data (tidak ada aduan dalam 30 hari terakhir)",
            "P90 waktu tanggap aduan: belum ada data (tidak ada aduan dalam 30 hari terakhir)",
        ]
    assert units["polres_b"].status == "sebagian"  # no data counts as not met


def test_met_response_criteria_keep_siap(world, db):
    _rules(db, world["program"], ready_answered_pct=50, ready_p90_minutes=95)
    _readiness, units = _units(world)

    assert (units["polsek_a"].status, units["polsek_a"].unmet) == ("siap", [])
    assert units["polres_a"].status == "siap"  # 80 % answered, p90 95 min


def test_a_longer_window_takes_in_the_older_aduan(world, db):
    _rules(db, world["program"], response_window_days=60, ready_p90_minutes=120)
    _readiness, units = _units(world)

    assert units["polres_a"].response.as_dict() == {
        "aduan": 6, "aduan_answered": 5, "answered_pct": 83.3, "p90_minutes": 900,
    }  # fmt: skip
    assert units["polres_a"].unmet == ["response_time"]


def test_subtree_figures_equal_a_brute_force_count_of_the_raw_mentions(world, db):
    readiness, _units_by_code = _units(world)
    first = local_day() - timedelta(days=29)
    rows = db.session.scalars(select(Mention).where(Mention.category == "aduan")).all()
    for node in readiness.units.values():
        mine = [
            m for m in rows
            if m.account.unit.path.startswith(node.path)
            and local_day(m.received_at, m.account.unit.timezone) >= first
        ]  # fmt: skip
        times = sorted(m.response_seconds for m in mine if m.first_response_at is not None)
        p90 = times[-(-9 * len(times) // 10) - 1] if times else None
        got = node.response
        found = (got.mentions, got.answered, got.p90_seconds) if got else (0, 0, None)
        assert found == (len(mine), len(times), p90), node.code


# --- the flag -----------------------------------------------------------------------------


def test_certified_units_slower_than_the_aduan_target_need_a_refresher(world, app):
    """The flag is about a unit's own people and own accounts: the Polsek (trained, its
    account slow) is flagged; the Polres (trained, its own account fast) is not, although
    its subtree's p90 (95 minutes, the Polsek's) is over the target; the units above have
    no people and no accounts of their own."""
    readiness, units = _units(world)

    assert {c for c, n in units.items() if n.refresher} == {"polsek_a"}
    assert units["polres_a"].response.p90_minutes == 95
    assert units["polres_a"].own_response.p90_minutes == 30
    assert not units["polres_b"].refresher  # no aduan: no evidence
    with app.test_request_context():
        assert refresher_evidence(units["polsek_a"], 60) == (
            "Satuan ini sendiri (tanpa jajaran): personel bersertifikat 100%, tetapi P90 waktu "
            "tanggap aduan 95 menit (target 60); aduan terjawab 50% (1 dari 2)."
        )


def test_a_unit_whose_people_are_not_trained_is_not_flagged(world, db):
    make_person(world["tree"]["polsek_a"], position="wakapolsek")  # untrained: 2 of 3 certified
    db.session.commit()
    _readiness, units = _units(world)

    assert units["polsek_a"].unmet == ["certified"]
    assert not units["polsek_a"].refresher


def test_the_planner_takes_the_operators_and_commander_of_flagged_units(world):
    polsek = world["tree"]["polsek_a"]
    found = refresher_targets(world["courses"][2], world["cycle"], [polsek.id], [])

    people = world["people"]
    assert sorted(t.person_id for t in found) == sorted(
        [people["kapolsek_a"].id, people["operator_s"].id]
    )
    assert all(not t.untrained and t.unit_code == polsek.code for t in found)


# --- pages, chart, downloads, API ----------------------------------------------------------


def test_the_unit_page_shows_the_response_and_the_flag(world, client, login):
    login("admin")

    html = client.get(f"/readiness/units/{world['tree']['polsek_a'].code}").text

    assert "Respons aduan publik (30 hari terakhir, termasuk jajaran)" in html
    assert 'id="refresher-flag"' in html
    assert "P90 waktu tanggap aduan 95 menit (target 60)" in html
    assert 'href="/readiness/outcome/' in html


def test_the_gap_list_and_the_commander_home_list_flagged_units(world, client, login):
    tree = world["tree"]
    login("commander", unit=tree["polres_a"])

    home = client.get("/").text
    page = client.get(f"/readiness/units/{tree['polres_a'].code}").text

    assert 'id="home-refresher"' in home
    assert tree["polsek_a"].name in home.split('id="home-refresher"')[1].split("</section>")[0]
    listed = page.split('id="refresher-units"')[1].split("</div>")[0]
    assert tree["polsek_a"].name in listed and tree["polres_a"].name not in listed


def _circles(svg_text: str) -> list:
    return [c for c in ET.fromstring(svg_text).iter(f"{SVG}circle") if c.get("class") == "unit"]


def test_the_outcome_chart_draws_one_point_per_unit_with_figures(world, client, login):
    tree = world["tree"]
    login("admin")

    html = client.get("/readiness/outcome/?level=polres").text

    svg = html.split('id="outcome-chart">')[1].split("</svg>")[0] + "</svg>"
    root = ET.fromstring(svg)
    assert root.find(f"{SVG}title").text == "Sertifikasi dibanding waktu tanggap aduan per satuan"
    assert "1 satuan dengan angka lengkap dari 2" in root.find(f"{SVG}desc").text
    assert [c.get("data-code") for c in _circles(svg)] == [tree["polres_a"].code]
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "Personel bersertifikat (%)" in texts and "P90 waktu tanggap aduan (menit)" in texts
    assert "<script" not in html.split("<main")[1].split("</main>")[0]
    assert html.count('<tr data-code="') == 2  # the table lists polres_b too


def test_a_commander_sees_only_the_units_of_their_command(world, client, login):
    tree = world["tree"]
    login("commander", unit=tree["polres_b"])

    html = client.get("/readiness/outcome/?level=polres").text

    assert f'<tr data-code="{tree["polres_b"].code}"' in html
    assert tree["polres_a"].code not in html


def test_the_pdf_report_prints_the_response_and_the_flag(world, client, login):
    login("admin")

    response = client.get(f"/readiness/units/{world['tree']['polsek_a'].code}/report.pdf")

    _reader, text = text_of(response.data)
    assert "Aduan diterima (30 hari terakhir)" in text
    assert "P90 waktu tanggap aduan (target 60 menit)" in text
    assert "95 menit" in text
    assert "Perlu penyegaran: Satuan ini sendiri (tanpa jajaran): personel" in text


def test_the_csv_has_the_response_columns(world, client, login):
    login("admin")

    body = client.get(f"/readiness/units/{world['tree']['polda_a'].code}/readiness.csv").text

    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff")), delimiter=_delimiter(body)))
    header = rows[0]
    assert header[-5:] == ["Aduan", "Aduan terjawab", "Aduan terjawab (%)",
                           "P90 waktu tanggap aduan (menit)", "Perlu penyegaran"]  # fmt: skip
    (polres_a,) = rows[1:]
    assert polres_a[-5:-1] == ["5", "4", _decimal(body, "80.0"), "95"]
    assert polres_a[-1] == "Tidak"  # its own account is fast (the Polsek's is slow)


def _delimiter(body: str) -> str:
    return ";" if body.splitlines()[0].count(";") > body.splitlines()[0].count(",") else ","


def _decimal(body: str, value: str) -> str:
    return value.replace(".", ",") if _delimiter(body) == ";" else value


def test_the_api_gives_the_response_figures_and_rules(world, client, login, db):
    _rules(db, world["program"], ready_answered_pct=90)
    login("admin")

    body = client.get(f"/api/v1/units/{world['tree']['polres_a'].code}/readiness").get_json()

    assert body["response"] == {"aduan": 5, "aduan_answered": 4, "answered_pct": 80.0,
                                "p90_minutes": 95}  # fmt: skip
    assert body["refresher"] is False  # its own account answered its 3 aduan in 30 minutes
    assert body["unmet"] == ["answered"]
    assert body["response_rules"] == {"answered_pct": 90, "p90_minutes": None,
                                      "window_days": 30, "target_minutes": 60}  # fmt: skip
    (child,) = body["children"]
    assert child["response"]["p90_minutes"] == 95 and child["refresher"] is True


def test_the_openapi_document_describes_the_response_fields(client, login):
    login("admin")

    schemas = client.get("/api/v1/openapi.json").get_json()["components"]["schemas"]

    assert "response" in schemas["Readiness"]["properties"]
    assert schemas["ResponseFigures"]["required"] == [
        "aduan", "aduan_answered", "answered_pct", "p90_minutes",
    ]  # fmt: skip
    assert "response_time" in schemas["Readiness"]["properties"]["unmet"]["items"]["enum"]


# --- the kept roll-up ---------------------------------------------------------------------


def test_mentions_written_and_answered_refresh_the_kept_roll_up(world, db):
    program, tree = world["program"], world["tree"]
    everything = Scope(everything=True)
    before = kept.readiness(program, everything).units[tree["polres_b"].id]
    assert before.response is None

    mention = _answered(make_account(tree["polsek_b"]), None)
    db.session.commit()
    opened = kept.readiness(program, everything).units[tree["polda_b"].id]
    mark_answered(mention, mention.received_at + timedelta(minutes=42), now=_now())
    db.session.commit()
    answered = kept.readiness(program, everything)
    fresh = compute(program, everything, on=local_day())

    assert opened.response.as_dict()["aduan_answered"] == 0
    node = answered.units[tree["polda_b"].id]
    assert node.response.as_dict() == {"aduan": 1, "aduan_answered": 1, "answered_pct": 100.0,
                                       "p90_minutes": 42}  # fmt: skip
    assert {u: (n.response, n.refresher, n.status, n.unmet) for u, n in answered.units.items()} == {
        u: (n.response, n.refresher, n.status, n.unmet) for u, n in fresh.units.items()
    }


# --- the thresholds form -------------------------------------------------------------------


def test_admin_sets_response_criteria_audited_and_empty_turns_them_off(world, db, client, login):
    program = world["program"]
    values = {"ready_certified_pct": "80", "ready_accounts_pct": "0", "ready_min_level": "1",
              "ready_attendance_pct": "0", "partial_certified_pct": "50",
              "expiring_days": "60"}  # fmt: skip
    login("admin")

    criteria = {"ready_answered_pct": "90", "ready_p90_minutes": "60", "response_window_days": "14"}
    on = client.post(f"/readiness/thresholds/{program.id}", data={**values, **criteria})
    rules = db.session.scalar(
        select(ReadinessThresholds).where(ReadinessThresholds.program_id == program.id)
    )
    saved = (rules.ready_answered_pct, rules.ready_p90_minutes, rules.response_window_days)
    entry = db.session.scalars(
        select(AuditEntry).where(AuditEntry.entity == "thresholds").order_by(AuditEntry.id.desc())
    ).first()
    off = client.post(f"/readiness/thresholds/{program.id}", data={
        **values, "ready_answered_pct": "0", "ready_p90_minutes": "",
    })  # fmt: skip
    db.session.refresh(rules)

    assert on.status_code == off.status_code == 302
    assert saved == (90, 60, 14)
    assert (entry.after["ready_p90_minutes"], entry.after["response_window_days"]) == (60, 14)
    assert (rules.ready_answered_pct, rules.ready_p90_minutes) == (None, None)
    assert rules.response_window_days == 14  # not posted: kept


def test_the_gap_download_says_whether_the_persons_unit_needs_a_refresher(world, db, client, login):
    tree = world["tree"]
    _rules(db, world["program"], ready_certified_pct=60)  # the Polsek stays flagged at 2 of 3
    make_person(tree["polsek_a"], full_name="Hadi Belum", nrp="83000001")
    make_person(tree["polres_b"], position="wakapolres", full_name="Indah Belum", nrp="83000002")
    db.session.commit()
    kept.forget()
    login("admin")

    body = client.get(f"/readiness/units/{tree['mabes'].code}/gaps.csv").text

    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff")), delimiter=_delimiter(body)))
    assert rows[0][-1] == "Satuan perlu penyegaran"
    flags = {row[1]: row[-1] for row in rows[1:]}
    assert flags == {"Hadi Belum": "Ya", "Indah Belum": "Tidak"}


def test_the_commander_home_shows_how_fast_the_command_answers(world, client, login):
    login("commander", unit=world["tree"]["polres_a"])

    home = client.get("/").text

    card = home.split('id="home-response"', 1)[1].split("</section>", 1)[0]
    assert "Aduan 30 hari terakhir di jajaran Anda:" in card
    assert '<dd class="col-5 mb-0" id="home-response-aduan">5</dd>' in card
    assert "4 (80%)" in card
    assert '<dd class="col-5 mb-0" id="home-response-p90">95 menit</dd>' in card
    assert 'href="/responses/units/{}"'.format(world["tree"]["polres_a"].code) in card
