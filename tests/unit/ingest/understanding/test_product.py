"""Canonical unit names, expanded recipients, task confidence and the `vanban extract` shape (invented wording)."""
from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from services.cli import app
from services.ingest.understanding import ExtractedTask, understand
from services.ingest.understanding.confidence import assess
from services.ingest.understanding.model import REVIEW_BELOW
from services.ingest.understanding.tasks import extract_tasks
from services.ingest.understanding.units import canonical_name, expand_units

LETTER = (
    "ỦY BAN NHÂN DÂN\nTỈNH HÀ TĨNH\n\nSố: 215/UBND-NL\n\nHà Tĩnh, ngày 4 tháng 4 năm 2025\n\n"
    "V/v sửa chữa kênh mương trước mùa mưa\n\n"
    "Kính gửi: Các Sở: NN&PTNT, KH&ĐT, TC\n\n"
    "UBND tỉnh giao Sở NN&PTNT chủ trì, phối hợp với các Sở: TC, KH&ĐT rà soát các tuyến kênh xuống cấp, báo cáo "
    "UBND tỉnh trước ngày 30/4/2025.\n\n"
    "Nơi nhận:\n- Như trên;\n- Lưu: VT.\n"
)


def test_one_canonical_name_for_each_spelling_of_a_body() -> None:
    same = {"UBND tỉnh Hà Tĩnh", "Uỷ ban nhân dân tỉnh Hà Tĩnh", "ỦY BAN NHÂN DÂN TỈNH HÀ TĨNH",
            "Ủy ban nhân dân  tỉnh Hà Tĩnh"}
    assert {canonical_name(x) for x in same} == {"Ủy ban nhân dân tỉnh Hà Tĩnh"}
    assert canonical_name("Sở TN&MT") == "Sở Tài nguyên và Môi trường"
    assert canonical_name("Sở TN&MT tỉnh Hà Tĩnh") == "Sở Tài nguyên và Môi trường tỉnh Hà Tĩnh"
    assert canonical_name("UBND TP Vinh") == "Ủy ban nhân dân thành phố Vinh"
    assert canonical_name("Ban Quản lý dự án đường bộ") == "Ban Quản lý dự án đường bộ"


def test_factored_abbreviations_expand_to_departments() -> None:
    assert expand_units("Các Sở: XD, KH&ĐT, TN&MT, TT&TT, TC") == [
        "Sở Xây dựng", "Sở Kế hoạch và Đầu tư", "Sở Tài nguyên và Môi trường", "Sở Thông tin và Truyền thông",
        "Sở Tài chính"]
    assert expand_units("Sở Y tế, UBND các huyện") == ["Sở Y tế", "Ủy ban nhân dân các huyện"]


def test_a_nơi_nhận_line_carries_the_head_of_its_first_department_to_the_bare_names_after_it() -> None:
    """Văn thư: "Nơi nhận: - Sở GTVT, TC, XD, TN&MT; gave one recipient, the other three departments were lost." The
    head written once ("Sở") is read before each bare name after it, when head + name is a known unit; a name that
    is not one is left out rather than guessed."""
    assert expand_units("Sở GTVT, TC, XD, TN&MT") == [
        "Sở Giao thông vận tải", "Sở Tài chính", "Sở Xây dựng", "Sở Tài nguyên và Môi trường"]
    assert expand_units("Sở Y tế, Xây dựng và Tài chính") == ["Sở Y tế", "Sở Xây dựng", "Sở Tài chính"]
    assert expand_units("Sở Y tế, ABC") == ["Sở Y tế"]
    assert expand_units("TC") == ["TC"]  # no head before it: not guessed


def test_recipients_and_task_units_are_canonical_units() -> None:
    info = understand(LETTER)
    assert info.recipients == ["Sở Nông nghiệp và Phát triển nông thôn", "Sở Kế hoạch và Đầu tư", "Sở Tài chính"]
    [task] = info.tasks
    assert task.lead == "Sở NN&PTNT" and task.lead_units == ["Sở Nông nghiệp và Phát triển nông thôn"]
    assert task.support_units == ["Sở Tài chính", "Sở Kế hoạch và Đầu tư"]
    assert task.source == task.sentence and task.sentence.startswith("UBND tỉnh giao Sở NN&PTNT")


def test_confidence_is_high_for_a_clear_assignment_and_low_for_a_doubtful_one() -> None:
    [clear] = extract_tasks("Giao Sở Tài chính chủ trì thẩm định dự toán kinh phí sửa chữa trụ sở.")
    assert clear.confidence >= 0.9 and not clear.needs_review
    doubtful = ExtractedTask(lead="Tổ 3 khu phố 12", action="họp", sentence="Ngày 3/5, Tổ 3 khu phố 12 họp.")
    doubtful.confidence = assess(doubtful)
    assert doubtful.confidence < REVIEW_BELOW and doubtful.needs_review


def test_extract_file_mode_and_jsonl_print_the_same_document(tmp_path: Path) -> None:
    path = tmp_path / "cong-van.txt"
    path.write_text(LETTER, encoding="utf-8")
    runner = CliRunner()
    by_file = runner.invoke(app, ["extract", str(path)])
    by_line = runner.invoke(app, ["extract", "--jsonl"], input=json.dumps({"id": "x", "text": LETTER}) + "\n")
    assert by_file.exit_code == 0 and by_line.exit_code == 0
    doc_file = json.loads(by_file.stdout.splitlines()[0])
    doc_line = json.loads(by_line.stdout.splitlines()[0])["document"]
    assert doc_file.pop("file") == str(path)
    assert set(doc_file) == set(doc_line)
    for key in ("number", "issuer", "issued_date", "recipients", "tasks"):
        assert [{k: v for k, v in t.items() if k != "source"} for t in doc_file[key]] == \
               [{k: v for k, v in t.items() if k != "source"} for t in doc_line[key]] if key == "tasks" \
               else doc_file[key] == doc_line[key]
    assert {"confidence", "needs_review", "source", "lead_units"} <= set(doc_line["tasks"][0])


def test_a_unit_name_ends_where_the_name_ends_not_at_the_directorys_shorter_name() -> None:
    """Phòng Văn hóa: "the task for Ban Quản lý dự án đầu tư xây dựng công trình giao thông tỉnh went to the inbox of
    Ban Quản lý dự án đầu tư xây dựng tỉnh — another unit." A named unit whose name goes on past a name the directory
    knows keeps its whole name; a qualifier after it ("trong phạm vi …", "có liên quan") is not part of the name."""
    assert expand_units("Ban Quản lý dự án đầu tư xây dựng công trình nông nghiệp tỉnh") == [
        "Ban Quản lý dự án đầu tư xây dựng công trình nông nghiệp tỉnh"]
    assert expand_units("Trung tâm Chuyển đổi số và Dữ liệu tỉnh, Sở Y tế") == [
        "Trung tâm Chuyển đổi số và Dữ liệu tỉnh", "Sở Y tế"]
    assert expand_units("Ủy ban nhân dân các cấp trong phạm vi quản lý") == ["Ủy ban nhân dân các cấp"]
    assert expand_units("Sở Y tế, Sở Tài chính") == ["Sở Y tế", "Sở Tài chính"]


def test_a_joint_office_of_two_councils_is_one_unit() -> None:
    """Văn thư huyện: "'Văn phòng HĐND và UBND huyện' became two units, and the People's Committee got the office's
    task." The office that serves two bodies is one unit."""
    assert expand_units("Văn phòng HĐND và UBND huyện Hương Sơn") == ["Văn phòng HĐND và UBND huyện Hương Sơn"]
    assert expand_units("Văn phòng Đoàn ĐBQH và HĐND tỉnh, Sở Nội vụ") == [
        "Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân dân tỉnh", "Sở Nội vụ"]
