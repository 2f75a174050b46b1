"""Glued syllables ("tậptrung", "Bộ Kếhoạch"): read apart, reported as written."""
from __future__ import annotations

from services.ingest.understanding.tasks import extract_tasks
from services.ingest.understanding.unglue import unglue


def test_a_text_with_glued_words_is_read_apart_and_reported_as_written() -> None:
    text = ("Thủ tướng Chính phủ có ý kiến như sau:\n\n"
            "1. Ủy ban nhân dâncác tỉnh ven biển tậptrung chỉ đạo kiểm tra tàu cá trước mùa bão.\n\n"
            "2. Bộ Nông nghiệp và Môi trường khẩn trương hướng dẫn các địa phương, báo cáoThủ tướng Chính phủ.")
    tasks = extract_tasks(text)
    assert [t.lead for t in tasks][:2] == ["Ủy ban nhân dâncác tỉnh ven biển", "Bộ Nông nghiệp và Môi trường"]
    assert tasks[0].action.startswith("tậptrung chỉ đạo")
    normal = " ".join(text.split())
    for t in tasks:
        assert t.lead in normal and t.action in normal and t.sentence in normal
        assert t.span is not None and text[t.span[0]:t.span[1]].split() == t.sentence.split()


def test_a_text_with_a_few_odd_words_is_left_alone() -> None:
    assert unglue("UBND huyện Chư Prông và xã Ia Băng tổ chức trồng rừng.") is None
    apart = unglue("Các đồngchí tậptrung chỉ đạo, báo cáoThủ tướng.")
    assert apart is not None and apart.text == "Các đồng chí tập trung chỉ đạo, báo cáo Thủ tướng."
    assert apart.offset(apart.text.index("Thủ")) == "Các đồngchí tậptrung chỉ đạo, báo cáoThủ tướng.".index("Thủ")
