"""SECURITY.md 131 (fix22): the commonest spellings of a collective — "Các sở, ban, ngành tỉnh", "… thuộc UBND tỉnh",
"… trên địa bàn tỉnh", "… cấp tỉnh", "Sở, ban, ngành" without "Các", "Các đơn vị trực thuộc" — were taken for a unit,
so a clerk's accept or the units file could add them to the directory. Every real unit of the directory still passes."""
from __future__ import annotations

import pytest

from services.vntext.units import _CATEGORIES, _load_raw, collective_unit_name, is_collective

COLLECTIVES = (
    "Các sở, ban, ngành tỉnh", "các sở ban ngành tỉnh", "Các sở, ban, ngành thuộc tỉnh",
    "Các sở, ban, ngành thuộc UBND tỉnh", "Các sở, ban, ngành thuộc Ủy ban nhân dân tỉnh",
    "Các sở, ban, ngành trên địa bàn tỉnh", "Các sở, ban, ngành cấp tỉnh", "Sở, ban, ngành", "sở, ban, ngành tỉnh",
    "Sở, ngành", "Các đơn vị trực thuộc", "Các đơn vị trực thuộc Sở", "Các cơ quan, đơn vị trực thuộc UBND tỉnh",
    "Các cơ quan, đơn vị cấp huyện", "Các đơn vị trên địa bàn huyện", "Các sở, ban, ngành cấp tỉnh có liên quan",
    "Các sở, ban, ngành tỉnh liên quan", "Các phòng, ban chuyên môn", "Cơ quan, đơn vị", "Các Sở ban ngành Tỉnh",
    "Thủ trưởng các sở, ban, ngành tỉnh", "Các sở, ban, ngành tỉnh, UBND các huyện, thành phố",
)


@pytest.mark.parametrize("name", COLLECTIVES)
def test_the_common_spellings_of_a_collective_are_collectives(name: str) -> None:
    assert is_collective(name), name
    assert collective_unit_name(name), name


def test_without_diacritics_the_collective_is_still_no_unit() -> None:
    for name in ("Cac so, ban, nganh tinh", "cac so ban nganh thuoc UBND tinh", "So, ban, nganh",
                 "Cac don vi truc thuoc", "Các sở – ban – ngành cấp tỉnh."):
        assert collective_unit_name(name), name


def test_real_units_are_no_collective() -> None:
    raw = _load_raw()
    directory = [str(w) for c in _CATEGORIES for e in raw.get(c, []) for w in [e["name"], *e.get("aliases", [])]]
    assert len(directory) > 50
    others = ["Sở Y tế", "Ban Dân tộc tỉnh", "Văn phòng Đoàn ĐBQH và HĐND tỉnh", "Sở Nội vụ tỉnh", "Công an tỉnh",
              "Ban Quản lý các khu công nghiệp tỉnh", "Ban Tuyên giáo Tỉnh ủy", "Sở Lao động, Thương binh và Xã hội",
              "Phòng Các vấn đề xã hội", "Ban Chỉ đạo tỉnh", "Ban Tiếp công dân tỉnh", "Phòng Tài chính - Kế hoạch",
              "Sở Xây dựng tỉnh Hòa Bình Đông", "Đơn vị sự nghiệp công lập thuộc Sở Y tế", "Các", "Sở", "Ban"]
    wrong = [n for n in directory + others if is_collective(n) or collective_unit_name(n)]
    assert wrong == []
