"""The audit log in words (ui20): every action and every detail key the services record has its Vietnamese label
(services/web/render.py) — an unlabelled one showed as 'reprocess: có', 'handler: …', 'login_throttled' — and the
values read as people write them: a corrected line of the sổ đến field by field with dd/mm/yyyy dates, an API key's
rights, a declassification by level names."""
from __future__ import annotations

import re
from pathlib import Path

from services.web.render import ACTION_LABELS, DETAIL_LABELS, audit_value

SERVICES = Path(__file__).resolve().parents[3] / "services"
# audit(session, who, "<action>", "<object>", id, {"<key>": …, "<key>": …}, …) as the services write it
_CALL = re.compile(r"audit\(\s*\w+,\s*[^,]+,\s*\"(?P<action>[a-z_]+)\",\s*\"[a-z_]+\",[^{)]*(?P<detail>\{[^}]*\})?",
                   re.DOTALL)


def _calls() -> list[tuple[str, str, list[str]]]:
    found = []
    for path in sorted(SERVICES.rglob("*.py")):
        for m in _CALL.finditer(path.read_text(encoding="utf-8")):
            keys = re.findall(r"\"([a-z_]+)\":", m.group("detail") or "")
            found.append((str(path.relative_to(SERVICES)), m.group("action"), keys))
    return found


def test_every_audited_action_and_detail_has_its_words() -> None:
    calls = _calls()
    assert len(calls) > 30, calls  # the scan sees the services' audit calls
    assert not [(f, a) for f, a, _ in calls if a not in ACTION_LABELS]
    assert not [(f, k) for f, _, keys in calls for k in keys if k not in DETAIL_LABELS]


def test_detail_values_read_as_written() -> None:
    corrected = {"sender": ["Sở Tài chính", "Sở Xây dựng"], "doc_date": ["2026-12-02", "2026-12-03"],
                 "urgency": ["normal", "urgent"], "pages": [None, 3]}
    assert audit_value("changed", corrected) == ("tác giả: Sở Tài chính → Sở Xây dựng; ngày văn bản: 02/12/2026 → "
                                                 "03/12/2026; độ khẩn: Thường → Khẩn; số trang: không → 3")
    assert audit_value("declassify", [2, 0]) == "Tối mật → Thường"
    assert audit_value("scopes", ["read", "write"]) == "đọc, ghi"
    assert audit_value("format", "html") == "xem trên màn hình"
    assert audit_value("reprocess", True) == "có"
