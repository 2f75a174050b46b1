"""The unit directory and the recogniser of unit phrases."""
from __future__ import annotations

import pytest

from services.ingest.understanding.task_units import match_units
from services.ingest.understanding.units import canonical_unit, directory, is_known_unit


@pytest.mark.parametrize(
    ("alias", "canonical"),
    [
        ("Sở TN&MT", "Sở Tài nguyên và Môi trường"),
        ("Sở KH&ĐT", "Sở Kế hoạch và Đầu tư"),
        ("Sở NN&PTNT", "Sở Nông nghiệp và Phát triển nông thôn"),
        ("Sở TT&TT", "Sở Thông tin và Truyền thông"),
        ("Sở GD&ĐT", "Sở Giáo dục và Đào tạo"),
        ("Sở LĐ-TB&XH", "Sở Lao động - Thương binh và Xã hội"),
        ("Sở VHTTDL", "Sở Văn hóa, Thể thao và Du lịch"),
        ("Sở Văn hoá, Thể thao và Du lịch", "Sở Văn hóa, Thể thao và Du lịch"),
        ("Sở KH&CN", "Sở Khoa học và Công nghệ"),
        ("sở tài chính", "Sở Tài chính"),
        ("VPCP", "Văn phòng Chính phủ"),
        ("Văn phòng UBND tỉnh", "Văn phòng Ủy ban nhân dân tỉnh"),
    ],
)
def test_aliases_map_to_canonical_names(alias: str, canonical: str) -> None:
    assert canonical_unit(alias) == canonical


def test_2025_merged_departments_are_known() -> None:
    for name in ("Sở Nông nghiệp và Môi trường", "Sở Dân tộc và Tôn giáo", "Bộ Nông nghiệp và Môi trường", "Bộ Công an"):
        assert is_known_unit(name)


def test_unknown_unit_is_kept_as_written() -> None:
    assert canonical_unit("Ban Quản lý  Khu du lịch   Bà Nà") == "Ban Quản lý Khu du lịch Bà Nà"
    assert canonical_unit("") == ""


def test_directory_is_loaded_once() -> None:
    assert directory() is directory()
    assert "Sở Tài chính" in directory().names


@pytest.mark.parametrize(
    ("text", "units"),
    [
        ("Sở Y tế khẩn trương", ["Sở Y tế"]),
        ("UBND huyện Cam Lộ chủ trì", ["UBND huyện Cam Lộ"]),
        ("Ủy ban nhân dân các huyện, thị xã, thành phố tổ chức", ["Ủy ban nhân dân các huyện, thị xã, thành phố"]),
        ("các sở, ban, ngành liên quan có trách nhiệm", ["các sở, ban, ngành liên quan"]),
        ("Giám đốc Sở Xây dựng chỉ đạo", ["Giám đốc Sở Xây dựng"]),
        ("Sở Nội vụ, Sở Tư pháp và Công an tỉnh thực hiện", ["Sở Nội vụ", "Sở Tư pháp", "Công an tỉnh"]),
        ("các Sở: Tài chính, Xây dựng, Công Thương phối hợp", ["Sở Tài chính", "Sở Xây dựng", "Sở Công Thương"]),
        ("Các Bộ: Y tế, Giáo dục và Đào tạo theo chức năng", ["Bộ Y tế", "Bộ Giáo dục và Đào tạo"]),
        ("Ban Quản lý các khu công nghiệp tỉnh tiếp tục", ["Ban Quản lý các khu công nghiệp"]),
        ("Sở NN&PTNT hướng dẫn", ["Sở NN&PTNT"]),
    ],
)
def test_unit_phrases(text: str, units: list[str]) -> None:
    found = match_units(text, 0)
    assert found.ok
    assert [u for u in found.units] == units or all(any(u in f for f in found.units) for u in units)


def test_generic_heads_stop_before_the_action() -> None:
    found = match_units("Trung tâm Phục vụ hành chính công tỉnh tiếp nhận hồ sơ", 0)
    assert found.units == ["Trung tâm Phục vụ hành chính công tỉnh"]


def test_support_phrases_accept_plain_nouns() -> None:
    found = match_units("ngành y tế, công an và các địa phương triển khai", 0, support=True)
    assert found.units == ["ngành y tế", "công an", "các địa phương"]


def test_not_a_unit() -> None:
    assert not match_units("Tiếp tục rà soát các quy hoạch", 0).ok
    assert not match_units("Bộ tiêu chí đánh giá", 0).ok


def test_a_unit_name_ends_where_the_name_ends() -> None:
    from services.ingest.understanding.task_units import match_units

    cases = {
        "Cục Quản lý đầu tư xây dựng chủ trì thẩm định.": "Cục Quản lý đầu tư xây dựng",
        "Trung tâm Công nghệ thông tin tỉnh hướng dẫn các xã.": "Trung tâm Công nghệ thông tin tỉnh",
        "Sở Y tế Hà Nội tăng cường giám sát.": "Sở Y tế Hà Nội",
        "Cục Quản lý xây dựng kế hoạch kiểm tra.": "Cục Quản lý",
    }
    for text, unit in cases.items():
        assert match_units(text, 0).units == [unit]


@pytest.mark.parametrize(
    ("phrase", "units", "rest"),
    [
        # "sở - ngành" written with a dash is one plural, as "sở, ngành" is
        ("các sở - ngành liên quan và Văn phòng UBND huyện rà soát hồ sơ",
         ["các sở - ngành liên quan", "Văn phòng UBND huyện"], " rà soát hồ sơ"),
        # "liên bộ", "liên ngành" qualify the plural like "liên quan" does
        ("các cơ quan liên ngành và địa phương lập danh sách", ["các cơ quan liên ngành", "địa phương"], " lập danh sách"),
        # "… của địa phương" belongs to the unit
        ("các cơ quan chức năng của địa phương kiểm tra thực tế", ["các cơ quan chức năng của địa phương"],
         " kiểm tra thực tế"),
        # a lower-case factored list without its colon: each name gets the head
        ("các sở Xây dựng, GTVT-XD và các đơn vị liên quan khảo sát tuyến đường",
         ["Sở Xây dựng", "Sở GTVT-XD", "các đơn vị liên quan"], " khảo sát tuyến đường"),
        # party committees in the plural, a note in brackets after them
        ("các huyện uỷ, thị uỷ (nơi có dự án) tuyên truyền", ["các huyện uỷ, thị uỷ"], " tuyên truyền"),
    ],
)
def test_support_phrase_ends_where_the_names_end(phrase: str, units: list[str], rest: str) -> None:
    m = match_units(phrase, 0, support=True)
    assert m.units == units
    assert phrase[m.end:] == rest


def test_lower_case_head_with_one_name_is_not_a_factored_list() -> None:
    # "các sở Y tế tuyến tỉnh" is the plural of one kind of office, not a list
    m = match_units("các sở Y tế tuyến tỉnh báo cáo số liệu", 0, support=True)
    assert m.units and not m.units[0].startswith("Sở ")


@pytest.mark.parametrize(
    ("phrase", "units"),
    [
        ("đơn vị tư vấn lập lại dự toán", ["đơn vị tư vấn"]),
        ("các đơn vị kiểm toán độc lập rà soát báo cáo", ["các đơn vị kiểm toán độc lập"]),
        # "cùng cấp" is a level, not "together with" a unit called "cấp"
        ("Phòng Văn hóa, Hội Cựu chiến binh cùng cấp tổ chức", ["Phòng Văn hóa", "Hội Cựu chiến binh cùng cấp"]),
        ("các cơ quan cùng cấp báo cáo", ["các cơ quan cùng cấp"]),
    ],
)
def test_qualifiers_that_end_a_supporting_unit(phrase: str, units: list[str]) -> None:
    assert match_units(phrase, 0, support=True).units == units
