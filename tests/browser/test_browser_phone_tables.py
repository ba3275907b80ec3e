"""Wide tables on a phone (390 px) scroll inside their own box: the page itself never
scrolls sideways, also where a table's header cells hold visually hidden text (absolutely
positioned by Bootstrap, it used to escape the scroll box and widen the page to 1,034 px)."""

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

#: role -> pages with wide tables: the assessment grids (a hidden label per score field),
#: the quiz setup lists and the account list (a hidden "Aksi" header).
PAGES = {
    "pelatih": ["/assessments/courses/1", "/assessments/sessions/1", "/quiz/courses/1"],
    "admin": ["/admin/users"],
}


@pytest.mark.parametrize("role", list(PAGES))
def test_wide_tables_scroll_inside_their_box_on_a_phone(page: Page, live_server, sign_in, role):
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(role)
    for path in PAGES[role]:
        page.goto(live_server + path)
        expect(page.locator(".table-responsive table").first).to_be_visible()
        box = page.locator(".table-responsive").first
        assert box.evaluate("el => el.scrollWidth > el.clientWidth"), path  # the table is wide
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
