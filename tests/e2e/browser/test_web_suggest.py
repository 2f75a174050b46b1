"""The search box's suggestions as a user sees them in Chromium. The server suggests accent-insensitively ("so xay" ->
"Sở Xây dựng"); the page used a <datalist>, whose options the browser filters by the letters typed, so a user typing
without diacritics saw nothing although the server had answered. The page now shows the server's list as it is,
and a suggestion is picked with the keyboard or the mouse."""
from __future__ import annotations

from typing import Any


def test_accentless_typing_shows_the_units_suggestion_and_searches_it(live: Any, login: Any) -> None:
    live.create_user("cv-xaydung", "unit_staff", "Sở Xây dựng")
    page = login("cv-xaydung")
    assert "Sở Xây dựng" in page.request.get(f"{live.url}/ui/suggest?q=so xay").json()["suggestions"]
    page.goto(f"{live.url}/ui/search")
    box = page.get_by_role("combobox", name="Từ khóa")
    box.press_sequentially("so xay", delay=20)
    option = page.get_by_role("option", name="Sở Xây dựng", exact=True)
    option.wait_for(state="visible")
    assert box.get_attribute("aria-expanded") == "true"
    # keyboard: down to it and Enter searches for the suggestion, not for the accentless letters typed
    names = page.get_by_role("option").all_inner_texts()
    for _ in range(names.index("Sở Xây dựng") + 1):
        box.press("ArrowDown")
    assert option.get_attribute("aria-selected") == "true"
    with page.expect_navigation():
        box.press("Enter")
    assert page.get_by_role("combobox", name="Từ khóa").input_value() == "Sở Xây dựng"
    assert page.get_by_role("listbox", include_hidden=True).is_hidden()
    # Escape closes the list without searching
    box = page.get_by_role("combobox", name="Từ khóa")
    box.fill("")
    box.press_sequentially("so xay", delay=20)
    page.get_by_role("option", name="Sở Xây dựng", exact=True).wait_for(state="visible")
    url = page.url
    box.press("Escape")
    assert page.get_by_role("listbox", include_hidden=True).is_hidden() and page.url == url
