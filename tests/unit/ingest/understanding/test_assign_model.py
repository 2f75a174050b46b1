"""The sentence-level "is this an assignment?" model beside the rules: its sentences and zones, its features, the
combination (adding a task where the rules found none, dropping one in a sentence that carries no duty), the off
switch, and a tiny model trained through the training command's own code. Invented wording throughout."""
from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

from services.ingest.understanding import assign_model as am
from services.ingest.understanding import understand
from services.ingest.understanding.model import ExtractedTask

ROOT = Path(__file__).resolve().parents[4]

LETTER = ("ỦY BAN NHÂN DÂN HUYỆN SÔNG XANH\n\nSố: 12/UBND\n\nSông Xanh, ngày 3 tháng 4 năm 2026\n"
          "Kính gửi: Phòng Văn hóa và Thông tin huyện\n"
          "Để chuẩn bị lễ hội đua thuyền, Phòng Văn hóa và Thông tin huyện khẩn trương kiểm tra sân khấu, "
          "hoàn thành trước ngày 20/4/2026. Năm qua lễ hội đã thu hút 5.000 lượt khách.\n"
          "Nơi nhận:\n- Như trên;\n- Lưu: VT.\n")


def _train_module():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("train_assign", ROOT / "scripts" / "train_assign.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules["train_assign"] = mod
    spec.loader.exec_module(mod)
    return mod


def _seg(segs: list[am.Segment], start: str) -> tuple[int, am.Segment]:
    k = next(k for k, s in enumerate(segs) if s.text.startswith(start))
    return k, segs[k]


def test_sentences_are_the_extractors_with_their_zones() -> None:
    segs = am.segments(LETTER)
    zones = {s.text[:12]: s.zone for s in segs}
    assert zones["ỦY BAN NHÂN "] == "header" and zones["Số: 12/UBND"] == "header"
    assert zones["Kính gửi: Ph"] == "kinh_gui"
    assert zones["Để chuẩn bị "] == "body" and zones["Năm qua lễ h"] == "body"
    assert zones["Nơi nhận:"] == "noi_nhan" and zones["Lưu: VT."] == "noi_nhan"
    for s in segs:  # every sentence is a slice of the text, as written
        assert " ".join(LETTER[s.start:s.end].split()) == s.text


def test_features_of_a_duty_and_of_a_report_of_work_done() -> None:
    segs = am.segments(LETTER)
    k, _ = _seg(segs, "Để chuẩn bị")
    duty = am.features(segs, k)
    assert {"duty=khan_truong", "duty=kiem_tra", "time_limit", "date", "unit_after_opener", "unit_then_duty",
            "zone=body"} <= set(duty)
    k, _ = _seg(segs, "Năm qua")
    done = am.features(segs, k)
    assert {"past=da", "past=nam_qua", "figures", "not_first"} <= set(done)
    assert not any(f.startswith("unit_") for f in done)
    k, _ = _seg(segs, "Lưu")
    assert {"zone=noi_nhan", "item=dash", "closing"} <= set(am.features(segs, k))


def test_accents_tell_duty_words_from_look_alikes() -> None:
    segs = am.segments("Cán bộ địa chính đo đất tại xã Hòa Bình.")
    feats = am.features(segs, 0)
    assert "modal=can" not in feats and "past=dat" not in feats  # "cán" is not "cần", "đất" is not "đạt"


def test_list_context_features() -> None:
    text = "1. Phòng Tài nguyên huyện:\n- Rà soát hồ sơ đất công;\n- Lập danh sách hộ lấn chiếm.\n"
    segs = am.segments(text)
    heading = am.features(segs, 0)
    assert {"lead_in", "unit_first", "item=num"} <= set(heading)
    first_item = am.features(segs, 1)
    assert {"after_lead_in", "after_unit_lead_in", "item=dash"} <= set(first_item)
    assert "item_run" in am.features(segs, 2)


def test_unit_found_at_start_after_request_or_after_opener() -> None:
    s = "Đề nghị Trung tâm Y tế huyện tổ chức phun thuốc diệt muỗi."
    where = am.unit_at(s)
    assert where is not None and s[where[0]:where[1]] == "Trung tâm Y tế huyện" and where[2] == 1
    s = "Phòng Giáo dục và Đào tạo huyện rà soát sĩ số."
    where = am.unit_at(s)
    assert where is not None and s[where[0]:where[1]].startswith("Phòng Giáo dục và Đào tạo") and where[2] == 0
    assert am.unit_at("Trời mưa to kéo dài.") is None


def _probs(segs: list[am.Segment], high: str, p: float = 0.95, rest: float = 0.3) -> list[float]:
    return [p if s.text.startswith(high) else rest for s in segs]


def test_add_gives_the_unit_read_in_a_confident_sentence_without_rule_task() -> None:
    text = "Tình hình mưa lũ diễn biến phức tạp. Ban Chỉ huy quân sự xã khẩn trương sơ tán dân khỏi vùng trũng trước ngày 5/10/2026."
    segs = am.segments(text)
    out = am.apply(text, segs, _probs(segs, "Ban Chỉ huy"), [], am.Combination(add=0.8), "2026-09-30")
    assert len(out) == 1
    t = out[0]
    assert t.lead.startswith("Ban Chỉ huy quân sự xã") and t.action.startswith("sơ tán dân")
    assert t.deadline == "2026-10-05" and t.needs_review and am.REVIEW_REASON in t.review_reasons
    assert t.span is not None and text[t.span[0]:t.span[1]].startswith("Ban Chỉ huy")
    # below the threshold, or off: nothing added
    assert am.apply(text, segs, _probs(segs, "Ban Chỉ huy", p=0.7), [], am.Combination(add=0.8)) == []
    assert am.apply(text, segs, _probs(segs, "Ban Chỉ huy"), [], am.Combination()) == []


def test_add_never_where_a_rule_task_is_or_outside_the_body() -> None:
    text = "Kính gửi: Phòng Y tế huyện\nPhòng Y tế huyện kiểm tra bếp ăn trường học."
    segs = am.segments(text)
    k, duty = _seg(segs, "Phòng Y tế huyện kiểm tra")
    rule = ExtractedTask(lead="Phòng Y tế huyện", action="kiểm tra bếp ăn trường học", span=(duty.start, duty.end))
    probs = [0.99] * len(segs)
    out = am.apply(text, segs, probs, [rule], am.Combination(add=0.5))
    assert out == [rule]  # the rule already has it; the Kính gửi line is no duty


def test_add_from_the_list_takes_the_lead_of_the_task_before() -> None:
    text = "Giao Hạt Kiểm lâm:\n- Tuần tra rừng phòng hộ;\n- Cắm mốc ranh giới rừng."
    segs = am.segments(text)
    k, first = _seg(segs, "Tuần tra")
    rule = ExtractedTask(lead="Hạt Kiểm lâm", action="tuần tra rừng phòng hộ", span=(first.start, first.end))
    probs = _probs(segs, "Cắm mốc")
    assert am.apply(text, segs, probs, [rule], am.Combination(add=0.8, lead_from="unit")) == [rule]
    out = am.apply(text, segs, probs, [rule], am.Combination(add=0.8, lead_from="unit+list"))
    assert [t.lead for t in out] == ["Hạt Kiểm lâm", "Hạt Kiểm lâm"]
    assert out[1].action.startswith("Cắm mốc ranh giới rừng")


def test_remove_drops_a_rule_task_in_a_sentence_without_duty() -> None:
    text = "Năm qua, Hội Nông dân xã đã vận động hội viên góp 300 ngày công. Đoàn Thanh niên xã dọn vệ sinh kênh mương."
    segs = am.segments(text)
    past = ExtractedTask(lead="Hội Nông dân xã", span=(segs[0].start, segs[0].end))
    duty = ExtractedTask(lead="Đoàn Thanh niên xã", span=(segs[1].start, segs[1].end))
    probs = [0.03, 0.9]
    assert am.apply(text, segs, probs, [past, duty], am.Combination(remove=0.05)) == [duty]
    assert am.apply(text, segs, probs, [past, duty], am.Combination(remove=0.02)) == [past, duty]


def test_off_leaves_the_rules_output_untouched(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    text = "Ban Chỉ huy quân sự xã khẩn trương sơ tán dân khỏi vùng trũng. Trời mưa to."
    before = understand(text)
    card = tmp_path / "assign.json"
    card.write_text(json.dumps({"enabled": True, "combination": {"add": 0.0, "lead_from": "unit", "remove": 1.0},
                                "weights": {"bias": 5.0}}), encoding="utf-8")
    monkeypatch.setattr(am, "CARD_PATH", card)
    am.card.cache_clear()
    try:
        monkeypatch.setenv("VANBAN_ASSIGN", "off")
        assert understand(text) == before
        monkeypatch.delenv("VANBAN_ASSIGN")
        card.write_text(json.dumps({"enabled": False, "combination": {"add": 0.0}, "weights": {"bias": 5.0}}),
                        encoding="utf-8")
        am.card.cache_clear()
        assert understand(text) == before
    finally:
        am.card.cache_clear()


def test_a_tiny_model_trained_through_the_command_code_separates_duty_from_report(tmp_path: Path) -> None:
    mod = _train_module()
    duty = "Phòng Nông nghiệp huyện khẩn trương {} trước ngày 30/6/2026."
    done = "Năm qua, xã đã {} đạt 95% kế hoạch."
    verbs = ["phun thuốc", "nạo vét kênh", "tiêm phòng gia súc", "sửa cống", "trồng cây", "đắp đê"]
    docs = []
    for i, v in enumerate(verbs):
        text = duty.format(v) + " " + done.format(v)
        gold = [{"lead": "Phòng Nông nghiệp huyện", "action": v + " trước ngày 30/6/2026", "support": []}]
        d = mod.Doc(f"d{i}", text, gold, [], None, False)
        d.segs = am.segments(text)
        d.feats = [am.features(d.segs, k) for k in range(len(d.segs))]
        d.labels, aligned = mod.align(d)
        assert aligned == 1 and d.labels == [1, 0]
        docs.append(d)
    weights = mod.fit(docs)
    text = "Phòng Nông nghiệp huyện khẩn trương diệt chuột trước ngày 1/7/2026. Năm qua, xã đã diệt chuột đạt 90% kế hoạch."
    segs, probs = am.segments(text), []
    probs = [am.probability(weights, am.features(segs, k)) for k in range(len(segs))]
    assert probs[0] > 0.8 > 0.2 > probs[1]
    assert mod.fit(docs) == weights  # deterministic


def test_the_speaker_who_asks_is_not_the_unit_that_acts() -> None:
    s = "Cục Thú y đề nghị Chi cục Chăn nuôi tỉnh Hòa Bình tổ chức tiêm phòng dại cho chó."
    where = am.unit_at(s)
    assert where is not None and s[where[0]:where[1]].startswith("Chi cục Chăn nuôi")
    s = "Sở Xây dựng vừa có văn bản gửi các huyện yêu cầu Phòng Quản lý đô thị huyện kiểm tra nhà trọ."
    where = am.unit_at(s)
    assert where is not None and s[where[0]:where[1]].startswith("Phòng Quản lý đô thị")
    assert am.unit_at("Ủy ban nhân dân huyện nhận được Tờ trình số 5 của Phòng Nội vụ.") is None


def test_an_annex_after_the_signature_is_read_again() -> None:
    text = ("Đề nghị các đơn vị thực hiện theo phụ lục kèm theo.\n\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n\n"
            "PHỤ LỤC\n\n1\tSửa chữa trạm bơm Cầu Đá\tPhòng Kinh tế huyện\tQuý III/2026\n")
    zones = [s.zone for s in am.segments(text)]
    assert zones[0] == "body" and "noi_nhan" in zones and zones[-1] == "annex"


def test_no_addition_for_a_directed_unit_or_a_conditional_closing() -> None:
    text = ("Giao Sở Nội vụ:\n- Tổ chức tập huấn văn thư cho cấp xã;\n- Chỉ đạo Trung tâm Lưu trữ tỉnh số hóa hồ sơ.\n"
            "Trong quá trình thực hiện, nếu có vướng mắc đề nghị các đơn vị báo cáo Sở Nội vụ.")
    segs = am.segments(text)
    _, first = _seg(segs, "Tổ chức tập huấn")
    rule = ExtractedTask(lead="Sở Nội vụ", action="tổ chức tập huấn văn thư cho cấp xã", span=(first.start, first.end))
    probs = [0.95] * len(segs)
    out = am.apply(text, segs, probs, [rule], am.Combination(add=0.9))
    assert out == [rule]  # the archive centre is directed, not the lead; the closing formula is no duty
    out = am.apply(text, segs, probs, [rule], am.Combination(add=0.9, lead_from="unit+list"))
    assert [t.lead for t in out] == ["Sở Nội vụ", "Sở Nội vụ"]  # the list's lead directs the centre
    assert out[1].action.startswith("Chỉ đạo Trung tâm Lưu trữ tỉnh")
