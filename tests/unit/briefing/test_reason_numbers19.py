"""The document numbers an end reason names (SECURITY.md 130, 132): a number typed with no space before the next word
("… số 7010/UBND-KT.Đề nghị …", "7010/UBND-KT/VP") must still be found as the number it runs on from — else a Mật
notice's number would pass the check as "a number no document carries" (review19). Pure: the pattern only."""
from __future__ import annotations

import pytest

from services.briefing.access import _DOC_NUMBER, _number_cuts


def numbers(text: str) -> set[str]:
    return {cut for found in _DOC_NUMBER.findall(text) for cut in _number_cuts(found)}


@pytest.mark.parametrize("reason, number", [
    ("Đã xử lý theo Công văn số 7010/UBND-KT.Đề nghị đơn vị dừng.", "7010/UBND-KT"),
    ("Theo 7010/UBND-KT/VP ngày 02/12/2026.", "7010/UBND-KT"),
    ("Theo văn bản 7010/UBND-KT/ngày 05/12/2026", "7010/UBND-KT"),
    ("Theo Kết luận số 88-KL/TU.", "88-KL/TU"),
    ("Theo Quyết định 15/QĐ-UBND.NC của tỉnh", "15/QĐ-UBND.NC"),
    ("Thực hiện Nghị định 12/2024/NĐ-CP", "12/2024/NĐ-CP"),
])
def test_the_number_named_is_found_even_when_run_on(reason: str, number: str) -> None:
    assert number in numbers(reason)


def test_dates_and_plain_words_are_not_numbers() -> None:
    assert numbers("Hoàn thành ngày 05/12/2026, đúng hạn.") == set()
    assert numbers("Đơn vị đã báo cáo đầy đủ.") == set()
