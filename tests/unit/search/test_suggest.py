"""services.search.plan.suggestions / suggest_kinds: what the suggest box completes from the candidate documents,
by whole syllables, accent-insensitive, diacritics typed must match (invented wording)."""
from __future__ import annotations

from services.search.plan import suggest_kinds, suggestions
from services.search.units import local_units

DOCS = [  # newest first, as the engines hand them over
    {"number": "40/TB-UBND", "doc_type": "Thông báo", "subject": "Kết luận của Phó Chủ tịch về cấp nước",
     "units": ["Sở Xây dựng", "Phòng Kinh tế - Hạ tầng"]},
    {"number": "2031/UBND-VX", "doc_type": "Công văn", "subject": "Sở Xây dựng rà soát hồ sơ", "units": []},
    {"number": "12/2031/NĐ-CP", "doc_type": "Nghị định", "subject": "Quy định về hội chợ", "units": []},
]


def test_a_kind_and_its_subject() -> None:
    for typed in ("thong bao ket luan", "Thông báo kết luận", "thông báo"):
        assert suggestions(typed, DOCS, 5) == ["Thông báo kết luận của Phó Chủ tịch về cấp nước"], typed
    assert suggestions("Thông bao kêt luận", DOCS, 5) == []  # "kêt" is not what the subject writes
    # a subject opening with a name keeps its capital
    assert suggestions("cong van so xay", DOCS, 5) == ["Công văn Sở Xây dựng rà soát hồ sơ"]


def test_numbers_by_their_start_then_by_their_code() -> None:
    assert suggestions("2031", DOCS, 5) == ["2031/UBND-VX", "12/2031/NĐ-CP"]
    assert suggestions("tb-ubnd", DOCS, 5) == ["40/TB-UBND"]


def test_units_the_directory_lacks_come_from_the_documents() -> None:
    assert local_units(["Sở Xây dựng", "Phòng Kinh tế - Hạ tầng"]) == ["Phòng Kinh tế - Hạ tầng"]
    assert suggestions("phong kinh te", DOCS, 5) == ["Phòng Kinh tế - Hạ tầng"]
    assert suggestions("so xay dung", DOCS, 5) == ["Sở Xây dựng rà soát hồ sơ"]  # the directory suggests the unit


def test_kinds_by_whole_syllables() -> None:
    assert suggest_kinds("thong")[:3] == ["Thông cáo", "Thông báo", "Thông tư"]
    assert suggest_kinds("Thông báo") == ["Thông báo"] and suggest_kinds("thông bá") == []
    assert suggest_kinds("Thống") == [] and suggest_kinds("") == []
