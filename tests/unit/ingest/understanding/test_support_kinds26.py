"""Support (phối hợp) by where the partner phrase starts and ends (session support26, issue 11): each kind on invented
wording, never on a line of the labelled data."""
from __future__ import annotations

import pytest

from services.ingest.understanding.tasks import extract_tasks


def _tasks(text: str) -> list[tuple[str, list[str]]]:
    return [(t.lead, t.support) for t in extract_tasks(text, "2025-03-10")]


def _actions(text: str) -> list[str]:
    return [t.action for t in extract_tasks(text, "2025-03-10")]


# -- the manner of working between "phối hợp" and "với" ("chặt chẽ, thường xuyên với …") and a colon after "với" ------

@pytest.mark.parametrize("how", ["phối hợp chặt chẽ, thường xuyên với", "phối hợp thường xuyên và chặt chẽ với",
                                 "phối hợp với:", "phối hợp chặt chẽ với:", "phối hợp đồng bộ, hiệu quả với"])
def test_the_manner_of_cooperating_does_not_hide_the_partners(how: str) -> None:
    text = f"Sở Xây dựng chủ trì, {how} Công an tỉnh và UBND các huyện kiểm tra trật tự xây dựng đô thị."
    assert _tasks(text) == [("Sở Xây dựng", ["Công an tỉnh", "UBND các huyện"])]
    assert _actions(text) == ["kiểm tra trật tự xây dựng đô thị"]


def test_the_manner_of_cooperating_inside_a_duty() -> None:
    text = "Giao Sở Y tế tăng cường giám sát dịch bệnh; phối hợp thường xuyên, chặt chẽ với Sở Giáo dục và Đào tạo " \
           "tổ chức tiêm chủng tại trường học."
    assert _tasks(text)[-1] == ("Sở Y tế", ["Sở Giáo dục và Đào tạo"])


# -- a partner list ends where the names end, not at the first word the directory knows -------------------------------

@pytest.mark.parametrize(("partners", "units"), [
    # the level of the bodies named after them
    ("các sở, ban, ngành ở tỉnh, UBND các xã", ["các sở, ban, ngành ở tỉnh", "UBND các xã"]),
    ("các sở, ngành ở Trung ương và địa phương", ["các sở, ngành ở Trung ương và địa phương"]),
    # a count of places, then their names after a colon
    ("Ủy ban nhân dân 03 xã: Tân Lập, Hòa Phú, An Bình", ["Ủy ban nhân dân 03 xã: Tân Lập, Hòa Phú, An Bình"]),
    # a body named by what it manages
    ("cơ quan quản lý đường thủy nội địa", ["cơ quan quản lý đường thủy nội địa"]),
    ("các cơ quan, tổ chức quản lý công trình thủy lợi", ["các cơ quan, tổ chức quản lý công trình thủy lợi"]),
])
def test_a_partner_named_at_length_is_kept_whole(partners: str, units: list[str]) -> None:
    text = f"Sở Nông nghiệp và Môi trường phối hợp với {partners} để khoanh vùng, xử lý ổ dịch."
    assert _tasks(text) == [("Sở Nông nghiệp và Môi trường", units)]


def test_a_bare_kind_of_body_is_no_partner() -> None:
    # "cơ quan" alone names nobody: the partner is the body the words after it describe, or none at all
    text = "UBND xã phối hợp với cơ quan, tổ chức quản lý đê điều để bảo vệ công trình trong mùa mưa lũ."
    for _lead, support in _tasks(text):
        assert "cơ quan" not in support


# -- the partners of one duty are not the lead of the next -----------------------------------------------------------

@pytest.mark.parametrize("verb", ["bố trí kinh phí thực hiện", "xây dựng kế hoạch"])
def test_partners_after_and_cooperating_are_not_a_new_lead(verb: str) -> None:
    text = f"Sở Tài chính chủ trì tổng hợp dự toán, trình UBND tỉnh và phối hợp với các sở, ngành, UBND các huyện {verb}."
    leads = [lead for lead, _ in _tasks(text)]
    assert leads and all(lead == "Sở Tài chính" for lead in leads)
    assert any(support == ["các sở, ngành", "UBND các huyện"] for _, support in _tasks(text))


def test_two_units_each_with_its_own_duty_still_split() -> None:
    # (another unit joined by "và" with its own verb is its own task: no partner phrase before it)
    text = "Sở Tài chính tổng hợp dự toán và UBND các huyện bố trí kinh phí thực hiện."
    assert [lead for lead, _ in _tasks(text)] == ["Sở Tài chính", "UBND các huyện"]
