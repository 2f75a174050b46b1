"""Understanding official documents: pure functions over repaired text (no framework, no database)."""
from __future__ import annotations

import re

from services.ingest.understanding.model import DocumentInfo, ExtractedTask, Reference, Signer

__all__ = ["DocumentInfo", "ExtractedTask", "Reference", "Signer", "understand"]


def understand(text: str) -> DocumentInfo:
    """Read metadata and tasks from the whole text of a document (already repaired to NFC Unicode)."""
    from services.ingest.understanding.deadlines import forget_deadlines
    from services.ingest.understanding.metadata import extract_metadata
    from services.ingest.understanding.task_units import forget_units
    from services.ingest.understanding.tasks import extract_tasks

    forget_units()  # the rules' memos serve one document (and a benchmark's rounds start cold)
    forget_deadlines()
    info = extract_metadata(text)
    info.text = text
    from services.ingest.understanding.deadlines import own_iso_date

    own = own_iso_date(text, info.issued_date)  # the text's own date: every rule places its dates after it
    info.tasks = extract_tasks(text, issued_date=own)
    from services.ingest.understanding.tagger import combine

    normative = info.doc_type in _NORMATIVE and not _ADDRESSED.search(text, 0, 4000)
    if not normative:  # (a law's untimed duties are dropped below: nothing for the tagger to add there)
        info.tasks = combine(text, info.tasks)  # the statistical tagger beside the rules (off unless its card says on)
        from services.ingest.understanding.assign_model import combine as assign_combine

        # the sentence-level "is this an assignment?" model beside the rules (off unless its card says on)
        info.tasks = assign_combine(text, info.tasks, own)
    info.recipients = _expanded(info.recipients)
    if normative:
        # (a law or decree is addressed to nobody: a text with "Kính gửi:" is a letter or notice whose type was read
        # from a decree it cites, e.g. when its own number is illegible in a scan)
        # a law, decree or circular allocates standing competences ("Bộ X thẩm định hồ sơ …", "UBND cấp xã cấp
        # giấy phép …"): nothing to follow up in an inbox. Only a duty with its own time limit ("Bộ X ban hành hướng
        # dẫn trước ngày 31/12/2026") is one, and it goes to a clerk's review first; a standing time limit ("chậm nhất
        # 03 ngày kể từ …", "sau khi …", "trước ngày 10 tháng 6" each year) is part of the procedure, not a date
        info.tasks = [t for t in info.tasks if t.deadline and not t.recurrence]
        for t in info.tasks:
            t.confidence = round(max(0.05, t.confidence - 0.25), 2)
    return info


_ADDRESSED = re.compile(r"(?:Kính\s+gửi|KÍNH\s+GỬI)\s*:")
_NORMATIVE = frozenset({"Luật", "Bộ luật", "Nghị định", "Thông tư", "Thông tư liên tịch", "Pháp lệnh",
                        "Văn bản hợp nhất"})


def _expanded(names: list[str]) -> list[str]:
    """Recipients as units: 'Các Sở: XD, KH&ĐT, TN&MT' is three departments; 'Như trên', 'Lưu: VT' stay as written."""
    from services.ingest.understanding.units import expand_units

    out: list[str] = []
    for name in names:
        for unit in expand_units(name):
            if unit not in out:
                out.append(unit)
    return out
