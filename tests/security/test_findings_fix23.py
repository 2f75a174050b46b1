"""fix23's findings (SECURITY.md 140–): the lock order of the units directory's steps against a recall, on
PostgreSQL (SQLite's one writer orders them). Invented names and notices."""
from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from helpers.briefing import confirm_all, error_code, fast_headers, ok, unit_ids
from tests_support import office_today

from services.core.dispatch import wait_idle

YT, GT, XD = "Sở Y tế", "Sở Giao thông vận tải", "Sở Xây dựng"


@pytest.mark.parametrize("moment", ["documents", "registry"])
@pytest.mark.parametrize("db_backend", ["postgres"], indirect=True)
def test_a_unit_merged_while_a_recall_runs_is_no_deadlock(db_backend: str, anon_client: Any, monkeypatch: Any,
                                                         moment: str) -> None:
    """SECURITY.md 140. An administrator merges Sở Giao thông vận tải into Sở Xây dựng (the units page) while the
    clerk recalls a công văn whose task names it as a cooperating unit. The merge moved the unit's tasks first, then
    its routings and deliveries (the registry's rows), then held each document to set its units again; the recall
    writes its deliveries, holds the document (its mark), then recalls the document's open tasks — the opposite
    order: PostgreSQL aborted one of them (a 500 to the administrator, or the clerk's recall failed). The recall is
    started at the merge's hold of the documents (`documents`) and at its move of the registry's rows (`registry`),
    each time holding the document and waiting for what it needs next, as a recall does (no sleep). The merge now
    moves the registry's rows, then holds the documents, then the tasks — the recall's order."""
    from helpers.recall_race import Recall, sent_cong_van
    from helpers.web import csrf_of, ui_login

    from services.briefing import unit_directory
    from services.core.auth import service as accounts
    from services.core.db import session_factory
    from services.registry import public as registry

    web = anon_client
    day = office_today()
    who = f"f23{moment[0]}"
    clerk = fast_headers("clerk", clearance=1, username=f"vanthu-{who}")
    leader = fast_headers("leader", clearance=2, username=f"pct-{who}")
    fast_headers("unit_head", unit=GT, clearance=0, username=f"gd-gt-{who}")
    fast_headers("unit_head", unit=XD, clearance=0, username=f"gd-xd-{who}")
    with session_factory()() as session:
        accounts.create_user(session, f"quantri-{who}", "mat-khau-fix-23", "admin", None, 3)
        session.commit()
    deadline = (day + timedelta(days=15)).strftime("%d/%m/%Y")
    if moment == "documents":  # the merged unit cooperates on Sở Y tế's task: the công văn went to Sở Y tế
        out = sent_cong_van(web, clerk, leader, YT, f"UBND tỉnh giao {YT} chủ trì, phối hợp với {GT} rà soát xe cứu "
                            f"thương tuyến huyện, báo cáo trước ngày {deadline}.", "V/v rà soát xe cứu thương")
    else:  # the merged unit leads: the công văn was delivered to it (a delivery the recall writes first)
        out = sent_cong_van(web, clerk, leader, GT, f"UBND tỉnh giao {GT} chủ trì rà soát biển báo trên tuyến đường "
                            f"tỉnh, báo cáo trước ngày {deadline}.", "V/v rà soát biển báo đường tỉnh")
    [task] = confirm_all(web, clerk, out["document_id"])
    if moment == "documents" and GT not in task.get("support", []):
        task = ok(web.patch(f"/tasks/{task['id']}", headers=clerk, json={"support": [GT]}))
    units = unit_ids(web, clerk)
    gt_id, xd_id = units[GT], units[XD]
    assert ui_login(web, f"quantri-{who}", "mat-khau-fix-23").status_code in (200, 303)
    page = web.get(f"/ui/admin/units/{gt_id}")

    recall = Recall(out["id"], f"pct-{who}")
    if moment == "documents":
        recall.start_at(monkeypatch, unit_directory, "hold_document")
    else:
        recall.start_at(monkeypatch, registry, "move_unit")
    try:
        r = web.post(f"/ui/admin/units/{gt_id}/merge", data={"csrf": csrf_of(page.text), "into": xd_id},
                     follow_redirects=True)
    finally:
        recall.join()
        monkeypatch.undo()
    assert r.status_code == 200 and f"Đã gộp “{GT}” vào {XD}" in r.text, (r.status_code, recall.outcome, r.text[:800])
    assert recall.outcome in (["waited"], ["recalled"]), recall.outcome
    if recall.outcome == ["waited"]:  # the merge held the document: the recall goes on once it is committed
        recall(wait=True)
    assert recall.outcome[-1] == "recalled", recall.outcome
    wait_idle(60)
    after = ok(web.get(f"/tasks/{task['id']}", headers=leader))
    assert after["state"] == "recalled", after["state"]
    assert GT not in unit_ids(web, clerk)


def _multipart(fields: list[tuple[str, bytes]], filename: bytes, data: bytes,
               charset: str | None = None) -> tuple[bytes, str]:
    """A multipart/form-data body written by hand (a client's own, not a browser's): the text parts' bytes as given,
    one file part; `charset` declared on the request's Content-Type."""
    b = b"----fix23-boundary"
    out = b"".join(b"--" + b + b'\r\nContent-Disposition: form-data; name="' + name.encode() + b'"\r\n\r\n' + raw +
                   b"\r\n" for name, raw in fields)
    out += (b"--" + b + b'\r\nContent-Disposition: form-data; name="file"; filename="' + filename + b'"\r\n'
            b"Content-Type: application/octet-stream\r\n\r\n" + data + b"\r\n--" + b + b"--\r\n")
    return out, f"multipart/form-data; boundary={b.decode()}" + (f"; charset={charset}" if charset else "")


def test_a_multipart_body_is_read_as_utf8_or_refused(anon_client: Any) -> None:
    """SECURITY.md 143 (118 left multipart forms). Starlette reads a multipart text part (a field, a field's name, a
    file's name) in the charset the request declares, and falls back to Latin-1, silently, for bytes that are not
    in it: a register entry sent with "; charset=latin-1" and UTF-8 words was stored "Ä\\x90Ã£ …", and one in
    Windows-1258 (no charset) "ÐaÞ …" — on every multipart route (the API's uploads and registrations, the pages'
    upload forms). UTF-8 bytes are now read as UTF-8 whatever the label (the words as typed), and a text part that
    is not UTF-8 is refused (422 `body_not_utf8`) before anything is written — one place, the request guard."""
    import unicodedata

    from helpers.registry import letter

    web = anon_client
    clerk = fast_headers("clerk", clearance=1, username="vanthu-f23m")
    subject = "Đã xong việc rà soát hồ sơ"
    body, ctype = _multipart([("subject", subject.encode()), ("sender", "Sở Y tế".encode())], b"cv-1.docx",
                             letter("71/SYT-VP", extra="f23-1"), charset="latin-1")
    entry = ok(web.post("/registry/incoming", headers={**clerk, "content-type": ctype}, content=body), 201)
    assert (entry["subject"], entry["sender"]) == (subject, "Sở Y tế"), entry

    before = ok(web.get("/registry/incoming", headers=clerk))["total"]
    cp1258 = unicodedata.normalize("NFD", "Đã xong rà soát").encode("cp1258")  # tones as combining marks
    for fields, filename, charset in (([("subject", cp1258)], b"cv-2.docx", None),
                                      ([("subject", cp1258)], b"cv-2.docx", "windows-1258"),
                                      ([("subject", subject.encode())], "công-văn.docx".encode("cp1258"), None)):
        body, ctype = _multipart([*fields, ("sender", "Sở Y tế".encode())], filename,
                                 letter("72/SYT-VP", extra="f23-2"), charset=charset)
        r = web.post("/registry/incoming", headers={**clerk, "content-type": ctype}, content=body)
        assert error_code(r, 422) == "body_not_utf8", charset
    assert ok(web.get("/registry/incoming", headers=clerk))["total"] == before  # nothing registered

    body, ctype = _multipart([("level", b"0")], "báo-cáo.txt".encode("cp1258"), "Báo cáo số 5.".encode())
    r = web.post("/documents", headers={**clerk, "content-type": ctype.replace('name="file"', 'name="files"')},
                 content=body.replace(b'name="file"', b'name="files"'))
    assert error_code(r, 422) == "body_not_utf8"

    # the upload page's form (multipart), as a client other than a browser sends it: the same refusal
    from helpers.web import csrf_of, ui_login

    assert ui_login(web, "vanthu-f23m", "mat-khau-123").status_code in (200, 303)
    token = csrf_of(web.get("/ui/upload").text)
    body, ctype = _multipart([("csrf", token.encode())], "báo-cáo.txt".encode("cp1258"), "Báo cáo số 6.".encode())
    r = web.post("/ui/upload", headers={"content-type": ctype, "x-csrf-token": token},
                 content=body.replace(b'name="file"', b'name="files"'))
    assert error_code(r, 422) == "body_not_utf8"
    body, ctype = _multipart([("csrf", token.encode())], "báo-cáo.txt".encode(), "Báo cáo số 6.".encode(), "latin-1")
    r = web.post("/ui/upload", headers={"content-type": ctype, "x-csrf-token": token, "accept": "application/json"},
                 content=body.replace(b'name="file"', b'name="files"'))
    assert r.status_code == 200 and r.json()["items"][0]["filename"] == "báo-cáo.txt", r.text[:300]
