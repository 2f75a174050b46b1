"""services.search.units: canonical unit names for the facet, unit suggestions by whole syllables."""
from __future__ import annotations

from services.search.units import canonical_issuer, canonical_units, suggest_units


def test_facet_units_are_canonical_names_only() -> None:
    got = canonical_units(["Sở TN&MT", "Sở Tài nguyên và Môi trường", "TC", "TT&TT", "CVP, PVP CN UBND tỉnh",
                           "Các Sở: XD, KH&ĐT", "Công an tỉnh", "UBND huyện Miền Núi"])
    assert got[0] == "Sở Tài nguyên và Môi trường" and got.count("Sở Tài nguyên và Môi trường") == 1
    assert "Công an tỉnh" in got and "Ủy ban nhân dân huyện Miền Núi" in got  # a local unit, spelled out
    for raw in ("TC", "TT&TT", "CVP, PVP CN UBND tỉnh", "Các Sở: XD, KH&ĐT", "Sở XD"):
        assert raw not in got


def test_unit_suggestions_by_whole_syllables_accent_insensitive() -> None:
    for typed in ("Sở Xây", "so xay", "SO XAY"):
        assert suggest_units(typed, 5)[0] == "Sở Xây dựng"
    assert "Công an tỉnh" in suggest_units("Công an", 5)
    assert all(u.split()[0] == "Sở" for u in suggest_units("Sở", 5))
    assert suggest_units("Sở Xâ", 5) == []  # a syllable is completed only when typed whole
    assert suggest_units("", 5) == [] and suggest_units("Sở", 0) == []


def test_one_facet_entry_per_body_however_it_is_written() -> None:
    spellings = ["UBND huyện Đồi Cát", "Uỷ ban nhân dân huyện Đồi Cát", "ỦY BAN NHÂN DÂN HUYỆN ĐỒI CÁT",
                 "Ủy ban nhân dân  huyện Đồi Cát"]
    assert canonical_units(spellings) == ["Ủy ban nhân dân huyện Đồi Cát"]
    assert canonical_units(["UBND TP. Bến Sông", "BCH Quân sự tỉnh"]) == [
        "Ủy ban nhân dân thành phố Bến Sông", "Bộ Chỉ huy Quân sự tỉnh"]
    assert canonical_units(["Các Sở: XD, KH&ĐT, TN&MT, TT&TT, TC"]) == [
        "Sở Xây dựng", "Sở Kế hoạch và Đầu tư", "Sở Tài nguyên và Môi trường", "Sở Thông tin và Truyền thông",
        "Sở Tài chính"]
    assert canonical_units(["Như trên", "Lưu: VT", "UBND các huyện, thị xã"]) == []  # not one unit: not a facet


def test_issuer_facet_has_one_spelling_per_body() -> None:
    for written in ("UBND tỉnh Đồi Cát", "ỦY BAN NHÂN DÂN TỈNH ĐỒI CÁT", "Uỷ ban nhân dân tỉnh Đồi Cát"):
        assert canonical_issuer(written) == "Ủy ban nhân dân tỉnh Đồi Cát"
    assert canonical_issuer("TỈNH ỦY ĐỒI CÁT") == "Tỉnh ủy Đồi Cát"
    assert canonical_issuer("BỘ XÂY DỰNG") == "Bộ Xây dựng"
    assert canonical_issuer("  ") is None and canonical_issuer(None) is None


def test_the_index_keeps_one_issuer_and_one_unit_per_body() -> None:
    from datetime import date

    from services.search.engine import IndexDoc
    from services.search.schema import to_fields

    fields = [to_fields(IndexDoc(id=f"d{i}", filename="a.txt", number=None, doc_type="Thông báo", issuer=issuer,
                                 issued_date=date(2011, 3, 1), subject="Kết luận", text="Nội dung", units=units,
                                 audience="units", audience_units=[], level=0))
              for i, (issuer, units) in enumerate([("UBND tỉnh Đồi Cát", ["Sở TN&MT", "UBND huyện Gò Xanh"]),
                                                   ("ỦY BAN NHÂN DÂN TỈNH ĐỒI CÁT",
                                                    ["Sở Tài nguyên và Môi trường", "ỦY BAN NHÂN DÂN HUYỆN GÒ XANH"])])]
    assert {f["issuer"][0] for f in fields} == {"Ủy ban nhân dân tỉnh Đồi Cát"}
    assert {tuple(f["unit"]) for f in fields} == {("Sở Tài nguyên và Môi trường", "Ủy ban nhân dân huyện Gò Xanh")}
    assert fields[0]["issuer_key"] == fields[1]["issuer_key"]
