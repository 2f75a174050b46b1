"""Session rules36 (issue 11): 2025 commune and ward pages read as a clerk of that commune would — the title a post
prints above its story, the ward's own forces and market groups as leads, and a force that was acted on; each rule in
invented wording (no labelled line)."""
from __future__ import annotations

from services.ingest.understanding.tasks import extract_tasks


def _duties(text: str) -> list[tuple[str, str]]:
    return [(t.lead, t.action) for t in extract_tasks(text)]


# --- a post's title stands above its story: it is not glued to the story's first sentence -----------------------

def test_a_who_colon_what_title_is_not_glued_to_the_story() -> None:
    # "Phường X: Triển khai …" then "Tại hội nghị, … yêu cầu …": the request is the story's, the title no duty
    text = ("Phường Hòa An: Ra quân diệt lăng quăng, bọ gậy\n"
            "Tại hội nghị, đồng chí Phó Chủ tịch UBND phường yêu cầu các tổ dân phố, trường học tăng cường phối hợp "
            "vệ sinh môi trường, phòng chống dịch sốt xuất huyết trên địa bàn.\n")
    assert _duties(text) == [("các tổ dân phố, trường học", "tăng cường phối hợp vệ sinh môi trường, phòng chống dịch "
                                                            "sốt xuất huyết trên địa bàn")]


def test_a_title_ending_with_the_posts_date_stamp_stands_apart() -> None:
    # "… 12/02/2026 09:30" then "Căn cứ …, UBND xã X tổ chức …": the commune's own step, with its window's end
    text = ("UBND xã Tân Lộc thông báo niêm yết danh sách cử tri bầu cử 12/02/2026 09:30\n"
            "Căn cứ hướng dẫn của cấp trên, UBND xã Tân Lộc tổ chức niêm yết danh sách cử tri tại nhà văn hóa các thôn "
            "từ ngày 12/02/2026 đến hết ngày 20/3/2026.\n")
    tasks = extract_tasks(text)
    assert [(t.lead, t.deadline) for t in tasks] == [("UBND xã Tân Lộc", "2026-03-20")]
    assert tasks[0].sentence.startswith("Căn cứ hướng dẫn")


def test_a_title_printed_twice_gives_no_duty() -> None:
    # a ward police post's title, printed twice by the portal, then the story in the unit's own words
    text = ("Công an xã Đồng Tâm bảo đảm an ninh lễ hội đền Đồng năm 2026\n"
            "Công an xã Đồng Tâm bảo đảm an ninh lễ hội đền Đồng năm 2026\n"
            "Đơn vị bố trí lực lượng trực tại các cổng đền. Thời gian tới, Công an xã Đồng Tâm tiếp tục duy trì các "
            "biện pháp bảo đảm an ninh, trật tự trong suốt mùa lễ hội.\n")
    assert _duties(text) == [("Công an xã Đồng Tâm", "tiếp tục duy trì các biện pháp bảo đảm an ninh, trật tự trong "
                                                     "suốt mùa lễ hội")]


def test_a_wrapped_first_line_still_joins_its_sentence() -> None:
    # a hard-wrapped directive whose first line is as long as the others: one sentence, one duty
    text = ("UBND tỉnh giao Sở Nông nghiệp và Môi trường chủ trì, phối hợp UBND các xã khẩn trương rà soát\n"
            "Các khu vực có nguy cơ sạt lở, báo cáo UBND tỉnh trước ngày 15/10/2025 để chỉ đạo xử lý kịp thời.\n"
            "Giao Công an tỉnh bố trí lực lượng sẵn sàng hỗ trợ di dời người dân khỏi các khu vực nguy hiểm.\n")
    assert [t.lead for t in extract_tasks(text)][:1] == ["Sở Nông nghiệp và Môi trường"]
    assert "Các khu vực có nguy cơ sạt lở" in extract_tasks(text)[0].action


# --- the ward's own forces and groups as leads -------------------------------------------------------------------

def test_the_wards_own_force_named_in_lower_case_leads() -> None:
    # "lực lượng bảo vệ dân phố": "bảo vệ" is part of the force's name, not its duty
    assert _duties("Yêu cầu lực lượng bảo vệ dân phố tăng cường tuần tra tại các khu vực trũng thấp khi có mưa lớn.") == [
        ("lực lượng bảo vệ dân phố", "tăng cường tuần tra tại các khu vực trũng thấp khi có mưa lớn")]


def test_the_grassroots_security_force_leads_with_its_whole_name() -> None:
    assert [t.lead for t in extract_tasks(
        "UBND phường yêu cầu lực lượng tham gia bảo vệ an ninh, trật tự ở cơ sở tăng cường tuần tra ban đêm.")] == [
        "lực lượng tham gia bảo vệ an ninh, trật tự ở cơ sở"]


def test_a_list_of_forces_is_not_cut_after_the_first() -> None:
    # "các lực lượng dân quân, công an, …": the forces one by one, never "các lực lượng dân quân" with "công an" as duty
    leads = [t.lead for t in extract_tasks("Yêu cầu các lực lượng dân quân, công an và các thôn nhanh chóng xuống "
                                           "hiện trường hỗ trợ nhân dân.")]
    assert "các lực lượng dân quân" not in leads


def test_a_market_management_group_as_subject_leads_its_paragraph() -> None:
    # "Tổ quản lý chợ X nắm tình hình …": the market's group is the subject; "nắm tình hình" is its first duty
    assert _duties("Tổ quản lý chợ Bến Thành nắm tình hình thường xuyên, chủ động xây dựng phương án bảo vệ hàng hóa "
                   "của tiểu thương.") == [
        ("Tổ quản lý chợ Bến Thành", "nắm tình hình thường xuyên, chủ động xây dựng phương án bảo vệ hàng hóa của tiểu "
                                     "thương")]


# --- a force that was acted on is no lead -----------------------------------------------------------------------

def test_a_force_that_was_reinforced_gives_no_duty() -> None:
    # "Lực lượng được tăng cường quân số, …": what was done to the force; no unit acts (it was led "Lực lượng được")
    assert _duties("Lực lượng được tăng cường quân số, tổ chức tuần tra tại khu vực bến xe.") == []


def test_a_title_with_its_stop_over_the_posts_date_stamp_gives_no_duty() -> None:
    # a commune portal prints its title with a full stop, then the date stamp and the view count on their own lines
    text = ("Chủ tịch UBND xã Hòa Sơn kiểm tra tình hình ngập úng tại các thôn.\n\n"
            "03/10/2025 - 09:12\n128\n\n"
            "Ngày 3/10, đồng chí Chủ tịch UBND xã đã đi kiểm tra thực tế tình hình ngập úng tại thôn Đông.\n\n"
            "Đồng chí yêu cầu các thôn khẩn trương rà soát các hộ dân ở vùng trũng để có phương án di dời.\n")
    assert _duties(text) == [("các thôn", "khẩn trương rà soát các hộ dân ở vùng trũng để có phương án di dời")]


def test_who_takes_part_listed_is_no_duty() -> None:
    # "Các lực lượng tham gia ứng trực gồm: …": who is on duty, listed; the duty given comes after
    text = ("Các lực lượng tham gia ứng trực gồm: Dân quân phường, lực lượng an ninh cơ sở, lãnh đạo tổ dân phố. "
            "Lãnh đạo phường yêu cầu các tổ dân phố ứng trực đầy đủ, không bỏ chốt trực.")
    assert _duties(text) == [("các tổ dân phố", "ứng trực đầy đủ, không bỏ chốt trực")]


# --- a unit heading over its follow-on lines: a role given inside the heading unit's duty --------------------------

def test_a_role_given_under_a_unit_heading_stays_the_heading_units_duty() -> None:
    # "Hội Phụ nữ xã:" then "Huy động và phân công các chi hội làm lực lượng nòng cốt …": the association assigns the
    # role; the branches named are not the lead
    text = ("Hội Liên hiệp Phụ nữ xã: Chủ trì, phối hợp với các đơn vị liên quan tuyên truyền hội viên phân loại rác.\n"
            "Huy động và phân công các tổ chức thành viên làm lực lượng nòng cốt ra quân dọn vệ sinh tại các thôn.\n")
    assert [t.lead for t in extract_tasks(text)] == ["Hội Liên hiệp Phụ nữ xã", "Hội Liên hiệp Phụ nữ xã"]


def test_a_body_and_its_members_as_the_core_of_a_campaign_lead() -> None:
    # "X và các tổ chức thành viên làm nòng cốt, hướng dẫn …": acting as the core is their duty, said with "làm"
    assert _duties("Ủy ban Mặt trận Tổ quốc Việt Nam xã và các tổ chức thành viên làm nòng cốt, hướng dẫn Nhân dân "
                   "trồng cây xanh tại các tuyến đường.") == [
        ("Ủy ban Mặt trận Tổ quốc Việt Nam xã và các tổ chức thành viên",
         "làm nòng cốt, hướng dẫn Nhân dân trồng cây xanh tại các tuyến đường")]


def test_an_assignment_to_a_named_unit_is_still_read() -> None:
    # (guard) "phân công Phòng X chủ trì …": a unit given a duty, not a role
    assert [t.lead for t in extract_tasks("UBND xã phân công Phòng Kinh tế chủ trì kiểm tra các công trình thủy lợi "
                                          "trước mùa mưa.")] == ["Phòng Kinh tế"]


# --- praise, then a request that does not name the bodies again --------------------------------------------------

def test_the_bodies_praised_are_the_ones_asked_next() -> None:
    text = ("Phát biểu tại buổi làm việc, đồng chí Bí thư Đảng ủy xã ghi nhận những đóng góp tích cực của Hội Nông dân "
            "xã và Hội Cựu chiến binh xã. Đồng thời, đề nghị trong thời gian tới cần tập trung vận động hội viên tham "
            "gia bảo hiểm y tế; xây dựng mô hình kinh tế tập thể.")
    assert _duties(text) == [
        ("Hội Nông dân xã và Hội Cựu chiến binh xã", "tập trung vận động hội viên tham gia bảo hiểm y tế"),
        ("Hội Nông dân xã và Hội Cựu chiến binh xã", "xây dựng mô hình kinh tế tập thể")]


def test_the_front_and_the_mass_bodies_praised_are_asked_together() -> None:
    text = ("Đồng chí Chủ tịch UBND phường đánh giá cao kết quả của Ủy ban MTTQ Việt Nam phường và các đoàn thể "
            "phường. Đồng chí đề nghị thời gian tới cần tiếp tục vận động Nhân dân phân loại rác tại nguồn.")
    assert _duties(text) == [("Ủy ban MTTQ Việt Nam phường và các đoàn thể phường",
                              "tiếp tục vận động Nhân dân phân loại rác tại nguồn")]


def test_a_request_after_praise_of_no_body_gives_no_duty() -> None:
    # (guard) praise of what was done, no body named: nobody to ask
    assert _duties("Đồng chí Chủ tịch ghi nhận những kết quả đạt được trong thời gian qua. Đồng thời, đề nghị thời "
                   "gian tới cần tiếp tục phát huy.") == []


# --- a merged department's name with its own comma, in the list a province is asked to direct --------------------

def test_departments_directed_stay_one_object_list_past_a_names_comma() -> None:
    # "đề nghị UBND các tỉnh chỉ đạo Sở Văn hóa, Thể thao và Du lịch, Sở Du lịch phối hợp …": the province leads; the
    # follow-on paragraph is its duty too (it was cut at "…, Sở Du lịch phối hợp" and given to the departments)
    text = ("Bộ Văn hóa, Thể thao và Du lịch đề nghị Ủy ban nhân dân các tỉnh chỉ đạo Sở Văn hóa, Thể thao và Du lịch, "
            "Sở Du lịch phối hợp với các sở, ngành liên quan tổ chức lễ hội mùa Xuân an toàn, tiết kiệm.\n\n"
            "Chỉ đạo các đơn vị chức năng xây dựng phương án bảo đảm an ninh trật tự tại các điểm lễ hội.\n")
    assert [t.lead for t in extract_tasks(text)] == ["Ủy ban nhân dân các tỉnh", "Ủy ban nhân dân các tỉnh"]


def test_a_unit_with_its_own_verb_after_a_directed_unit_is_still_cut() -> None:
    # (guard) "…, chỉ đạo Sở A triển khai …, Sở B hoàn thành … trước ngày …": Sở B's own duty after the first one's
    leads = [t.lead for t in extract_tasks(
        "UBND tỉnh yêu cầu Sở Nội vụ chỉ đạo Trung tâm Lưu trữ số hóa hồ sơ trong năm 2026, Sở Tài chính bố trí kinh "
        "phí thực hiện trước ngày 30/6/2026.")]
    assert "Sở Tài chính" in leads


# --- a commune directing its own hamlets, street groups and forces -----------------------------------------------

def test_a_commune_directing_its_hamlets_gives_them_the_work() -> None:
    # "UBND xã chỉ đạo các ấp, hội – đoàn thể lập danh sách …" in the commune's own news: the hamlets do the listing
    assert _duties("Trên cơ sở đó, UBND xã chỉ đạo các ấp, hội – đoàn thể lập danh sách hộ chưa có thẻ bảo hiểm y tế "
                   "để vận động phù hợp.") == [
        ("các ấp, hội – đoàn thể", "lập danh sách hộ chưa có thẻ bảo hiểm y tế để vận động phù hợp")]


def test_a_wards_own_account_directing_its_street_force() -> None:
    # "… đã ban hành thông báo …. Chỉ đạo lực lượng bảo vệ dân phố tăng cường …": the ward's account; the force acts,
    # and the ward's next own step ("Tổ chức thông báo …") is not the force's
    text = ("UBND phường đã ban hành thông báo về lịch trực phòng chống bão. Chỉ đạo lực lượng bảo vệ dân phố tăng "
            "cường tuần tra tại các khu vực trũng thấp khi có bão.\n\n"
            "Tổ chức thông báo và yêu cầu các công trình xây dựng tạm dừng thi công khi bão đổ bộ.\n")
    assert [t.lead for t in extract_tasks(text)] == ["lực lượng bảo vệ dân phố"]


def test_the_groups_in_each_hamlet_directed() -> None:
    assert _duties("Chỉ đạo các tổ ở các thôn phân công nhiệm vụ cho từng thành viên, hướng dẫn việc kiểm phiếu.") == [
        ("các tổ ở các thôn", "phân công nhiệm vụ cho từng thành viên, hướng dẫn việc kiểm phiếu")]


def test_communes_told_to_direct_their_hamlets_keep_the_duty() -> None:
    # (guard) the province asks the communes to direct: the communes' duty (the labelling conventions)
    assert [t.lead for t in extract_tasks("UBND tỉnh yêu cầu UBND các xã chỉ đạo các thôn rà soát hộ nghèo trước ngày "
                                          "15/12/2025.")] == ["UBND các xã"]


def test_a_department_heading_keeps_its_directing_item() -> None:
    # (guard) "- Chỉ đạo các trường học …" under a department's heading stays the department's duty
    assert [t.lead for t in extract_tasks("2. Sở Giáo dục và Đào tạo:\n- Chỉ đạo các trường học tăng cường kiểm tra "
                                          "cơ sở vật chất trước mùa mưa bão.\n")] == ["Sở Giáo dục và Đào tạo"]


# --- one request told twice on one page --------------------------------------------------------------------------

def test_a_request_repeated_under_the_photo_is_one_duty() -> None:
    # a commune page tells the request, then repeats it under a photo naming the hamlets: one duty for the inbox
    text = ("Qua kiểm tra, đồng chí Chủ tịch UBND xã đề nghị các thôn kịp thời tuyên truyền, vận động nhân dân chủ động "
            "phòng tránh sạt lở.\n\nanh1.jpg\n\n"
            "Đồng chí Chủ tịch UBND xã yêu cầu các thôn Đông Hòa và thôn Tây Hòa kịp thời tuyên truyền, vận động nhân "
            "dân chủ động phòng tránh sạt lở.\n")
    assert [t.lead for t in extract_tasks(text)] == ["các thôn"]


def test_two_units_given_the_same_words_keep_a_duty_each() -> None:
    # (guard) the same action for two different units, or twice for the same unit, is left as it was
    text = ("Giao Sở Y tế tổng hợp báo cáo kết quả thực hiện về UBND tỉnh. Giao Sở Tài chính tổng hợp báo cáo kết quả "
            "thực hiện về UBND tỉnh.")
    assert [t.lead for t in extract_tasks(text)] == ["Sở Y tế", "Sở Tài chính"]


def test_a_department_named_the_focal_point_keeps_its_duty() -> None:
    # (guard) "phân công Sở X làm đầu mối, chủ trì …" / "… làm thường trực …, tham mưu …": the department does the work;
    # only the core of a campaign given to members or mass organisations is a role inside the assigner's duty
    assert [t.lead for t in extract_tasks("UBND tỉnh phân công Sở Tài chính làm đầu mối, chủ trì tổng hợp các đề xuất "
                                          "của các sở, ngành.")] == ["Sở Tài chính"]
    assert [t.lead for t in extract_tasks("Phân công Sở Nội vụ làm thường trực Hội đồng thi đua, tham mưu tổ chức hội "
                                          "nghị tổng kết.")] == ["Sở Nội vụ"]
