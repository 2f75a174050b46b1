"""A kind written elsewhere than just before the number (issue 15, first day): "317 thông báo", "thông báo kết luận
317" find the notice numbered 317 although its text never says "thông báo" (its type does), on both engines, with
the hidden-document check; a kind no abbreviation names, typed as separate words ("tờ trình 45", "to trinh 45",
"45 tờ trình"), does the same.  (Invented wording; no shared labels.)"""
from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from services.search.engine import AccessFilter, IndexDoc, SearchEngine, SearchQuery

from .conftest import ENGINES, D, hidden_changes_nothing, ids

DOCS: list[IndexDoc] = [
    D("tb317", "Kết luận của Chủ tịch UBND tỉnh tại buổi làm việc về chợ đêm: giao Sở Công Thương sắp xếp lại các "
      "điểm bán.", number="317/TB-UBND", doc_type="Thông báo", issuer="UBND tỉnh", issued_date=date(2028, 3, 2),
      subject="Kết luận của Chủ tịch UBND tỉnh về chợ đêm", audience="public"),
    D("cite317", "Thực hiện Thông báo kết luận số 317/TB-UBND của UBND tỉnh, Sở Công Thương báo cáo kết quả sắp "
      "xếp chợ đêm.", number="320/UBND-KT", doc_type="Công văn", issuer="UBND tỉnh", issued_date=date(2028, 4, 9),
      subject="Báo cáo kết quả sắp xếp chợ đêm", audience="public"),
    D("kh317", "Kiểm tra 317 điểm bán hàng đêm; kết luận kiểm tra gửi Sở Công Thương.", number="9/KH-SCT",
      doc_type="Kế hoạch", issuer="Sở Công Thương", issued_date=date(2028, 2, 1),
      subject="Kiểm tra điểm bán hàng đêm", audience="public"),
    D("qd317", "Phê duyệt danh mục chợ đêm của tỉnh.", number="317/QĐ-UBND", doc_type="Quyết định",
      issuer="UBND tỉnh", issued_date=date(2027, 7, 7), subject="Phê duyệt danh mục chợ đêm", audience="public"),
    D("ttr45", "Kính đề nghị UBND tỉnh xem xét, phê duyệt phương án nạo vét kênh tiêu nội đồng.", number="45/TTr-SNN",
      doc_type="Tờ trình", issuer="Sở Nông nghiệp", issued_date=date(2028, 6, 3),
      subject="Phê duyệt phương án nạo vét kênh tiêu", audience="public"),
    D("kh45", "Kế hoạch nạo vét 45 tuyến kênh; các xã lập tờ trình gửi huyện trước mùa mưa.", number="12/KH-SNN",
      doc_type="Kế hoạch", issuer="Sở Nông nghiệp", issued_date=date(2028, 5, 2),
      subject="Nạo vét kênh mương", audience="public"),
    D("qd45", "Phê duyệt phương án nạo vét kênh tiêu nội đồng.", number="45/QĐ-UBND", doc_type="Quyết định",
      issuer="UBND tỉnh", issued_date=date(2028, 7, 1), subject="Phê duyệt phương án nạo vét", audience="public"),
]


@pytest.mark.parametrize("q", ["317 thông báo", "317 thong bao", "thông báo kết luận 317", "thong bao ket luan 317",
                               "thông báo kết luận số 317"])
def test_a_kind_after_the_number_or_opening_the_query_names_its_type(engine: SearchEngine, q: str) -> None:
    """The notice numbered 317 first (its type is "Thông báo", its text never says it), the letter citing it after;
    a plan mentioning 317 (neither its text nor its type a notice) and the decision numbered 317 do not match."""
    got = ids(engine, q)
    assert got[:2] == ["tb317", "cite317"], got
    assert "kh317" not in got and "qd317" not in got


@pytest.mark.parametrize("q", ["tờ trình 45", "to trinh 45", "45 tờ trình", "Tờ trình số 45"])
def test_a_kind_of_several_words_no_abbreviation_names_with_a_number(engine: SearchEngine, q: str) -> None:
    """The submission numbered 45 first (its type is "Tờ trình", its text never says it); the decision numbered 45
    is no submission and does not match; a plan that mentions both "45" and "tờ trình" may follow, never lead."""
    got = ids(engine, q)
    assert got[:1] == ["ttr45"], got
    assert "qd45" not in got


UNIT_USER = AccessFilter(max_level=0, units=["Sở Tài chính"])
# hidden from UNIT_USER: a secret notice numbered 317 whose text never says "thông báo" either
SECRET = D("secret317", "Kết luận của Chủ tịch UBND tỉnh về nhân sự chợ đêm (tối mật).", number="317/TB-STC",
           doc_type="Thông báo", issuer="Sở Tài chính", issued_date=date(2028, 5, 5),
           subject="Kết luận về nhân sự chợ đêm", level=2, audience="units", audience_units=["Sở Nội vụ"])
SECRET45 = D("secret45", "Tờ trình về nhân sự nạo vét kênh tiêu (tối mật).", number="45/TTr-STC", doc_type="Tờ trình",
             issuer="Sở Tài chính", issued_date=date(2028, 6, 6), subject="Nhân sự nạo vét", level=2,
             audience="units", audience_units=["Sở Nội vụ"])
OBSERVED = ["317 thông báo", "thông báo kết luận 317", "thong bao ket luan so 317", "317", "chợ đêm", "tờ trình 45"]


def observe(e: SearchEngine) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for q in OBSERVED:
        r = e.search(SearchQuery(q=q, limit=20, access=UNIT_USER))
        out[q] = (r.total, [(h.id, h.highlights) for h in r.hits], r.facets)
    return out


@pytest.mark.parametrize("engine_name", ENGINES)
def test_a_hidden_notice_changes_nothing_a_unit_user_sees(engine_name: str, tmp_path: Path) -> None:
    hidden_changes_nothing(engine_name, tmp_path, DOCS, [SECRET, SECRET45], observe, present="tối mật")
