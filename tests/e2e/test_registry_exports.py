"""The registers printed in the layouts of NĐ 30/2020 Phụ lục IV (DOCX, Excel) and the counts for the giao ban pack;
the pure rules of numbering and the workflow."""
from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
from helpers.briefing import fast_headers
from helpers.registry import DOCX, error_code, letter, ok, register, reply_draft

from services.core.dispatch import wait_idle
from services.core.errors import VanbanError
from services.registry import domain


def test_notation_and_numbers() -> None:
    assert domain.notation("Thông báo", "UBND") == "TB-UBND"
    assert domain.notation("QUYẾT ĐỊNH", "UBND") == "QĐ-UBND"
    assert domain.notation("Công văn", "UBND", "NC") == "UBND-NC"
    assert domain.notation("công văn", "UBND") == "UBND"
    assert domain.full_number(317, "TB-UBND") == "317/TB-UBND" and domain.full_number(5, "UBND-NC") == "05/UBND-NC"
    with pytest.raises(VanbanError) as err:
        domain.notation("Thư tình", "UBND")
    assert err.value.code == "unknown_doc_type"
    assert domain.parse_urgency("THƯỢNG KHẨN") == domain.Urgency.very_urgent
    assert domain.parse_urgency("Hỏa tốc") == domain.Urgency.flash and domain.parse_level("Tối mật") == 2


def test_workflow_rules() -> None:
    state = domain.OutState.draft.value
    for action in ("submit", "sign", "number", "issue", "send", "recall"):
        state = domain.next_state(state, action).value
    assert state == "recalled"
    for current, action in (("numbered", "cancel"), ("issued", "cancel"), ("draft", "sign"), ("cancelled", "submit"),
                            ("recalled", "send"), ("signed", "issue")):
        with pytest.raises(VanbanError) as err:
            domain.next_state(current, action)
        assert err.value.code == "invalid_transition" and err.value.http_status == 409


def test_counts_are_pure() -> None:
    u = domain.Urgency
    facts = [domain.EntryFact("incoming", date(2026, 12, 1), u.urgent, False),
             domain.EntryFact("incoming", date(2026, 12, 2), u.normal, True),
             domain.EntryFact("incoming", date(2026, 11, 30), u.flash, False),  # before the period
             domain.EntryFact("outgoing", date(2026, 12, 3), u.flash, True)]
    c = domain.count_entries(facts, date(2026, 12, 1), date(2026, 12, 7))
    assert (c.received, c.issued, c.unhandled) == (2, 1, 1)
    assert c.received_by_urgency["urgent"] == 1 and c.issued_by_urgency["flash"] == 1
    assert c.unhandled_by_urgency == {"normal": 0, "urgent": 1, "very_urgent": 0, "flash": 0}


def test_exports_and_counts(client: Any, tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    import docx
    import openpyxl

    monkeypatch.setenv("VANBAN_REGISTRY_OUTBOX_DIR", str(tmp_path / "outbox"))
    clerk = fast_headers("clerk", clearance=3, username="vanthu")
    leader = fast_headers("leader", clearance=3, username="chutich")
    a = ok(register(client, clerk, "a.docx", letter("11/SYT", extra="xuất sổ"), sender="Sở Y tế",
                    doc_number="11/SYT", doc_date="2026-12-01", doc_type="Công văn",
                    subject="Về việc tiêm chủng mùa đông", urgency="very_urgent"), 201)
    ok(register(client, clerk, "b.docx", letter("12/SGD", extra="xuất sổ hai"), sender="Sở Giáo dục và Đào tạo",
                doc_number="12/SGD", subject="Về việc thi học sinh giỏi"), 201)
    wait_idle(60)
    ok(client.post(f"/registry/incoming/{a['id']}/routing", headers=leader,
                   json={"instruction": "Sở Y tế chủ trì triển khai.", "lead": ["Sở Y tế"]}), 201)
    ok(client.post(f"/registry/incoming/{a['id']}/handled", headers=clerk))
    out = ok(client.post("/registry/outgoing", headers=clerk, files={"file": ("tb.docx", reply_draft("xuất"), DOCX)},
                         data={"doc_type": "Thông báo", "subject": "Kết luận giao ban tuần",
                               "external_recipients": ["Bộ Y tế"], "urgency": "flash", "copies": "3"}), 201)
    for action, who in (("submit", clerk), ("sign", leader), ("number", clerk), ("issue", clerk), ("send", clerk)):
        ok(client.post(f"/registry/outgoing/{out['id']}/{action}", headers=who))
    today = ok(client.get(f"/registry/incoming/{a['id']}", headers=clerk))["received_on"]

    counts = ok(client.get("/registry/counts", headers=leader, params={"date_from": today, "date_to": today}))
    assert (counts["received"], counts["issued"], counts["unhandled"]) == (2, 1, 1)
    assert counts["received_by_urgency"]["very_urgent"] == 1 and counts["issued_by_urgency"]["flash"] == 1
    assert error_code(client.get("/registry/counts", headers=leader,
                                 params={"date_from": "2026-12-31", "date_to": "2026-01-01"}), 422) == "invalid_period"

    registers = {r["kind"]: r for r in ok(client.get("/registry/registers", headers=clerk))}
    r = client.get(f"/registry/registers/{registers['incoming']['id']}/export", headers=clerk,
                   params={"format": "docx", "date_from": today, "date_to": today})
    assert r.status_code == 200 and r.headers["content-type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml")
    d = docx.Document(io.BytesIO(r.content))
    assert any("SỔ ĐĂNG KÝ VĂN BẢN ĐẾN" in p.text for p in d.paragraphs)
    table = d.tables[0]
    header = [c.text for c in table.rows[0].cells]
    assert header[:3] == ["Ngày đến", "Số đến", "Tác giả"] and len(header) == 9
    first = [c.text for c in table.rows[1].cells]
    assert first[1] == "1" and first[2] == "Sở Y tế" and first[3] == "11/SYT" and first[4] == "01/12/2026"
    assert "tiêm chủng" in first[5] and first[6] == "Sở Y tế" and "Thượng khẩn" in first[8]
    assert len(table.rows) == 3
    second = [c.text for c in table.rows[2].cells]  # left short by the clerk: completed from what ingest read
    assert second[3] == "12/SGD" and second[4] == "02/12/2026"

    r = client.get(f"/registry/registers/{registers['outgoing']['id']}/export", headers=clerk,
                   params={"format": "xlsx"})
    assert r.status_code == 200
    ws = openpyxl.load_workbook(io.BytesIO(r.content)).active
    rows = [list(row) for row in ws.iter_rows(values_only=True)]
    assert rows[3][:3] == ["Số, ký hiệu văn bản", "Ngày tháng văn bản", "Tên loại và trích yếu nội dung"]
    assert rows[4][0] == "01/TB-UBND" and rows[4][4] == "Bộ Y tế" and rows[4][6] == "3" and "Hỏa tốc" in rows[4][7]
    # unit roles print nothing; a missing register is a 404
    staff = fast_headers("unit_staff", "Sở Y tế", 0, "yte")
    assert client.get(f"/registry/registers/{registers['incoming']['id']}/export", headers=staff).status_code == 403
    assert error_code(client.get("/registry/registers/khong-co/export", headers=clerk), 404) == "not_found"

    # the giao ban pack: a "văn bản đến / đi" section for the meeting's period, counted through the reader's access
    ok(register(client, clerk, "m.docx", letter("13/CA", extra="mật"), sender="Công an tỉnh", doc_number="13/CA",
                subject="Về việc bảo đảm an ninh", urgency="urgent", level="1"), 201)
    meeting = ok(client.post("/meetings", headers=clerk, json={"title": "Giao ban tuần", "meeting_date": today}), 201)
    pack = ok(client.get(f"/meetings/{meeting['id']}/pack", headers=leader))["registers"]
    assert pack["date_from"] == f"{today[:4]}-01-01" and pack["date_to"] == today  # the first of its series
    assert (pack["received"], pack["issued"], pack["unhandled"]) == (3, 1, 2)
    assert pack["received_by_urgency"] == {"normal": 1, "urgent": 1, "very_urgent": 1, "flash": 0}
    assert pack["unhandled_by_urgency"]["urgent"] == 1 and pack["issued_by_urgency"]["flash"] == 1
    # a leader without clearance does not learn that a secret document came in
    plain = fast_headers("leader", clearance=0, username="phochutich")
    low = ok(client.get(f"/meetings/{meeting['id']}/pack", headers=plain))["registers"]
    assert (low["received"], low["issued"], low["unhandled"]) == (2, 1, 1) and low["received_by_urgency"]["urgent"] == 0
    r = client.get(f"/meetings/{meeting['id']}/pack.docx", headers=leader)
    assert r.status_code == 200
    d = docx.Document(io.BytesIO(r.content))
    assert any(p.text.endswith("VĂN BẢN ĐẾN / ĐI") for p in d.paragraphs)
    table = next(t for t in d.tables if t.rows[0].cells[0].text == "Văn bản")
    assert [[c.text for c in row.cells][:3] for row in table.rows[1:]] == [
        ["Văn bản đến", "3", "1"], ["Văn bản đi", "1", "0"], ["Văn bản đến chưa giải quyết", "2", "1"]]
    r = client.get(f"/meetings/{meeting['id']}/pack.xlsx", headers=plain)
    wb = openpyxl.load_workbook(io.BytesIO(r.content))
    rows = [list(row) for row in wb["Văn bản đến, đi"].iter_rows(values_only=True) if row[0] == "Văn bản đến"]
    assert rows == [["Văn bản đến", 2, 1, 0, 1, 0]]


def test_migration_matches_the_models(instance: Any) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from services.core.db import Base, get_engine
    from services.models import import_all_models

    import_all_models()
    with get_engine().connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert [d for d in diffs if "registry_" in repr(d)] == []
