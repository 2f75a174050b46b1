"""The shared unit directory knows the 2025 reorganisation: a department or ministry merged into another says which,
and since when, in any spelling the directory knows; a unit that still exists says nothing."""
from __future__ import annotations

from services.vntext.units import canonical_unit, is_known_unit, merged_into


def test_a_merged_department_names_the_one_that_took_it_in() -> None:
    for written, into in (("Sở KH&ĐT", "Sở Tài chính"), ("Sở Tài nguyên và Môi trường", "Sở Nông nghiệp và Môi trường"),
                          ("Sở NN&PTNT", "Sở Nông nghiệp và Môi trường"), ("Sở TT&TT", "Sở Khoa học và Công nghệ"),
                          ("Sở GTVT", "Sở Xây dựng"), ("Bộ Kế hoạch và Đầu tư", "Bộ Tài chính")):
        merger = merged_into(written)
        assert merger is not None and merger.into == into and merger.on == "2025-03-01", written
        assert merger.name == canonical_unit(written)
        assert is_known_unit(into) and merged_into(into) is None, into  # the one it joined exists


def test_a_unit_that_still_exists_or_is_unknown_has_no_merger() -> None:
    for name in ("Sở Tài chính", "Sở Y tế", "Công an tỉnh", "Ban Quản lý dự án cầu treo bản Mòng", ""):
        assert merged_into(name) is None, name
