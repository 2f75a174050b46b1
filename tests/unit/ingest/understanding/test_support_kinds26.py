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
    ("đơn vị quản lý vận hành đường cao tốc", ["đơn vị quản lý vận hành đường cao tốc"]),
    ("đơn vị cung cấp dịch vụ bưu chính công ích", ["đơn vị cung cấp dịch vụ bưu chính công ích"]),
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


# -- a partner named before "chỉ đạo" is not the authority speaking ---------------------------------------------------

@pytest.mark.parametrize("how", ["phối hợp với", "chủ trì, phối hợp với"])
@pytest.mark.parametrize("adverb", ["", "tiếp tục "])
def test_a_party_partner_before_directing_is_still_a_partner(how: str, adverb: str) -> None:
    text = f"Sở Văn hóa và Thể thao {how} Ban Dân vận Huyện ủy {adverb}chỉ đạo các đài truyền thanh cơ sở đưa tin " \
           "về lễ hội."
    assert _tasks(text) == [("Sở Văn hóa và Thể thao", ["Ban Dân vận Huyện ủy"])]


def test_an_authority_directing_units_still_gives_them_the_duty() -> None:
    # (no partner phrase: the party committee speaks, the units it directs act)
    text = "Ban Thường vụ Huyện ủy chỉ đạo các chi bộ, đảng bộ cơ sở tổ chức học tập nghị quyết trong quý III."
    assert _tasks(text) == [("các chi bộ, đảng bộ cơ sở", [])]


# -- a plan's task card: the partner field named for several kinds of body, its list wrapped onto the next line -------

@pytest.mark.parametrize("field", ["Cơ quan, đơn vị phối hợp", "Các cơ quan, tổ chức phối hợp", "Đơn vị phối hợp chính"])
def test_a_card_field_naming_several_kinds_of_partner(field: str) -> None:
    text = ("1. Kiểm tra vệ sinh an toàn thực phẩm tại bếp ăn tập thể\n"
            "- Cơ quan chủ trì: Sở Y tế.\n"
            f"- {field}: Sở Công Thương; Sở Giáo dục và Đào tạo.\n"
            "- Thời gian thực hiện: Quý II/2026.\n")
    assert _tasks(text) == [("Sở Y tế", ["Sở Công Thương", "Sở Giáo dục và Đào tạo"])]


def test_a_card_partner_list_wrapped_after_its_semicolon() -> None:
    text = ("II. NỘI DUNG\n\n"
            "- Tổ chức hội thảo về thủ tục đầu tư cho doanh nghiệp.\n\n"
            "Đơn vị chủ trì thực hiện: Sở Tài chính.\n\n"
            "Đơn vị phối hợp thực hiện: Sở Công Thương, Sở Tư pháp;\n"
            "Liên minh Hợp tác xã tỉnh và các đơn vị có liên quan.\n\n"
            "Thời gian thực hiện: Quý IV/2026.\n")
    assert _tasks(text) == [("Sở Tài chính", ["Sở Công Thương", "Sở Tư pháp", "Liên minh Hợp tác xã tỉnh",
                                              "các đơn vị có liên quan"])]


def test_a_body_named_by_its_role_and_what_it_was_given_leads() -> None:
    text = "Yêu cầu các đơn vị quản lý khai thác được giao quản lý hồ chứa nước chủ động vận hành xả lũ an toàn."
    assert _tasks(text) == [("các đơn vị quản lý khai thác được giao quản lý hồ chứa nước", [])]


# -- partners said in other words: "; cùng với X <verb>" in a series, the kind of body before the partner's name -------

def test_a_duty_of_the_series_done_together_with_a_unit() -> None:
    text = "Phòng Y tế huyện chủ động phối hợp với Trung tâm Y tế huyện trong việc giám sát dịch; cùng với Hội Chữ thập " \
           "đỏ huyện tổ chức phát thuốc cho người dân."
    leads_support = _tasks(text)
    assert leads_support and all(lead == "Phòng Y tế huyện" for lead, _ in leads_support)
    assert {u for _, support in leads_support for u in support} == {"Trung tâm Y tế huyện", "Hội Chữ thập đỏ huyện"}


@pytest.mark.parametrize("kind", ["đơn vị", "cơ quan"])
def test_the_kind_of_body_before_a_partners_name(kind: str) -> None:
    text = f"Các ban, ngành, đoàn thể của xã chủ động phối hợp chặt chẽ với {kind} Công an cùng cấp để giữ gìn an ninh."
    assert _tasks(text) == [("Các ban, ngành, đoàn thể của xã", [f"{kind} Công an cùng cấp"])]


def test_a_partner_named_by_its_service_before_a_basis() -> None:
    # the partner's name ends before "căn cứ" (where the duty's basis begins)
    text = "Giao Sở Nội vụ chủ trì, phối hợp với đơn vị cung cấp dịch vụ bưu chính công ích căn cứ kế hoạch của UBND " \
           "tỉnh, tổ chức tiếp nhận hồ sơ qua bưu điện."
    assert _tasks(text) == [("Sở Nội vụ", ["đơn vị cung cấp dịch vụ bưu chính công ích"])]


# -- partners named after the duty: after a comma, in the next sentence, in a bracketed note ---------------------------

@pytest.mark.parametrize("tail", ["các sở, ngành liên quan phối hợp thực hiện", "các sở, ngành liên quan phối hợp",
                                  "Công an tỉnh và UBND các huyện có trách nhiệm phối hợp"])
def test_units_that_only_cooperate_after_a_comma_support_the_duty(tail: str) -> None:
    text = f"Giao Sở Giao thông vận tải kiểm tra an toàn các bến đò ngang, {tail}."
    (lead, support), = _tasks(text)
    assert lead == "Sở Giao thông vận tải" and support and support[-1] in tail
    assert _actions(text) == ["kiểm tra an toàn các bến đò ngang"]


def test_units_that_work_with_the_lead_on_its_duty_in_the_next_sentence() -> None:
    text = "Giao Sở Giao thông vận tải kiểm tra an toàn các bến đò ngang. Công an tỉnh, UBND các huyện có trách nhiệm " \
           "phối hợp với Sở Giao thông vận tải trong quá trình thực hiện."
    assert _tasks(text) == [("Sở Giao thông vận tải", ["Công an tỉnh", "UBND các huyện"])]


def test_a_unit_with_a_duty_of_its_own_in_the_next_sentence_is_its_own_task() -> None:
    text = "Giao Sở Giao thông vận tải kiểm tra an toàn các bến đò ngang. Công an tỉnh phối hợp với Sở Giao thông vận " \
           "tải xử lý các phương tiện vi phạm."
    assert _tasks(text) == [("Sở Giao thông vận tải", []), ("Công an tỉnh", ["Sở Giao thông vận tải"])]


def test_partners_in_a_bracketed_note_after_the_duty() -> None:
    text = "Giao Sở Giao thông vận tải kiểm tra an toàn các bến đò ngang (phối hợp: Công an tỉnh, UBND các huyện)."
    assert _tasks(text) == [("Sở Giao thông vận tải", ["Công an tỉnh", "UBND các huyện"])]


def test_partners_after_an_opening_basis_are_not_the_lead() -> None:
    # an item under a department's heading that opens with its basis: the partners named after "phối hợp với" must not
    # be given the item's duty
    text = "3. Sở Kế hoạch và Đầu tư\n- Trên cơ sở đề nghị của các địa phương, chủ trì cân đối, trình UBND tỉnh và " \
           "phối hợp với các sở, ngành, UBND các huyện phân bổ vốn đầu tư công hằng năm.\n- Theo dõi tiến độ giải " \
           "ngân vốn.\n"
    assert all(lead == "Sở Kế hoạch và Đầu tư" for lead, _ in _tasks(text))


@pytest.mark.parametrize(("partners", "units"), [
    ("BHXH huyện", ["BHXH huyện"]),
    ("UBND huyện Yên Lập, BHXH tỉnh và KBNN tỉnh", ["UBND huyện Yên Lập", "BHXH tỉnh", "KBNN tỉnh"]),
])
def test_a_partner_written_by_its_letters_and_level(partners: str, units: list[str]) -> None:
    text = f"UBND huyện yêu cầu Phòng Lao động chủ trì, phối hợp với {partners} kiểm tra việc đóng bảo hiểm của doanh " \
           "nghiệp."
    assert _tasks(text) == [("Phòng Lao động", units)]
