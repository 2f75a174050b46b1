"""Session rules31 (issue 11): duties and leads in the forms the rules did not read — each rule in invented wording."""
from __future__ import annotations

from services.ingest.understanding.deadline_scope import lead_in_deadline


def test_a_semicolon_inside_a_lead_in_does_not_end_its_sentence() -> None:
    # "đã tiếp nhận" qualifies the files: the sentence sets the time of the items below (before the fix the module's
    # second _SENTENCE_END, the annex's clause end, cut it at ";" and dropped the time as a report of the past)
    line = ("Trong tháng 9/2026, các xã rà soát lại các hồ sơ đã tiếp nhận; các phòng chuyên môn của huyện thực hiện "
            "các việc sau")
    dl = lead_in_deadline(line, "2026-08-01")
    assert dl is not None and dl.date == "2026-09-30"


def test_a_sentence_reporting_the_past_still_frames_nothing() -> None:
    line = "Trong năm 2026, công tác cải cách hành chính đã có chuyển biến rõ. Các sở tiếp tục thực hiện"
    assert lead_in_deadline(line, "2026-03-01") is None
