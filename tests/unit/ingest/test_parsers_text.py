"""parse_document on plain text (encodings, legacy 8-bit, binary) and HTML (scripts, tables, charsets)."""
from __future__ import annotations

import sys
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from fixtures.builders import make_docx, to_cp1258, to_tcvn3, to_vni  # noqa: E402

from services.core.errors import IngestError  # noqa: E402
from services.ingest.parsers import parse_document  # noqa: E402

VN = (
    "ỦY BAN NHÂN DÂN TỈNH NGHỆ AN\n"
    "Số: 317/TB-UBND\n"
    "Cộng hòa xã hội chủ nghĩa Việt Nam. Độc lập - Tự do - Hạnh phúc.\n"
    "Giao Sở Tài chính chủ trì, phối hợp với Sở Kế hoạch và Đầu tư rà soát, báo cáo trước ngày 30/11/2024.\n"
    "Ưu tiên nguồn vốn cho các dự án trọng điểm; đẩy nhanh tiến độ giải ngân, khuyến khích ý tưởng mới."
)


def code_of(data: bytes, filename: str) -> str:
    with pytest.raises(IngestError) as info:
        parse_document(data, filename)
    return info.value.code


# ------------------------------------------------------------------------------------------- TXT


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (VN.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + VN.encode("utf-8"), "utf-8-sig"),
        (b"\xff\xfe" + VN.encode("utf-16-le"), "utf-16-le"),
        (b"\xfe\xff" + VN.encode("utf-16-be"), "utf-16-be"),
        (VN.encode("utf-16-le"), "utf-16-le"),  # no BOM
        (VN.encode("utf-16-be"), "utf-16-be"),  # no BOM
        (to_cp1258(VN), "windows-1258"),
    ],
)
def test_txt_encodings(data, encoding):
    doc = parse_document(data, "vb.txt")
    assert doc.format == "txt"
    assert doc.encoding == encoding
    assert doc.text == VN
    assert doc.pages is None


def test_txt_utf8_with_a_broken_tail_is_kept():
    data = (VN * 3).encode("utf-8")
    cut = data[: data.rindex("ệ".encode()) + 1]  # cut inside a 3-byte character
    doc = parse_document(cut, "vb.txt")
    assert doc.encoding == "utf-8" and doc.warnings
    assert doc.text.startswith(VN.split("\n")[0])


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_txt_ascii_utf16_without_bom(codec):
    doc = parse_document("So: 317/TB-UBND\nNghe An, ngay 07 thang 10 nam 2008".encode(codec), "a.txt")
    assert doc.encoding == codec and doc.text.startswith("So: 317/TB-UBND")


def test_txt_crlf_and_nfd_are_normalised():
    nfd = unicodedata.normalize("NFD", VN).replace("\n", "\r\n")
    doc = parse_document(nfd.encode("utf-8"), "vb.txt")
    assert doc.text == VN


MIXED_CASE = "Giao Sở Tài chính chủ trì, phối hợp với các sở, ngành liên quan rà soát, báo cáo trước ngày 30/11/2024."


def test_txt_tcvn3_bytes_converted():
    doc = parse_document(to_tcvn3(MIXED_CASE).encode("latin-1"), "cu.txt")
    assert doc.text == MIXED_CASE
    assert doc.encoding == "tcvn3"
    assert doc.warnings


def test_txt_vni_bytes_converted():
    doc = parse_document(to_vni(MIXED_CASE + "\nĐộc lập - Tự do - Hạnh phúc").encode("cp1252"), "cu.txt")
    assert doc.text == MIXED_CASE + "\nĐộc lập - Tự do - Hạnh phúc"
    assert doc.encoding == "vni"


def test_txt_word_line_and_page_breaks():
    assert parse_document("Một\x0bHai\x0cBa\x07".encode(), "a.txt").text == "Một\nHai\nBa"


def test_txt_binary_is_undecodable():
    assert code_of(bytes(range(256)) * 8, "a.txt") == "undecodable_text"
    assert code_of(b"abc\x00def\x00\x01\x02" * 100, "a.txt") == "undecodable_text"
    assert code_of(bytes([1, 2, 3, 4, 5, 6, 7, 8, 0x0E, 0x0F, 65, 66]) * 50, "a.txt") == "undecodable_text"


def test_txt_without_text():
    assert code_of(b" \n\r\n\t  \n", "a.txt") == "empty_text"
    assert code_of(b"\xef\xbb\xbf", "a.txt") == "empty_text"


def test_txt_html_content_kept_as_text():
    doc = parse_document(b"<html><body>Xin ch\xc3\xa0o</body></html>", "a.txt")
    assert doc.format == "txt" and "<body>" in doc.text


_vn_chars = st.sampled_from(list("aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
                                 "ĐÂĂÊÔƠƯ0123456789 .,;:()/-"))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.text(_vn_chars, min_size=1, max_size=60).filter(lambda s: any(c.isalnum() for c in s)),
                min_size=1, max_size=6))
def test_txt_round_trip_utf8_utf16_cp1258(lines):
    text = "\n".join(" ".join(line.split()) for line in lines)
    text = "\n".join(ln for ln in text.split("\n") if ln)
    if not any(c.isalnum() for c in text):
        return
    for data in (text.encode("utf-8"), b"\xff\xfe" + text.encode("utf-16-le"), b"\xef\xbb\xbf" + text.encode("utf-8")):
        assert parse_document(data, "x.txt").text == text


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.text(_vn_chars, min_size=1, max_size=80).map(lambda s: " ".join(s.split())).filter(
    lambda s: any(c.isalnum() for c in s)), min_size=1, max_size=5))
def test_docx_round_trip(paragraphs):
    doc = parse_document(make_docx(paragraphs, header_left=[], header_right=[], title=[], signer=[], recipients=[]),
                         "x.docx")
    assert [ln for ln in doc.text.split("\n") if ln.strip()] == paragraphs


# ------------------------------------------------------------------------------------------- HTML

HTML = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Tiêu đề trang</title>
<style>body { color: red; } .x::after { content: "CSS-TEXT" }</style>
<script>var secret = "SCRIPT-TEXT"; alert(1);</script></head>
<body onload="steal('ONLOAD-TEXT')">
<!-- COMMENT-TEXT -->
<div class="header"><p>UBND TỈNH NGHỆ AN</p><p>Số: 317/TB-UBND</p></div>
<h1>THÔNG BÁO</h1>
<p>Giao <b>Sở Tài chính</b> chủ trì,<br>phối hợp với <a href="#" onclick="evil('ONCLICK-TEXT')">Sở Nội vụ</a>.</p>
<noscript>NOSCRIPT-TEXT</noscript>
<p hidden>HIDDEN-TEXT</p><span style="display: none">INVISIBLE-TEXT</span>
<table><tr><th>STT</th><th>Nhiệm vụ</th></tr><tr><td>1</td><td>Rà soát</td></tr></table>
<script type="text/javascript">document.write("SCRIPT2-TEXT")</script>
<svg><text>SVG-TEXT</text></svg>
<template>TEMPLATE-TEXT</template>
</body></html>"""


def test_html_visible_text_only():
    doc = parse_document(HTML.encode("utf-8"), "tb.html")
    assert doc.format == "html" and doc.encoding == "utf-8"
    for bad in ("SCRIPT", "CSS-TEXT", "color", "alert", "ONLOAD", "ONCLICK", "COMMENT", "NOSCRIPT", "HIDDEN",
                "INVISIBLE", "SVG-TEXT", "TEMPLATE", "Tiêu đề trang"):
        assert bad not in doc.text, bad
    lines = doc.text.split("\n")
    assert lines[:3] == ["UBND TỈNH NGHỆ AN", "Số: 317/TB-UBND", "THÔNG BÁO"]
    assert "Giao Sở Tài chính chủ trì," in lines
    assert "phối hợp với Sở Nội vụ." in lines
    assert "STT\tNhiệm vụ" in lines and "1\tRà soát" in lines


def test_html_meta_charset_windows_1258():
    html = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1258"></head>' \
           "<body><p>{}</p></body></html>"
    data = html.encode("ascii").replace(b"{}", to_cp1258(MIXED_CASE))
    doc = parse_document(data, "a.htm")
    assert doc.text == MIXED_CASE
    assert doc.encoding == "windows-1258"


def test_html_utf16_bom_and_fragment():
    doc = parse_document(b"\xff\xfe" + "<p>Độc lập</p><p>Tự do</p>".encode("utf-16-le"), "a.html")
    assert doc.text == "Độc lập\nTự do"
    doc = parse_document("Chỉ là <b>đoạn</b> văn".encode(), "a.html")
    assert doc.text == "Chỉ là đoạn văn"


def test_html_only_script_is_empty_text():
    assert code_of(b"<html><head><script>alert('x')</script></head><body>  </body></html>", "a.html") == "empty_text"
    assert code_of(b"   ", "a.html") == "empty_text"


def test_html_named_pdf_is_mismatch():
    assert code_of(b"<!DOCTYPE html><html><body>Trang</body></html>", "a.pdf") == "type_mismatch"
