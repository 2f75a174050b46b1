"""The clerk's rules, pure: urgency and confidentiality, the outgoing workflow, numbers and ký hiệu (NĐ 30/2020).

No I/O. The service layer loads rows, calls these and writes the results.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from services.core.clock import office_date
from services.registry.errors import RegistryError
from services.vntext.fold import fold_key


def local_date(moment: datetime) -> date:
    """The calendar day in Việt Nam of an instant (registers and numbers run per local calendar year)."""
    return office_date(moment)


# --- độ khẩn, độ mật -------------------------------------------------------------------------------------------


class Urgency(StrEnum):
    normal = "normal"
    urgent = "urgent"  # Khẩn
    very_urgent = "very_urgent"  # Thượng khẩn
    flash = "flash"  # Hỏa tốc


URGENCY_LABELS: dict[Urgency, str] = {Urgency.normal: "", Urgency.urgent: "Khẩn",
                                      Urgency.very_urgent: "Thượng khẩn", Urgency.flash: "Hỏa tốc"}
_URGENCY_WORDS = {"khan": Urgency.urgent, "thuong khan": Urgency.very_urgent, "hoa toc": Urgency.flash,
                  "hoa toc hen gio": Urgency.flash, "thuong": Urgency.normal, "": Urgency.normal}

LEVEL_LABELS: dict[int, str] = {0: "Thường", 1: "Mật", 2: "Tối mật", 3: "Tuyệt mật"}
_LEVEL_WORDS = {"thuong": 0, "mat": 1, "toi mat": 2, "tuyet mat": 3}


def parse_urgency(value: str | None) -> Urgency:
    """A code (`very_urgent`) or the stamp's words (“THƯỢNG KHẨN”, “Hỏa tốc”) → Urgency."""
    if value is None:
        return Urgency.normal
    if value in Urgency.__members__:
        return Urgency(value)
    found = _URGENCY_WORDS.get(fold_key(value))
    if found is None:
        raise RegistryError.invalid_urgency(value=value)
    return found


def parse_level(value: str | int | None) -> int:
    if value is None or value == "":
        return 0
    if isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
        level = int(value)
        if 0 <= level <= 3:
            return level
    elif isinstance(value, str) and fold_key(value) in _LEVEL_WORDS:
        return _LEVEL_WORDS[fold_key(value)]
    raise RegistryError.invalid_level(value=value)


def register_code_for_level(level: int) -> str:
    """Secret documents go to the secret register, the others to the ordinary one (NĐ 30, Điều 22)."""
    return "mat" if level > 0 else "thuong"


# --- ký hiệu (NĐ 30/2020, Phụ lục III) --------------------------------------------------------------------------

TYPE_ABBREVIATIONS: dict[str, str] = {
    "nghi quyet": "NQ", "quyet dinh": "QĐ", "chi thi": "CT", "quy che": "QC", "quy dinh": "QyĐ",
    "thong cao": "TC", "thong bao": "TB", "huong dan": "HD", "chuong trinh": "CTr", "ke hoach": "KH",
    "phuong an": "PA", "de an": "ĐA", "du an": "DA", "bao cao": "BC", "bien ban": "BB", "to trinh": "TTr",
    "hop dong": "HĐ", "cong dien": "CĐ", "ban ghi nho": "BGN", "ban thoa thuan": "BTT", "giay uy quyen": "GUQ",
    "giay moi": "GM", "giay gioi thieu": "GGT", "giay nghi phep": "GNP", "phieu gui": "PG", "phieu chuyen": "PC",
    "phieu bao": "PB",
}
CONG_VAN = "cong van"


def type_abbreviation(doc_type: str) -> str | None:
    """'Thông báo' → 'TB'; công văn has none (its ký hiệu is office-drafting unit)."""
    key = fold_key(doc_type)
    if key == CONG_VAN:
        return None
    abbr = TYPE_ABBREVIATIONS.get(key)
    if abbr is None:
        raise RegistryError.unknown_doc_type(doc_type=doc_type)
    return abbr


def notation(doc_type: str, office_code: str, drafting_unit_code: str | None = None) -> str:
    """The ký hiệu: 'TB-UBND' for a thông báo of UBND; 'UBND-NC' for a công văn of UBND drafted by NC."""
    office_code = office_code.strip()
    abbr = type_abbreviation(doc_type)
    if abbr is not None:
        return f"{abbr}-{office_code}"
    if not drafting_unit_code or not drafting_unit_code.strip():
        return office_code
    return f"{office_code}-{drafting_unit_code.strip()}"


def full_number(number: int, notation_: str) -> str:
    """'317/TB-UBND'. Numbers below 10 are written with a leading zero (NĐ 30: 01, 02 …)."""
    return f"{number:02d}/{notation_}"


# --- the outgoing workflow ----------------------------------------------------------------------------------------


class OutState(StrEnum):
    draft = "draft"
    submitted = "submitted"  # trình ký
    signed = "signed"
    numbered = "numbered"  # cấp số
    issued = "issued"  # phát hành
    sent = "sent"
    recalled = "recalled"  # thu hồi
    cancelled = "cancelled"  # a draft given up (never numbered)


# action → (states it may start from, state it leads to)
TRANSITIONS: dict[str, tuple[frozenset[OutState], OutState]] = {
    "submit": (frozenset({OutState.draft}), OutState.submitted),
    "return": (frozenset({OutState.submitted}), OutState.draft),
    "sign": (frozenset({OutState.submitted}), OutState.signed),
    "number": (frozenset({OutState.signed}), OutState.numbered),
    "issue": (frozenset({OutState.numbered}), OutState.issued),
    "send": (frozenset({OutState.issued, OutState.sent}), OutState.sent),
    "recall": (frozenset({OutState.issued, OutState.sent}), OutState.recalled),
    "cancel": (frozenset({OutState.draft, OutState.submitted, OutState.signed}), OutState.cancelled),
}

STATE_LABELS: dict[OutState, str] = {
    OutState.draft: "dự thảo", OutState.submitted: "đã trình ký", OutState.signed: "đã ký",
    OutState.numbered: "đã cấp số", OutState.issued: "đã phát hành", OutState.sent: "đã gửi",
    OutState.recalled: "đã thu hồi", OutState.cancelled: "đã hủy",
}


def next_state(current: str, action: str) -> OutState:
    """The state after `action`, or a 409 explaining why not (a numbered document can never be cancelled:
    its number is spent)."""
    allowed, target = TRANSITIONS[action]
    state = OutState(current)
    if state not in allowed:
        raise RegistryError.invalid_transition(state=STATE_LABELS[state])
    return target


# --- counts for the giao ban pack ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class EntryFact:
    direction: str  # incoming | outgoing
    day: date
    urgency: Urgency
    handled: bool


@dataclass
class RegisterCounts:
    date_from: date
    date_to: date
    received: int = 0
    issued: int = 0
    received_by_urgency: dict[str, int] = field(default_factory=dict)
    issued_by_urgency: dict[str, int] = field(default_factory=dict)
    unhandled: int = 0  # received in the period and not yet handled
    unhandled_by_urgency: dict[str, int] = field(default_factory=dict)


def count_entries(facts: Iterable[EntryFact], date_from: date, date_to: date) -> RegisterCounts:
    out = RegisterCounts(date_from, date_to)
    zero = {u.value: 0 for u in Urgency}
    out.received_by_urgency, out.issued_by_urgency, out.unhandled_by_urgency = dict(zero), dict(zero), dict(zero)
    for f in facts:
        if not date_from <= f.day <= date_to:
            continue
        if f.direction == "incoming":
            out.received += 1
            out.received_by_urgency[f.urgency.value] += 1
            if not f.handled:
                out.unhandled += 1
                out.unhandled_by_urgency[f.urgency.value] += 1
        else:
            out.issued += 1
            out.issued_by_urgency[f.urgency.value] += 1
    return out
