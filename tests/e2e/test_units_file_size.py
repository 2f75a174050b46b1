"""The units' file page takes files up to its own 2 MB (SECURITY.md 96) and says so itself: a file of 1–2 MB is not
stopped by the 1 MB limit of an ordinary form with a bare JSON 413 (invented content)."""
from __future__ import annotations

import re
from typing import Any


def test_a_units_file_between_one_and_two_megabytes_reaches_the_page(anon_client: Any) -> None:
    from e2e.test_web_http import make_user, web_login
    from helpers.web import csrf_of

    from services.briefing.unit_import import MAX_BYTES
    from services.core.config import get_settings
    from services.core.guard import route_limit

    web = anon_client
    make_user("qt-web-fix17", "admin", clearance=3)
    assert web_login(web, "qt-web-fix17").status_code == 303
    token = csrf_of(web.get("/ui/admin/units").text)
    big = b"PK\x03\x04" + b"\x00" * (MAX_BYTES * 3 // 4)  # 1.5 MB that is no workbook
    assert len(big) > get_settings().max_json_bytes
    r = web.post("/ui/admin/units/import", data={"csrf": token},
                 files={"file": ("danh-muc.xlsx", big, "application/vnd.openxmlformats-officedocument"
                                                        ".spreadsheetml.sheet")}, follow_redirects=True)
    assert r.status_code == 200, (r.status_code, r.text[:300])
    assert "Không đọc được tệp “danh-muc.xlsx”" in " ".join(re.findall(r'class="flash[^>]*>([^<]*)', r.text))
    # past the page's own limit, the page still says it (the body's bound leaves room for the form around the file)
    assert route_limit("POST", "/ui/admin/units/import", get_settings()) > MAX_BYTES
    assert route_limit("POST", "/ui/admin/units", get_settings()) == get_settings().max_json_bytes
