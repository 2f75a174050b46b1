"""Properties of extract_tasks: it never crashes, what it reports is in the text, and it stays fast."""
from __future__ import annotations

import time

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from services.ingest.understanding.deadlines import parse_deadline
from services.ingest.understanding.tasks import extract_tasks

# Pieces of real directive language, so random texts exercise the rules and not only the empty path.
FRAGMENTS = [
    "Giao ", "Yêu cầu ", "Đề nghị ", "Sở Tài chính", "Sở TN&MT", "UBND huyện Cam Lộ", "các sở, ban, ngành",
    "Ủy ban nhân dân các xã, phường", "các Sở: Tài chính, Xây dựng", " chủ trì, phối hợp với ", " có trách nhiệm ",
    " tham mưu ", " khẩn trương ", "kiểm tra, báo cáo", " trước ngày 15/11", " trước ngày 31.11", " quý II năm 2014",
    " trong tháng 6/2011", " hằng tháng", " định kỳ", " trong 30 ngày làm việc kể từ", "; ", ", ", ". ", ":\n",
    "\n\n", "\n", "1. ", "a) ", "- ", "+ ", "Điều 3. ", "I. ", "STT\n\nNhiệm vụ\n\nĐơn vị chủ trì\n\nThời gian\n\n",
    "\t", "Cơ quan chủ trì: ", "Thời gian thực hiện: ", "Nơi nhận:\n", "Kính gửi: ", "Căn cứ ", "(", ")", "Đồng thời, ",
    "chịu trách nhiệm thi hành Quyết định này", "Bộ Công an", "Quí IV-2025", "năm 2026 - 2027", "tỉnh Gia Lai cần ",
]
texts = st.one_of(
    st.text(max_size=300),
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=8)), max_size=40).map("".join),
)
dates = st.one_of(st.none(), st.dates().map(lambda d: d.isoformat()), st.sampled_from(["", "2024-13-45", "x"]))


def _norm(s: str) -> str:
    return " ".join(s.split())


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=texts, issued=dates)
@example(text="Sở A chủ trì:0trong 0 ngày làm việckể từ|0", issued=None)  # a deadline across a pipe cell boundary
def test_never_crashes_and_reports_spans_of_the_text(text: str, issued: str | None) -> None:
    tasks = extract_tasks(text, issued)
    normal = _norm(text)
    for task in tasks:
        assert task.lead and _norm(task.lead) in normal
        assert _norm(task.action) in normal
        assert _norm(task.sentence) in normal
        if task.deadline_text:
            assert _norm(task.deadline_text) in normal
        if task.span is not None:
            assert 0 <= task.span[0] <= task.span[1] <= len(text)


@settings(max_examples=300, deadline=None)
@given(text=texts, issued=dates)
def test_parse_deadline_never_crashes(text: str, issued: str | None) -> None:
    iso, written, _ = parse_deadline(text, issued)
    if iso is not None:
        assert len(iso) == 10
    if written is not None:
        assert written in text


def test_long_text_has_no_catastrophic_backtracking() -> None:
    block = (
        "Giao Sở Xây dựng chủ trì, phối hợp với Sở Tài chính, UBND các huyện, thị xã, thành phố và các đơn vị liên quan "
        "kiểm tra, rà soát, báo cáo UBND tỉnh trước ngày 15/11/2025; "
    )
    hostile = ("các sở, ban, ngành, " * 400) + ("Sở " * 300) + ("trước ngày " * 300) + ("( " * 200) + ("1. " * 300)
    text = (block * 800 + hostile + "\n" + "a" * 20000 + "\n\n" + "- Sở Y tế:\n" * 500)[:200_000]
    start = time.perf_counter()
    tasks = extract_tasks(text, "2025-01-01")
    assert tasks
    assert time.perf_counter() - start < 60  # a generous bound on a loaded CI machine; linear in practice


UNITS = ["Sở Tài chính", "Sở Y tế", "UBND huyện Cam Lộ", "Công an tỉnh", "các sở, ban, ngành", "Bộ Xây dựng",
         "Văn phòng Chính phủ", "Trung tâm Y tế huyện", "Ban Quản lý dự án 3", "Như trên", "Lưu: VT, KT"]
lists = st.lists(st.sampled_from(UNITS), min_size=1, max_size=6)


@settings(max_examples=150, deadline=None)
@given(addressed=lists, copied=lists, inline=st.booleans())
def test_no_task_comes_from_a_kinh_gui_or_noi_nhan_list(addressed: list[str], copied: list[str],
                                                          inline: bool) -> None:
    head = ("Kính gửi: " + ", ".join(addressed) + "\n") if inline else \
        ("Kính gửi:\n" + "".join(f"- {u};\n" for u in addressed))
    body = "\nGiao Phòng Tư pháp huyện rà soát văn bản quy phạm pháp luật trước ngày 30/6/2025.\n\n"
    tail = "Nơi nhận:\n" + "".join(f"- {u};\n" for u in copied)
    tasks = extract_tasks(head + body + tail)
    assert [t.lead for t in tasks] == ["Phòng Tư pháp huyện"]
