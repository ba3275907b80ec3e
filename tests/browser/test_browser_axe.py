"""Accessibility: axe-core finds no serious or critical violation on the main pages of each
role, on a wide laptop (1440 px), a common laptop (1366 px) and a phone (390 px).

axe-core comes with the axe-playwright-python test dependency; it is injected by Playwright
(page.evaluate), so the pages' Content-Security-Policy stays as it is.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import DEMO_PASSWORD

pytestmark = pytest.mark.browser

WIDTHS = (1440, 1366, 390)
SEVERE = {"serious", "critical"}
#: role -> pages reached from that role's menu (the anonymous ones first).
PAGES = {
    None: ["/login", "/verify"],
    "admin": ["/", "/admin/users", "/audit/", "/programs/"],
    "kapolda": [
        "/",
        "/readiness/",
        "/readiness/reports",
        "/units/",
        "/people/",
        "/responses/",
        "/responses/units/15/breaches",
        "/responses/import",
    ],
    "kapolres": ["/"],  # a commander and participant: both home sections on one page
    "pelatih": [
        "/",
        "/sessions/",
        "/sessions/new",
        "/calendar/",
        "/assessments/",
        "/learning/banks",
        "/certificates/",
    ],
    "peserta": [
        "/",
        "/jadwal-saya",
        "/attendance/checkin",
        "/certificates/mine",
        "/assessments/mine",
    ],
}

_axe = Axe()


def _severe(page) -> list[str]:
    results = _axe.run(page)
    return [
        f"{v['id']} ({v['impact']}): {node['target']}"
        for v in results.response["violations"]
        if v["impact"] in SEVERE
        for node in v["nodes"]
    ]


@pytest.mark.parametrize("role", list(PAGES), ids=lambda role: role or "anonymous")
def test_main_pages_have_no_serious_accessibility_violations(browser, live_server, role):
    found = {}
    for width in WIDTHS:
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        if role:
            page.goto(live_server + "/login")
            page.get_by_label("Nama pengguna").fill(role)
            page.get_by_label("Kata sandi").fill(DEMO_PASSWORD)
            page.get_by_role("button", name="Masuk").click()
            page.wait_for_load_state()
        for path in PAGES[role]:
            response = page.goto(live_server + path)
            assert response.status == 200, (path, response.status)
            problems = _severe(page)
            if problems:
                found[f"{path} @ {width}px"] = problems
        context.close()
    assert found == {}
