"""What a user meets on the first day, on both engines: numbers first in any written form, exact diacritics before
folded ones, unit suggestions, every facet a filter, canonical units — and hidden documents move nothing a user
can observe.  (Invented wording; no shared labels.)"""
from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from services.search.engine import AccessFilter, IndexDoc, SearchEngine, SearchQuery

from .conftest import ENGINES, D, hidden_changes_nothing, ids, loaded

DOCS: list[IndexDoc] = [
    D("tb317", "Kết luận của Chủ tịch tại buổi làm việc với Sở Xây dựng về quy hoạch đô thị; giao Sở Xây dựng chủ "
      "trì rà soát hồ sơ.", number="317/TB-UBND", doc_type="Thông báo", issuer="UBND tỉnh",
      issued_date=date(2009, 4, 2), subject="Kết luận buổi làm việc với Sở Xây dựng",
      units=["Sở Xây dựng", "TC", "Các Sở: XD, KH&ĐT, TN&MT, TT&TT, TC", "CVP, PVP CN UBND tỉnh"],
      audience="public"),
    D("cv320", "Thực hiện Thông báo số 317/TB-UBND, đề nghị các đơn vị báo cáo kết quả 317 hồ sơ đã rà soát; "
      "Sở Xây dựng tổng hợp.", number="320/UBND-KT", doc_type="Công văn", issuer="UBND tỉnh",
      issued_date=date(2009, 5, 6), subject="Về việc triển khai kết luận", units=["Sở Xây dựng"],
      audience="public"),
    D("tt72", "Tờ trình số 72 về việc xây dựng trường học; số liệu dựng lại theo mẫu.", number="72/TTr-STC",
      doc_type="Tờ trình", issuer="Sở Tài chính", issued_date=date(2010, 1, 5),
      subject="Tờ trình xây dựng trường học", units=["Sở Tài chính"], audience="public"),
    D("kh8", "Kế hoạch của Công an tỉnh về bảo đảm an ninh trật tự dịp Tết; phối hợp với Sở Tài chính.",
      number="8/KH-CAT", doc_type="Kế hoạch", issuer="Công an tỉnh", issued_date=date(2011, 1, 20),
      subject="Bảo đảm an ninh trật tự dịp Tết", units=["Công an tỉnh"], audience="public"),
    D("nb5", "Nội bộ Sở Tài chính: rà soát quy hoạch kinh phí xây dựng năm 2011.", number="5/STC-NB",
      doc_type="Công văn", issuer="Sở Tài chính", issued_date=date(2011, 3, 1), subject="Rà soát kinh phí",
      units=["Sở Tài chính"], audience="units", audience_units=["Sở Tài chính"]),
]

# a clearance-0 user of Sở Tài chính (a unit role)
UNIT_USER = AccessFilter(max_level=0, units=["Sở Tài chính"])
SECRET = D("secret1", "Tối mật: quy hoạch đô thị Sở Xây dựng rà soát hồ sơ kinh phí an ninh trật tự xây dựng xây "
           "dựng xây dựng " * 5, number="9/TM-UBND", doc_type="Thông báo", issuer="UBND tỉnh",
           issued_date=date(2011, 6, 1), subject="Rà soát quy hoạch Sở Xây dựng (tối mật)",
           units=["Sở Tài chính", "Sở Xây dựng"], level=2, audience="units", audience_units=["Sở Tài chính"])


@pytest.mark.parametrize("q", ["317/TB-UBND", "317 TB UBND", "317/tb-ubnd", "TB 317", "317", "tb-ubnd 317"])
def test_document_number_in_any_form_ranks_the_document_first(engine: SearchEngine, q: str) -> None:
    got = ids(engine, q)
    assert got[0] == "tb317"
    if q != "TB 317":  # "TB 317" names the number without its issuer: the citing text writes "317/TB-UBND"
        assert "cv320" in got[1:]


def test_exact_diacritics_rank_and_highlight_before_folded(engine: SearchEngine) -> None:
    res = engine.search(SearchQuery(q="Sở Xây dựng", limit=20))
    got = [h.id for h in res.hits]
    assert got.index("tb317") < got.index("tt72") if "tt72" in got else True
    for h in res.hits:
        joined = " ".join(h.highlights)
        assert "<mark>số</mark>" not in joined and "<mark>Số</mark>" not in joined
    assert any("<mark>Sở</mark> <mark>Xây</mark> <mark>dựng</mark>" in " ".join(h.highlights) for h in res.hits)
    folded = " ".join(" ".join(h.highlights) for h in engine.search(SearchQuery(q="so xay dung", limit=20)).hits)
    assert "<mark>Sở</mark>" in folded  # without diacritics, folded matching stays


def test_suggest_units_numbers_and_subjects_by_whole_syllables(engine: SearchEngine) -> None:
    for prefix in ("Sở Xây", "so xay", "SỞ XÂY"):
        assert "Sở Xây dựng" in engine.suggest(prefix, 8, None), prefix
    assert "Công an tỉnh" in engine.suggest("Công an", 8, None)
    assert all("soát" not in s.split()[-1] for s in engine.suggest("Sở", 20, None))
    assert engine.suggest("317", 5, None)[0] == "317/TB-UBND"
    assert "Tờ trình xây dựng trường học" in engine.suggest("tờ trình", 5, None)


def test_every_facet_is_a_filter(engine: SearchEngine) -> None:
    res = engine.search(SearchQuery(q="", limit=20))
    assert res.facets["year"]["2009"] == 2
    assert set(ids(engine, "", years=[2009])) == {"tb317", "cv320"}
    assert set(ids(engine, "", years=[2009, 2010])) == {"tb317", "cv320", "tt72"}
    for name, param in (("type", "doc_types"), ("issuer", "issuers"), ("unit", "units")):
        for value, count in res.facets[name].items():
            assert engine.search(SearchQuery(q="", **{param: [value]})).total == count, (name, value)  # type: ignore[arg-type]


def test_unit_facet_lists_canonical_units_only(engine: SearchEngine) -> None:
    units = engine.search(SearchQuery(q="")).facets["unit"]
    assert "Sở Xây dựng" in units and "Công an tỉnh" in units
    for raw in ("TC", "Các Sở: XD, KH&ĐT, TN&MT, TT&TT, TC", "CVP, PVP CN UBND tỉnh", "TT&TT"):
        assert raw not in units
    assert all("," not in u and ":" not in u for u in units)


# ------------------------------------------------------------------------------------------------ hidden documents
QUERIES = ["Sở Xây dựng", "rà soát quy hoạch", "xây dựng", "an ninh trật tự", "kinh phí", "317", "",
           "rà soát hồ sơ kinh phí quy hoạch đô thị xây dựng Sở"]


def observe(e: SearchEngine) -> dict[str, Any]:
    """Everything a clearance-0 unit user can observe (raw scores are never shown: see services.search.api)."""
    out: dict[str, Any] = {}
    for q in QUERIES:
        for sort in ("relevance", "date"):
            r = e.search(SearchQuery(q=q, limit=20, sort=sort, access=UNIT_USER))  # type: ignore[arg-type]
            out[f"{q}|{sort}"] = (r.total, [(h.id, h.highlights) for h in r.hits], r.facets)
    for p in ("Sở", "rà soát", "xây dựng", "9/TM", "quy hoạch"):
        out[f"suggest|{p}"] = e.suggest(p, 10, UNIT_USER)
    for doc_id in ("tb317", "nb5", "kh8"):
        out[f"similar|{doc_id}"] = [h.id for h in e.similar(doc_id, 10, UNIT_USER)]
    return out


@pytest.mark.parametrize("engine_name", ENGINES)
def test_a_hidden_document_changes_nothing_a_unit_user_observes(engine_name: str, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from services.search import plan

    monkeypatch.setattr(plan, "COMMON_MIN_DOCS", 1)  # let the common-words decision use the (visible) statistics
    hidden_changes_nothing(engine_name, tmp_path, DOCS, [SECRET], observe, present="tối mật")


@pytest.mark.parametrize("engine_name", ENGINES)
def test_hidden_documents_do_not_reorder_visible_hits(engine_name: str, tmp_path: Path) -> None:
    """Two visible documents, one with each query word; hidden documents that contain one of the words lower its
    weight — if the order flips, a user learns that hidden documents contain that word."""
    visible = [D("va", "Biên bản kiểm kê kho lưu trữ có hồ sơ alphax về đất đai.", audience="public"),
               D("vb", "Biên bản kiểm kê kho lưu trữ có hồ sơ betay về đất đai.", audience="public"),
               D("vc", "Một hồ sơ betay khác của kho lưu trữ.", audience="public")]
    with loaded(engine_name, tmp_path, visible) as e:
        q = SearchQuery(q="alphax OR betay", access=UNIT_USER)
        before = [h.id for h in e.search(q).hits]
        e.index([D(f"h{i}", "Hồ sơ alphax tối mật.", level=3, audience="units", audience_units=["Sở Nội vụ"])
                 for i in range(3)])
        e.refresh()
        assert [h.id for h in e.search(q).hits] == before


RANKED = [
    D("r1", "Biên bản kiểm kê kho lưu trữ hồ sơ đất đai năm nay; kiểm kê lại kho lưu trữ.", audience="public"),
    D("r2", "Hồ sơ đất đai của kho lưu trữ tỉnh được kiểm kê định kỳ theo quy chế lưu trữ hồ sơ.",
      audience="public"),
    D("r3", "Quy chế kiểm kê tài sản; hồ sơ kiểm kê lưu tại kho của văn phòng, đất đai không thuộc phạm vi.",
      audience="public"),
    D("r4", "Kho lưu trữ nhận hồ sơ.", audience="units", audience_units=["Sở Tài chính"]),
    D("r5", "Đất đai, hồ sơ địa chính và kiểm kê đất đai hằng năm " * 3, audience="units",
      audience_units=["Sở Tài chính"]),
]
RANK_QUERIES = ["kiểm kê kho lưu trữ", "ho so dat dai", "hồ sơ đất đai kiểm kê kho lưu trữ quy chế năm",
                "kho OR chính", '"kho lưu trữ" hồ sơ']


@pytest.mark.parametrize("engine_name", ENGINES)
def test_hidden_documents_change_neither_order_nor_scores(engine_name: str, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """Hidden documents of every kind — sharing some query words, a whole phrase, very long or very short (the
    engine's average length), several of them — leave the ranked hits of a unit user exactly as they were, down to
    the scores (which the API does not even show), for short, long (common-word) and accentless queries."""
    from services.search import plan

    monkeypatch.setattr(plan, "COMMON_MIN_DOCS", 1)
    with loaded(engine_name, tmp_path, RANKED) as e:
        def ranked() -> dict[str, list[tuple[str, float]]]:
            return {q: [(h.id, round(h.score, 4)) for h in e.search(SearchQuery(q=q, limit=10, access=UNIT_USER)).hits]
                    for q in RANK_QUERIES}

        before = ranked()
        assert all(len(v) >= 2 for v in before.values()), before
        hidden = [D("x1", "Kiểm kê kho lưu trữ " * 40, level=2, audience="units", audience_units=["Sở Tài chính"]),
                  D("x2", "Đất đai.", level=0, audience="units", audience_units=["Sở Nội vụ"]),
                  D("x3", "Hồ sơ kho lưu trữ quy chế hồ sơ đất đai kiểm kê năm.", level=3, audience="public"),
                  *(D(f"x{i}", "kho", level=1, audience="public") for i in range(4, 12))]
        e.index(hidden)
        e.refresh()
        assert e.search(SearchQuery(q="kiểm kê kho lưu trữ")).total > len(before["kiểm kê kho lưu trữ"])
        assert ranked() == before
        for d in hidden:
            e.remove(d.id)
        e.refresh()
        assert ranked() == before
