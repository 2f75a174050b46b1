"""Support (phối hợp) units by kind, session rules32 (issue 11: partners as a clerk reads them on corpus-2025). Each
kind is tested on invented wording, never on a line of the labelled data."""
from __future__ import annotations

import pytest

from services.ingest.understanding.tasks import extract_tasks


def _tasks(text: str) -> list[tuple[str, list[str], str]]:
    return [(t.lead, t.support, t.action) for t in extract_tasks(text, "2025-03-10")]


# -- a force named with its level is one partner: "lực lượng Công an tỉnh" (the level was read as the duty's first word:
# "tỉnh kiểm tra …") ----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("partners", "unit"), [
    ("lực lượng Công an tỉnh", "lực lượng Công an tỉnh"),
    ("lực lượng Quân sự huyện", "lực lượng Quân sự huyện"),
    ("lực lượng Công an cấp xã", "lực lượng Công an cấp xã"),
])
def test_a_force_is_named_with_its_level(partners: str, unit: str) -> None:
    text = f"Giao Ban Quản lý chợ huyện phối hợp chặt chẽ với {partners} kiểm tra hàng hóa nhập lậu tại các chợ."
    assert _tasks(text) == [("Ban Quản lý chợ huyện", [unit], "kiểm tra hàng hóa nhập lậu tại các chợ")]


# -- the Front of a level among the partners: "phối hợp chính quyền địa phương, Mặt trận cơ sở và các đoàn thể …" (the
# list stopped at the Front and the rest became words of the duty) ---------------------------------------------------

@pytest.mark.parametrize("front", ["Mặt trận cơ sở", "Mặt trận Tổ quốc các cấp", "Mặt trận cùng cấp"])
def test_the_front_of_a_level_is_a_partner(front: str) -> None:
    text = ("3. Hội Chữ thập đỏ tỉnh:\n"
            f"- Phối hợp chính quyền cơ sở, {front} và các đoàn thể giám sát việc phát gạo cứu trợ.\n")
    assert _tasks(text) == [("Hội Chữ thập đỏ tỉnh", ["chính quyền cơ sở", front, "các đoàn thể"],
                             "giám sát việc phát gạo cứu trợ")]


def test_the_front_is_no_lead_on_its_own() -> None:
    # the branch word reads partners only; a duty of "Mặt trận cơ sở" needs a lead rule of its own (none here)
    assert all(lead != "Mặt trận cơ sở" for lead, _, _ in _tasks(
        "Giao Sở Nội vụ chủ trì, phối hợp với Mặt trận cơ sở và các đoàn thể rà soát danh sách hộ nghèo."))


# -- an office holder routes to the unit they head: "phối hợp với Chủ tịch UBND các xã" is the communes' committees (a
# collective, as without the title), "Giám đốc Sở Tư pháp chủ trì" is Sở Tư pháp's task — the units a task is sent to
# and that read the document are those, never a unit called "Giám đốc Sở Tư pháp" ------------------------------------

def test_office_holders_route_to_the_units_they_head() -> None:
    [t] = extract_tasks("Giao Giám đốc Sở Tư pháp chủ trì, phối hợp với Chánh Văn phòng UBND tỉnh và Chủ tịch UBND các "
                        "xã, phường niêm yết công khai danh mục thủ tục hành chính.", "2025-03-10")
    assert t.lead == "Giám đốc Sở Tư pháp"  # as written
    assert t.support == ["Chánh Văn phòng UBND tỉnh", "Chủ tịch UBND các xã, phường"]
    assert t.lead_units == ["Sở Tư pháp"]
    assert t.support_units == ["Văn phòng Ủy ban nhân dân tỉnh", "Ủy ban nhân dân các xã, phường"]


@pytest.mark.parametrize(("written", "unit"), [
    ("Giám đốc Sở Xây dựng", "Sở Xây dựng"),
    ("Trưởng phòng Kinh tế - Hạ tầng", "Phòng Kinh tế - Hạ tầng"),
    ("Trưởng Công an xã", "Công an xã"),
    ("Chánh Thanh tra tỉnh", "Thanh tra tỉnh"),
    ("Thủ trưởng các cơ quan, đơn vị liên quan", "các cơ quan, đơn vị liên quan"),
    # no unit after the title, or a body rather than its head: as written
    ("Giám đốc Sở", "Giám đốc Sở"),
    ("Ban Thường vụ Huyện ủy", "Ban Thường vụ Huyện ủy"),
    ("Sở Xây dựng", "Sở Xây dựng"),
])
def test_the_unit_an_office_holder_heads(written: str, unit: str) -> None:
    from services.ingest.understanding.units import unit_of_office

    assert unit_of_office(written) == unit


@pytest.mark.parametrize("written", ["Lãnh đạo phòng", "Hiệu trưởng trường", "lãnh đạo cấp"])
def test_a_title_before_a_bare_kind_names_no_unit(written: str) -> None:
    from services.ingest.understanding.units import unit_of_office

    assert unit_of_office(written) == written
