"""services.search.numbers: every usual way of writing a document number maps to one key."""
from __future__ import annotations

import pytest

from services.search.numbers import find_numbers, number_terms, parse_number


@pytest.mark.parametrize("written", [
    "317/TB-UBND", "317 TB UBND", "tb-ubnd 317", "317/TB–UBND", "317/tb-ubnd", "TB-UBND số 317", "317 / TB - UBND",
    "số 317/TB—UBND ngày 7/10/2008", "văn bản TB UBND 317",
])
def test_all_forms_have_the_same_key(written: str) -> None:
    found = find_numbers(written)
    assert [n.key for n in found] == ["317/tb-ubnd"]
    assert found[0].parts == ["317", "tb", "ubnd"]


def test_number_with_year_has_full_and_reduced_keys() -> None:
    (n,) = find_numbers("theo Nghị định 43/2019/NĐ-CP của Chính phủ")
    assert (n.key, n.reduced_key, n.year) == ("43/2019/nd-cp", "43/nd-cp", "2019")
    assert n.parts == ["43", "2019", "nd", "cp"]


def test_leading_zeros_and_law_codes() -> None:
    assert [n.key for n in find_numbers("Chỉ thị 05/CT-TTg")] == ["5/ct-ttg"]
    assert [n.key for n in find_numbers("Luật số 45/2019/QH14")] == ["45/2019/qh14"]


@pytest.mark.parametrize("text", ["317 người dân", "báo cáo ngày 30/11/2024", "trong 15 ngày", "có 12 Sở",
                                  "Điều 5 Luật", "từ 12 tuổi"])
def test_ordinary_text_is_not_a_number(text: str) -> None:
    assert find_numbers(text) == []


def test_spans_cover_only_the_number() -> None:
    q = "kết luận 317/TB-UBND UBND tỉnh về xây dựng"
    (n,) = find_numbers(q)
    assert q[n.start:n.end] == "317/TB-UBND"


def test_number_terms_of_a_document() -> None:
    assert number_terms("317/TB-UBND") == ["317/tb-ubnd", "317", "tb-ubnd", "tb", "ubnd"]
    assert number_terms("Số: 43/2019/NĐ-CP")[:2] == ["43/2019/nd-cp", "43/nd-cp"]
    # the year only inside the key: "số 2019" looks for the document numbered 2019, not every number of 2019
    assert "2019" not in number_terms("43/2019/NĐ-CP") and "2019" in number_terms("2019/UBND-VX")
    assert number_terms(None) == [] and number_terms("  ") == []
    assert number_terms("không số") == ["khongso"]


def test_parse_number_of_unusual_shapes() -> None:
    n = parse_number("123/UBND-KT")
    assert n is not None and n.key == "123/ubnd-kt"
    assert parse_number("no digits") is None


@pytest.mark.parametrize(("written", "key"), [
    ("641QĐ-UBND", "641/qd-ubnd"), ("641qd-ubnd", "641/qd-ubnd"), ("QĐ641", "641/qd"), ("qd641", "641/qd"),
    ("HĐND-KT641", "641/hdnd-kt"), ("641-QĐ-UBND", "641/qd-ubnd"), ("641QDUBND", "641/qd-ubnd"),
    ("641/QDUBND", "641/qd-ubnd"), ("số 2031 TTr", "2031/ttr"), ("KH-SYT số 2031", "2031/kh-syt"),
    ("2031 NQ STTTT", "2031/nq-stttt"), ("nq-stttt 2031", "2031/nq-stttt"),
])
def test_glued_and_dashed_forms_a_clerk_types(written: str, key: str) -> None:
    found = find_numbers(written)
    assert [n.key for n in found] == [key]
    assert written[found[0].start:found[0].end].strip()


@pytest.mark.parametrize("text", ["trạm 110KV mới", "mạng 5G", "đợt covid19", "chiều dài 12km", "kế hoạch 2031 UBND",
                                  "UBND 2031", "nhóm HĐ 1999"])
def test_glued_units_and_years_by_a_space_are_not_numbers(text: str) -> None:
    assert find_numbers(text) == []


def test_a_glued_code_cuts_into_known_codes_only() -> None:
    from services.search.numbers import split_code

    assert split_code("tbubnd") == ("tb", "ubnd")
    assert split_code("ubnd") == ("ubnd",)
    assert split_code("kv") is None and split_code("covid") is None
