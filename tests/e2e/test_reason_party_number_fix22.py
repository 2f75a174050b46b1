"""SECURITY.md 132 (fix22, on 130): a task's end reason naming a Mật document is withheld from a reader not cleared
for it — but the number pattern missed the Party's numbering ("88-KL/TU": nothing taken, the reason shown as
written) and a code with a suffix ("15/QĐ-UBND.NC": the lookup of "15/QĐ-UBND" found nothing). Tỉnh ủy documents
are those most often Mật. Both now read "Theo văn bản chỉ đạo mới." in the pack and the history of a reader of
clearance Thường, and as written to a cleared one."""
from __future__ import annotations

from datetime import timedelta
from typing import Any

from helpers.briefing import fast_headers, ingest, ok
from helpers.notices import notice_text
from tests_support import office_today

XD = "Sở Xây dựng"


def _party_conclusion(number: str, day: str) -> str:
    d, m, y = day.split("/")
    return (f"TỈNH ỦY NGHỆ AN\nSố: {number}\nĐẢNG CỘNG SẢN VIỆT NAM\nNghệ An, ngày {d} tháng {m} năm {y}\n\n"
            "KẾT LUẬN\ncủa Ban Thường vụ Tỉnh ủy về quỹ đất nhà ở\n\n1. Giao Sở Xây dựng rà soát quỹ đất nhà ở.\n")


def test_a_party_number_and_a_suffixed_number_of_a_secret_document_are_withheld(anon_client: Any) -> None:
    from services.briefing.access import NUMBER_WITHHELD

    web = anon_client
    day = office_today()
    when = day.strftime("%d/%m/%Y")
    clerk = fast_headers("clerk", clearance=1, username="vanthu-f22")
    office = fast_headers("leader", clearance=2, username="cvp-f22")
    plain = fast_headers("leader", clearance=0, username="pgd-f22")
    plan = notice_text("902/KH-UBND", when, ["Các sở, ngành triển khai kế hoạch phát triển nhà ở năm 2026."],
                       subject="Kế hoạch phát triển nhà ở")
    doc = ingest(web, "kh-902.txt", plan.encode(), clerk)
    secrets = {"88-KL/TU": _party_conclusion("88-KL/TU", when),
               "15/QĐ-UBND.NC": notice_text("15/QĐ-UBND.NC", when, ["Giao Sở Xây dựng rà soát quỹ đất nhà ở."])}
    for n, (number, text) in enumerate(secrets.items()):
        secret_id = ingest(web, f"mat-{n}.txt", text.encode(), clerk)
        assert ok(web.get(f"/documents/{secret_id}", headers=clerk))["number"] == number
        ok(web.patch(f"/documents/{secret_id}/access", headers=clerk, json={"level": 1}))

    reasons = {}
    for number in secrets:
        task = ok(web.post("/tasks", headers=clerk, json={
            "document_id": doc, "lead": XD, "deadline": (day + timedelta(days=5)).isoformat(),
            "action": f"Rà soát quỹ đất nhà ở ({number})"}), 201)
        why = f"Theo văn bản số {number}. Dừng thực hiện, gộp vào nhiệm vụ mới."
        ok(web.post(f"/tasks/{task['id']}/end", headers=clerk, json={"reason": why}))
        reasons[task["id"]] = why
    last = ok(web.post("/meetings", headers=office, json={"title": "Giao ban tuần trước",
                                                          "meeting_date": (day - timedelta(days=7)).isoformat()}), 201)
    this = ok(web.post("/meetings", headers=office, json={"title": "Giao ban tuần này", "meeting_date": day.isoformat(),
                                                          "previous_id": last["id"]}), 201)

    def ended(headers: dict[str, str]) -> dict[str, Any]:
        return {t["id"]: t["ended_reason"] for t in ok(web.get(f"/meetings/{this['id']}/pack", headers=headers))["ended"]}

    def history_says(headers: dict[str, str], tid: str) -> list[Any]:
        return [e["text"] for e in ok(web.get(f"/tasks/{tid}", headers=headers))["history"] if e["kind"] == "ended"]

    assert ended(office) == reasons
    assert ended(plain) == {tid: NUMBER_WITHHELD for tid in reasons}
    for tid, why in reasons.items():
        assert history_says(office, tid) == [why]
        assert history_says(plain, tid) == [NUMBER_WITHHELD]
