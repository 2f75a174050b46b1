"""Support (phối hợp) units that the lead rules took for part of a lead (issue 11, support on unseen text).

"Báo tỉnh, Đài Phát thanh – Truyền hình tỉnh Phối hợp Ban Dân tộc tỉnh và các ngành liên quan xây dựng …" (a layout
that capitalised "Phối hợp"): no unit's name holds "phối hợp", so the lead ends there and the units after it support
the duty. Pure function over the tasks found.
"""
from __future__ import annotations

import re

from services.ingest.understanding.model import ExtractedTask
from services.ingest.understanding.task_units import match_units

_COOPERATE_IN_LEAD = re.compile(r"\s*,?\s+[Pp]hối\s+hợp(?:\s+chặt\s+chẽ)?(?:\s+(?:với|cùng))?\s+(?=\S)")
# names that do hold the words: "Tổ phối hợp liên ngành …", "Ban phối hợp …", "Cơ quan phối hợp …"
_NAMED_SO = re.compile(r"(?:Tổ|Ban|Cơ\s+quan|Đội|Nhóm|Hội\s+đồng|[Đđ]ơn\s+vị)\s*$")


def support_out_of_lead(tasks: list[ExtractedTask]) -> None:
    """Cut a lead at "phối hợp (với) …" and give the units after it to the task's support."""
    for t in tasks:
        if "hối hợp" not in t.lead:
            continue
        m = _COOPERATE_IN_LEAD.search(t.lead)
        if m is None or m.start() == 0 or _NAMED_SO.search(t.lead[:m.start()]):
            continue
        rest = t.lead[m.end():]
        um = match_units(rest, 0, support=True)
        if not um.ok or rest[um.end:].strip(" ,.;"):
            continue  # only when all that follows is units
        t.lead = t.lead[:m.start()].strip(" ,")
        for u in um.units:
            if u not in t.support:
                t.support.append(u)
