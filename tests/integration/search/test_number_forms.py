"""Document numbers as clerks type them, on both engines (issue 15): glued ("641TB-UBND", "TB641"), dashed, after
"số", with or without the year or diacritics — the numbered document first, a citing one after it; a year or a
date typed alone drags no numbered document up; a unit user never meets a document hidden from them.
(Invented wording; no shared labels.)"""
from __future__ import annotations

from datetime import date

import pytest

from services.search.engine import AccessFilter, IndexDoc, SearchEngine, SearchQuery

from .conftest import D, ids

DOCS: list[IndexDoc] = [
    D("tb641", "Kết luận của Phó Chủ tịch về tiến độ giải phóng mặt bằng tuyến đường ven sông; giao Sở Giao thông "
      "vận tải chủ trì.", number="641/TB-UBND", doc_type="Thông báo", issuer="UBND tỉnh",
      issued_date=date(2031, 6, 3), subject="Kết luận về giải phóng mặt bằng tuyến đường ven sông",
      units=["Sở Giao thông vận tải"], audience="public"),
    D("cv702", "Thực hiện Thông báo số 641/TB-UBND, Sở Giao thông vận tải báo cáo tiến độ giải phóng mặt bằng.",
      number="702/SGTVT-KH", doc_type="Công văn", issuer="Sở Giao thông vận tải", issued_date=date(2031, 6, 20),
      subject="Báo cáo tiến độ theo kết luận", units=["Sở Giao thông vận tải"], audience="public"),
    D("qd88new", "Quyết định phê duyệt danh mục cây xanh đô thị.", number="88/QĐ-UBND", doc_type="Quyết định",
      issuer="UBND tỉnh", issued_date=date(2031, 2, 10), subject="Phê duyệt danh mục cây xanh", audience="public"),
    D("qd88old", "Quyết định thành lập tổ công tác cây xanh.", number="88/QĐ-UBND", doc_type="Quyết định",
      issuer="UBND tỉnh", issued_date=date(2027, 2, 10), subject="Thành lập tổ công tác", audience="public"),
    D("cv910", "Thực hiện Quyết định số 88/QĐ-UBND ngày 10/02/2031 về cây xanh, các huyện rà soát danh mục.",
      number="910/UBND-NN", doc_type="Công văn", issuer="UBND tỉnh", issued_date=date(2031, 3, 1),
      subject="Rà soát danh mục cây xanh", audience="public"),
    D("nd12", "Nghị định quy định về quản lý cây xanh đô thị.", number="12/2031/NĐ-CP", doc_type="Nghị định",
      issuer="Chính phủ", issued_date=date(2031, 1, 5), subject="Quản lý cây xanh đô thị", audience="public"),
    D("kh2031", "Kế hoạch trồng cây năm 2031: mỗi xã trồng 2031 cây; tổng kết năm 2031 trước ngày 15/12.",
      number="15/KH-UBND", doc_type="Kế hoạch", issuer="UBND tỉnh", issued_date=date(2030, 12, 1),
      subject="Kế hoạch trồng cây năm 2031", audience="public"),
    D("cv12", "Đề nghị các xã báo cáo số cây đã trồng, gồm 15 loài cây bản địa.", number="12/UBND-NN",
      doc_type="Công văn", issuer="UBND tỉnh", issued_date=date(2031, 4, 1), subject="Báo cáo số cây",
      audience="public"),
    D("sec641", "Tối mật: Kết luận về giải phóng mặt bằng tuyến đường ven sông, thực hiện Thông báo số "
      "641/TB-UBND.", number="641/TM-UBND", doc_type="Thông báo", issuer="UBND tỉnh", issued_date=date(2031, 7, 1),
      subject="Giải phóng mặt bằng (tối mật)", units=["Sở Giao thông vận tải"], level=2, audience="units",
      audience_units=["Sở Giao thông vận tải"]),
]
UNIT_USER = AccessFilter(max_level=0, units=["Sở Giao thông vận tải"])


@pytest.mark.parametrize("q", ["641TB-UBND", "641tb-ubnd", "TB641", "tb641", "641-TB-UBND", "641TBUBND", "so 641",
                               "số 641", "số 641/TB", "so 641/tb-ubnd", "Số: 641/TB-UBND", "TB-UBND641",
                               "kết luận 641TB-UBND", "thông báo số 641 về giải phóng mặt bằng"])
def test_number_as_a_clerk_types_it_ranks_the_document_first_then_its_citation(engine: SearchEngine, q: str) -> None:
    got = ids(engine, q, access=UNIT_USER)
    assert got[0] == "tb641"
    assert "cv702" in got[1:]
    assert "sec641" not in got


@pytest.mark.parametrize("q", ["88/2031/QĐ-UBND", "88/2031/qd-ubnd"])
def test_number_with_the_year_prefers_the_one_of_that_year_and_finds_the_citation(engine: SearchEngine, q: str) -> None:
    got = ids(engine, q)
    assert got[:2] == ["qd88new", "qd88old"]
    assert "cv910" in got[2:]


def test_number_without_the_year_finds_the_one_with_it(engine: SearchEngine) -> None:
    assert ids(engine, "12/ND-CP")[0] == "nd12"
    assert ids(engine, "số 12/NĐ-CP")[0] == "nd12"


def test_a_year_alone_drags_no_numbered_document_up(engine: SearchEngine) -> None:
    got = ids(engine, "2031")
    assert got[0] == "kh2031"
    assert "nd12" not in got  # its number's year is 2031, its text never says it


def test_a_date_alone_is_a_phrase_not_two_numbers(engine: SearchEngine) -> None:
    assert ids(engine, "15/12") == ["kh2031"]  # cv12 (numbered 12, "15 loài") is not dragged up
    assert ids(engine, "10/02/2031") == ["cv910"]


def test_a_unit_user_counts_and_facets_no_hidden_document(engine: SearchEngine) -> None:
    for q in ("641TB-UBND", "so 641", "TB641"):
        res = engine.search(SearchQuery(q=q, limit=20, access=UNIT_USER, facets=True, highlight=True))
        assert res.total == len(res.hits) == 2
        assert sum(res.facets.get("type", {}).values()) == 2
        assert all("Tối mật" not in " ".join(h.highlights) for h in res.hits)
