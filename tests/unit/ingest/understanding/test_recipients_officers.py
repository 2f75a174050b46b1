"""Văn thư: "Nơi nhận 'Chủ tịch, các PCT UBND tỉnh' became the recipient 'Chủ tịch'." A head and the deputies of one
body, the body named once at the end, are one recipient (invented wording)."""
from __future__ import annotations

from services.ingest.understanding import understand
from services.ingest.understanding.units import expand_units


def test_a_head_and_the_deputies_of_one_body_are_one_recipient() -> None:
    assert expand_units("Chủ tịch, các PCT UBND huyện Đông Sơn") == ["Chủ tịch, các PCT UBND huyện Đông Sơn"]
    assert expand_units("Giám đốc, các Phó Giám đốc Sở") == ["Giám đốc, các Phó Giám đốc Sở"]
    assert expand_units("Viện trưởng và các Phó Viện trưởng, Sở Y tế") == [
        "Viện trưởng và các Phó Viện trưởng", "Sở Y tế"]
    # a head named with the body, and a list of departments, read as before
    assert expand_units("Sở Y tế, Chủ tịch UBND huyện") == ["Sở Y tế", "Chủ tịch UBND huyện"]
    assert expand_units("Sở GTVT, TC") == ["Sở Giao thông vận tải", "Sở Tài chính"]


def test_the_nơi_nhận_list_keeps_the_deputies() -> None:
    info = understand("\n".join([
        "ỦY BAN NHÂN DÂN", "TỈNH ĐÔNG SƠN", "Số: 41/CT-UBND", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Đông Sơn, ngày 02 tháng 12 năm 2026", "CHỈ THỊ", "Về việc bảo vệ rừng mùa khô", "",
        "1. Sở Nông nghiệp và Phát triển nông thôn kiểm tra các vùng rừng trọng điểm.", "",
        "Nơi nhận:", "- Chủ tịch, các PCT UBND tỉnh;", "- Sở Tài chính;", "- Lưu: VT.", "CHỦ TỊCH", "Lê Văn Bình"]))
    assert "Chủ tịch, các PCT UBND tỉnh" in info.recipients and "Chủ tịch" not in info.recipients, info.recipients
    assert "Sở Tài chính" in info.recipients


def test_the_heads_of_a_collective_are_no_unit_to_add() -> None:
    """Văn thư: "the review page offered to add 'Thủ trưởng các sở, ngành' to the unit directory (from 'Yêu cầu Thủ
    trưởng các sở, ngành nghiêm túc thực hiện Chỉ thị này')": the heads of a collective are a collective too."""
    from services.ingest.understanding.confidence import is_collective

    assert is_collective("Thủ trưởng các cơ quan, đơn vị") and is_collective("Lãnh đạo các sở, ngành")
    assert is_collective("Giám đốc các sở") and is_collective("các địa phương")
    assert not is_collective("Thủ trưởng Sở Giao thông vận tải") and not is_collective("Chủ tịch UBND các huyện")


def test_a_ministrys_every_province_is_no_unit_to_add() -> None:
    """Văn thư (play 324): "a Bộ's công văn asks 'UBND các tỉnh, thành phố' to report; the review page offered it as
    a new unit and, confirmed, it became a unit with a line of its own in the giao ban pack." Every province is a
    collective like every commune; one named province or commune is not."""
    from services.ingest.understanding.confidence import is_collective

    assert is_collective("UBND các tỉnh, thành phố") and is_collective("Ủy ban nhân dân các tỉnh, thành phố")
    assert is_collective("UBND các tỉnh, thành phố trực thuộc Trung ương")
    assert is_collective("UBND các xã, phường, đặc khu")
    assert not is_collective("UBND tỉnh Đông Sơn") and not is_collective("UBND xã Hưng Lộc")
