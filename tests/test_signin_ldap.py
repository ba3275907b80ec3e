"""Directory sign-in against a real OpenLDAP server (Debian's slapd) started by the tests.

Skipped when slapd is not installed, unless REQUIRE_LDAP=1 (CI), where a missing slapd
fails the run."""

import gc
import os
import shutil
import socket
import subprocess
import time

import pytest
from sqlalchemy import func, select

from tests.factories import make_person, make_tree, make_user
from training.audit.models import AuditEntry
from training.auth.models import User
from training.auth.provisioning import PENDING_HASH
from training.auth.services import authenticate
from training.errors import RuleViolation
from training.extensions import db

SLAPD = shutil.which("slapd") or "/usr/sbin/slapd"
SLAPADD = shutil.which("slapadd") or "/usr/sbin/slapadd"
SUFFIX = "dc=polri,dc=test"
ADMIN_DN, ADMIN_PW = f"cn=admin,{SUFFIX}", "admin-rahasia"
CONFIG = """include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/inetorgperson.schema
pidfile {dir}/slapd.pid
modulepath /usr/lib/ldap
moduleload back_mdb
database mdb
maxsize 10485760
suffix "{suffix}"
rootdn "{admin}"
rootpw {password}
directory {dir}/data
"""
TREE = """dn: {suffix}
objectClass: dcObject
objectClass: organization
dc: polri
o: Polri

dn: ou=people,{suffix}
objectClass: organizationalUnit
ou: people

dn: uid=siti,ou=people,{suffix}
objectClass: inetOrgPerson
uid: siti
cn: Siti Aminah
sn: Aminah
employeeNumber: 80000002
userPassword: sandi-direktori-2026

dn: uid=budi,ou=people,{suffix}
objectClass: inetOrgPerson
uid: budi
cn: Budi Santoso
sn: Santoso
employeeNumber: 80000005
userPassword: sandi-budi-2026

dn: uid=tamu,ou=people,{suffix}
objectClass: inetOrgPerson
uid: tamu
cn: Tamu Direktori
sn: Direktori
employeeNumber: 80000099
userPassword: sandi-tamu-2026

dn: uid=keluar,ou=people,{suffix}
objectClass: inetOrgPerson
uid: keluar
cn: Sudah Keluar
sn: Keluar
employeeNumber: 80000006
userPassword: sandi-keluar-2026
"""

if not os.path.exists(SLAPD):
    if os.environ.get("REQUIRE_LDAP") == "1":
        raise RuntimeError(f"REQUIRE_LDAP=1 but no slapd at {SLAPD} (apt-get install slapd)")
    pytest.skip("slapd not installed (apt-get install slapd ldap-utils)", allow_module_level=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def slapd(tmp_path_factory):
    """A throwaway slapd with the test tree, on a free port; yields its URL."""
    folder = tmp_path_factory.mktemp("slapd")
    (folder / "data").mkdir()
    conf = folder / "slapd.conf"
    conf.write_text(CONFIG.format(dir=folder, suffix=SUFFIX, admin=ADMIN_DN, password=ADMIN_PW))
    (folder / "tree.ldif").write_text(TREE.format(suffix=SUFFIX))
    subprocess.run([SLAPADD, "-f", str(conf), "-l", str(folder / "tree.ldif")], check=True,
                   capture_output=True)  # fmt: skip
    url = f"ldap://127.0.0.1:{_free_port()}"
    proc = subprocess.Popen([SLAPD, "-f", str(conf), "-h", url + "/", "-d", "0"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    host, port = url.removeprefix("ldap://").split(":")
    for _ in range(100):
        try:
            socket.create_connection((host, int(port)), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    else:
        proc.kill()
        pytest.fail("slapd did not start")
    yield url
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture
def directory_app(app, slapd):
    app.config.update(
        LDAP_URL=slapd,
        LDAP_BASE_DN=f"ou=people,{SUFFIX}",
        LDAP_BIND_DN=ADMIN_DN,
        LDAP_BIND_PASSWORD=ADMIN_PW,
        LDAP_USER_FILTER="(employeeNumber={nrp})",
    )
    tree = make_tree()
    siti = make_person(tree["polsek_a"], full_name="Siti Aminah", nrp="80000002")
    make_user(username="80000002", person=siti)  # local password: tests.factories.PASSWORD
    make_user(username="lokal.saja")
    # in the directory, no account yet: a Kapolsek, and one who has left
    make_person(tree["polsek_b"], full_name="Budi Santoso", nrp="80000005", position="kapolsek")
    make_person(tree["polsek_a"], full_name="Sudah Keluar", nrp="80000006", is_active=False)
    db.session.commit()
    return app


def test_directory_password_signs_in_the_account_of_that_nrp(directory_app):
    assert authenticate("80000002", "sandi-direktori-2026").username == "80000002"


def test_wrong_directory_password_is_refused(directory_app):
    with pytest.raises(RuleViolation):
        authenticate("80000002", "salah-sandi-2026")


def test_local_passwords_keep_working_beside_the_directory(directory_app):
    from tests.factories import PASSWORD

    assert authenticate("lokal.saja", PASSWORD).username == "lokal.saja"
    assert authenticate("80000002", PASSWORD).username == "80000002"


def test_filter_characters_in_the_name_cannot_widen_the_search(directory_app):
    make_user(username="x*")
    with pytest.raises(RuleViolation):
        authenticate("x*", "sandi-direktori-2026")


def test_an_unreachable_directory_refuses_without_error(directory_app):
    directory_app.config["LDAP_URL"] = f"ldap://127.0.0.1:{_free_port()}"
    directory_app.config["LDAP_TIMEOUT"] = 1
    with pytest.raises(RuleViolation):
        authenticate("80000002", "sandi-direktori-2026")
    gc.collect()  # a socket left open would fail the run here (ResourceWarning)


def test_login_form_accepts_the_directory_password(directory_app):
    client = directory_app.test_client()
    response = client.post(
        "/login", data={"username": "80000002", "password": "sandi-direktori-2026"}
    )
    assert response.status_code == 302 and client.get("/profile").status_code == 200


def _accounts(nrp: str) -> int:
    return db.session.scalar(select(func.count(User.id)).where(User.username == nrp))


def test_a_directory_user_s_first_sign_in_creates_their_account_once(directory_app):
    user = authenticate("80000005", "sandi-budi-2026")
    db.session.commit()

    assert user.username == "80000005" and user.person.full_name == "Budi Santoso"
    assert user.roles == {"commander", "participant"} and user.unit.level == "polsek"
    assert user.password_hash == PENDING_HASH  # no local password: the directory's only
    created = db.session.scalar(
        select(AuditEntry).where(AuditEntry.entity == "user", AuditEntry.action == "create")
    )
    batch = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "provision"))
    assert created.entity_id == user.id and created.after["roles"] == ["commander", "participant"]
    assert batch.after == {"source": "directory", "created": 1}
    assert authenticate("80000005", "sandi-budi-2026").id == user.id
    assert _accounts("80000005") == 1


def test_no_account_is_created_for_a_wrong_password_a_leaver_or_a_stranger(directory_app):
    for nrp, password in (
        ("80000005", "salah-sandi-2026"),  # the directory refuses
        ("80000006", "sandi-keluar-2026"),  # the person has left
        ("80000099", "sandi-tamu-2026"),  # in the directory, not a person here
    ):
        with pytest.raises(RuleViolation):
            authenticate(nrp, password)
        db.session.commit()
        assert _accounts(nrp) == 0


def test_creating_accounts_at_first_sign_in_can_be_turned_off(directory_app):
    directory_app.config["LDAP_CREATE_ACCOUNTS"] = False
    with pytest.raises(RuleViolation):
        authenticate("80000005", "sandi-budi-2026")
    assert _accounts("80000005") == 0


def test_first_sign_in_through_the_login_form_opens_the_participant_s_pages(directory_app):
    client = directory_app.test_client()
    response = client.post("/login", data={"username": "80000005", "password": "sandi-budi-2026"})

    assert response.status_code == 302
    assert client.get("/profile").status_code == 200 and _accounts("80000005") == 1
