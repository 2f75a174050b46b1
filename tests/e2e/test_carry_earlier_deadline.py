"""A later notice that carries a followed task forward with an EARLIER deadline (play21, replaying 317/TB-UBND: the
citing công văn 320/UBND-KT asked Sở Xây dựng for 23/12 what 317 had given until 02/01). "Gộp vào nhiệm vụ đang theo
dõi" only ever moves a deadline later (the task model's rule: reassign refuses an earlier date too), and the tighter
date was dropped without a word. Decided (the lead, after review21 showed what tightening would touch: the deadline
texts, the "given more time" counts, recurrences, a pending extension request): the date is not applied, and both the
review queue (before the clerk chooses) and the task's history (after) say so, with both dates. Invented notices."""
from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from helpers.briefing import confirm_all, fast_headers, ingest, ok
from tests_support import office_today

YT = "Sở Y tế"


def _vn(d: date) -> str:
    return d.strftime("%d/%m/%Y")


def _notice(number: str, day: date, body: str) -> bytes:
    return ("ỦY BAN NHÂN DÂN TỈNH NGHỆ AN\n" f"Số: {number}/TB-UBND\n"
            f"Nghệ An, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}\n\nTHÔNG BÁO\n"
            f"Kết luận của Chủ tịch UBND tỉnh tại cuộc họp giao ban\n\n{body}\n\nNơi nhận:\n- {YT};\n- Lưu: VT.\n").encode()


def test_a_later_notice_with_an_earlier_date_says_the_task_keeps_its_own(client: Any) -> None:
    web = client
    day = office_today()
    clerk = fast_headers("clerk", clearance=3, username="vanthu-carry-e")
    first = ingest(web, "tb-611.txt", _notice("611", day, f"Giao {YT} chủ trì xây dựng phương án cấp cứu ngoại viện "
                                              f"tại các xã miền núi, hoàn thành trước ngày {_vn(day + timedelta(days=30))}."),
                   clerk)
    [task] = confirm_all(web, clerk, first)
    later = ingest(web, "tb-612.txt", _notice("612", day, f"Tiếp tục thực hiện nhiệm vụ tại Thông báo số 611/TB-UBND: "
                                              f"giao {YT} hoàn thành phương án cấp cứu ngoại viện tại các xã miền núi "
                                              f"trước ngày {_vn(day + timedelta(days=12))}."), clerk)
    [proposal] = [t for t in ok(web.get("/tasks/review", headers=clerk, params={"limit": 100}))["items"]
                  if t["document"]["id"] == later]
    assert proposal["continues_task_id"] == task["id"], proposal
    early, own = _vn(day + timedelta(days=12)), _vn(day + timedelta(days=30))
    said = " ".join(proposal["review_reasons"])
    assert f"văn bản này nêu hạn {early}, sớm hơn: khi gộp, nhiệm vụ giữ hạn {own}" in said, said
    joined = ok(web.post(f"/tasks/{proposal['id']}/carry-over", headers=clerk))
    assert joined["deadline"] == (day + timedelta(days=30)).isoformat(), joined
    assert joined["history"][-1]["kind"] == "carried_forward", joined["history"]
    assert joined["history"][-1]["text"] == (f"Tiếp tục thực hiện theo Thông báo số 612/TB-UBND. Văn bản này nêu thời "
                                             f"hạn {early}, sớm hơn; nhiệm vụ giữ thời hạn {own}."), joined["history"][-1]
    report = ok(web.get("/reports/progress", headers=clerk, params={"date_from": (day - timedelta(days=1)).isoformat()}))
    assert report["totals"]["total"] >= 1 and report["totals"]["extended"] == 0, report["totals"]
