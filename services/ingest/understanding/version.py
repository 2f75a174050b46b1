"""Which reading of the rules a document was understood by (stored on it as `documents.understanding_version`).

Whoever changes what `understand` reads from a document — a rule, a unit name, a deadline, the tagger's card —
adds one to `UNDERSTANDING_VERSION` in the same commit. Documents read by an older version are then counted on
/readyz ("N văn bản được đọc bằng phiên bản cũ") and re-read by `vanban reprocess --stale` (services/cli.py),
through the same door as POST /documents/{id}/reprocess: the clerk's decisions and a known confidential level stay.
"""
from __future__ import annotations

from typing import Final

# 1: the first recorded version (session 13). Documents read before versions were recorded have none (NULL): older.
# 2: rules33 — duty sentences that gave no task, by kind (README "rules33"); the writer of a letter up is no lead.
# 3: rules34 — goal years, list-wide and item time lines, stage windows, event limits, the reported year, the replaced
#    document left out of the subject.
# 4: rules35 — conclusion notices: an adviser's proposal gives its authority no duty, a basis ending with the bodies
#    it belongs to is one basis, the owners of projects named with them in a joint lead, no catch-all "other duties".
# 7: rules38 — a plan's card whose "Nội dung:" describes the thing its title makes ("bao gồm …", "Cổng thông tin …
#    cung cấp …") keeps the card's title as the duty.
# 8: rules40 — partners named before the unit that acts, a card written as fields only, "Các đơn vị phối hợp: …" after
#    a duty, a report-back sentence as its own duty, a time between the unit and its duty, "trong buổi sáng …".
# 9: fix22 — more spellings of a collective lead ("Các sở, ban, ngành tỉnh", "… cấp tỉnh", "… trực thuộc", "Cơ quan, đơn
#    vị") are doubted as vague, not as a unit missing from the directory (confidence and review reasons only).
# 10: rules39 — a letter's "Quý <kind>" before its verb is the addressee ("đề nghị Quý cơ quan cung cấp …", "Rất mong
#     Quý Công ty …"); "Trường X cử giáo viên …" ends the name at the verb; "gửi … để … biết" gives no duty.
# 11: review19 — "X tự chịu trách nhiệm (trước …/nếu …/về tính chính xác …)" is accountability, not a duty (10 let a
#     name end before "tự" and read it as one); 10 also holds fix21's list-item rules kept out of reports/regulations.
# 12: rules41 — the document's outline: a heading line that only names a unit is no hard wrap of the duty below it,
#     upper-case and unmarked unit headings lead their items, an item under a unit heading is its duty whatever its
#     verb, a page's number between two halves of an item is dropped, a scan's "H."/"HI." are sections.
# 13: rules42 — a duty after a basis citing a paper ("Theo đề nghị của … tại Công văn số …, Sở X …"), "Các đơn vị phối
#     hợp: …" on a line of its own, a plan's closing line said of everyone, "X và Y" periods ending at the later one,
#     "phấn đấu đến năm 2026 hoàn thành …", time openers before the unit, list/series-wide limits (README "rules42").
# 14: fix24 — an item under a unit's heading naming someone else who acts ("- Người dân chủ động …") is no duty of the
#     unit; an unmarked unit heading straight under a section heading leads its items; a count alone between blank
#     lines ("với số lượng" / "3" / "chiếc …") stays in its sentence unless a form feed marks a page.
UNDERSTANDING_VERSION: Final[int] = 14


def is_stale(version: int | None, current: int = UNDERSTANDING_VERSION) -> bool:
    """A document's reading is older than the rules now running: read before versions were recorded (None) or by
    a lower version. A version above the current one (a newer release's reading, then a rollback) is not stale:
    re-reading it with older rules would undo what the newer rules read."""
    return version is None or version < current
