"""parse_document on DOCX and PDF built as real files, and every bad-input error code."""
from __future__ import annotations

import functools
import io
import re
import sys
import unicodedata
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from fixtures.builders import (  # noqa: E402
    BODY,
    HEADER_LEFT,
    HEADER_RIGHT,
    make_docx,
    make_docx_from_text,
    make_encrypted_docx,
    make_encrypted_pdf,
    make_legacy_doc,
    make_minimal_docx,
    make_pdf,
    make_pdf_from_text,
    make_scanned_pdf,
    make_zip_bomb_docx,
    truncate,
)

from services.core.errors import IngestError, NeedsOCR  # noqa: E402
from services.ingest.parsers import ParsedDocument, parse_document, sniff_format  # noqa: E402

SAMPLE_TEXT = """BỘ KHOA HỌC VÀ
CÔNG NGHỆ
-------

CỘNG HÒA XÃ HỘI
CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------

Số: 34/2025/TT-BKHCN

Hà Nội, ngày 15
tháng 11 năm 2025

THÔNG TƯ

Quy định về sản phẩm, dịch vụ công nghệ số được hưởng ưu đãi

Căn cứ Luật Công nghiệp công nghệ số số 71/2025/QH15;

Bộ trưởng Bộ Khoa học và Công nghệ ban hành Thông tư quy định về sản phẩm, dịch vụ công nghệ số.

Điều 1. Phạm vi điều chỉnh

Thông tư này quy định danh mục sản phẩm, dịch vụ công nghệ số được hưởng ưu đãi trong lựa chọn nhà thầu.
"""


@functools.lru_cache(maxsize=1)
def sample_pdf() -> bytes:
    return make_pdf()


@functools.lru_cache(maxsize=1)
def sample_docx() -> bytes:
    return make_docx()


def code_of(data: bytes, filename: str, **kw) -> str:
    with pytest.raises(IngestError) as info:
        parse_document(data, filename, **kw)
    assert info.value.message  # a Vietnamese message for the clerk
    return info.value.code


def lines_of(text: str) -> list[str]:
    return [ln.strip() for ln in text.split("\n")]


def cells_of(text: str) -> list[str]:
    return [c.strip() for c in re.split(r"[\n\t]", text)]


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


# ------------------------------------------------------------------------------------------- gate errors


def test_empty_file():
    assert code_of(b"", "a.docx") == "empty_file"


def test_too_large():
    data = make_minimal_docx()
    assert code_of(data, "a.docx", max_bytes=len(data) - 1) == "too_large"
    assert parse_document(data, "a.docx", max_bytes=len(data)).text


def test_unsupported_extension():
    assert code_of(b"hello", "a.xyz") == "unsupported_type"
    assert code_of(b"MZ\x90\x00" + b"\x00" * 200, "setup.exe") == "unsupported_type"
    assert code_of(b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, "noext") == "unsupported_type"


@pytest.mark.parametrize(
    ("data_fn", "name"),
    [
        (lambda: sample_pdf(), "a.docx"),
        (lambda: b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200, "a.pdf"),
        (lambda: make_minimal_docx(), "a.pdf"),
        (lambda: b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, "a.txt"),
        (lambda: sample_pdf(), "a.html"),
        (lambda: make_minimal_docx(), "a.txt"),
    ],
)
def test_type_mismatch(data_fn, name):
    assert code_of(data_fn(), name) == "type_mismatch"


def test_xlsx_named_docx_is_type_mismatch():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "<workbook/>")
    assert code_of(buf.getvalue(), "bang.docx") == "type_mismatch"


def test_legacy_doc():
    with pytest.raises(IngestError) as info:
        parse_document(make_legacy_doc(), "cong-van.doc")
    assert info.value.code == "legacy_doc"
    assert info.value.message == ("Tệp Word định dạng .doc cũ không đọc được; hãy mở tệp bằng Word, "
                                  "lưu thành DOCX (Lưu thành → “Word Document (*.docx)”) rồi tải lên lại.")
    assert code_of(make_legacy_doc(), "renamed.docx") == "legacy_doc"


def test_encrypted_docx_detected_before_legacy_doc():
    assert code_of(make_encrypted_docx(), "mat.docx") == "encrypted_docx"
    assert code_of(make_encrypted_docx(package_size=20000), "mat.doc") == "encrypted_docx"


@pytest.mark.parametrize("kind", ["declared", "many"])
def test_zip_bomb_refused_from_directory(kind):
    assert code_of(make_zip_bomb_docx(kind), "bomb.docx") == "zip_bomb"


def test_zip_bomb_real_ratio():
    data = make_zip_bomb_docx("ratio", size=32 * 1024 * 1024)
    assert len(data) < 1024 * 1024
    assert code_of(data, "bomb.docx") == "zip_bomb"


def test_zip_member_lying_about_its_size_is_not_expanded():
    # the member declares 1000 bytes but holds 8 MB: decompression stops at the declared size, the CRC fails
    assert code_of(make_zip_bomb_docx("lying", size=8 * 1024 * 1024), "lying.docx") == "corrupt_docx"


def test_corrupt_docx():
    assert code_of(truncate(sample_docx(), 0.5), "a.docx") == "corrupt_docx"
    assert code_of(b"this is not a word file at all", "a.docx") == "corrupt_docx"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
    assert code_of(buf.getvalue(), "a.docx") == "corrupt_docx"
    broken = make_minimal_docx({"word/document.xml": b"<w:document><unclosed>"})
    assert code_of(broken, "a.docx") == "corrupt_docx"


def _rewritten(data: bytes, change: dict[str, bytes | None]) -> bytes:
    """The package with members replaced (bytes) or removed (None)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(buf, "w") as dst:
        for info in src.infolist():
            blob = change.get(info.filename, src.read(info))
            if blob is not None:
                dst.writestr(info.filename, blob)
    return buf.getvalue()


def test_docx_package_read_as_python_docx_reads_it():
    """The package is read from its parts as python-docx opens it (docx_parser._Package), with the same answers."""
    data = make_docx(BODY, page_header="Đầu trang riêng", page_footer="Chân trang riêng")
    text = parse_document(data, "a.docx").text
    assert "Đầu trang riêng" in text and "Chân trang riêng" in text and "CHÁNH VĂN PHÒNG" in text
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        rels = zf.read("word/_rels/document.xml.rels").decode()
        types = zf.read("[Content_Types].xml").decode()
    # no styles part: python-docx's default styles stand in, the text is the same
    no_styles = re.sub(r'<Relationship [^>]*relationships/styles"[^>]*/>', "", rels)
    assert no_styles != rels
    assert parse_document(_rewritten(data, {"word/_rels/document.xml.rels": no_styles.encode(),
                                            "word/styles.xml": None}), "a.docx").text == text
    # a relationship to a part the archive lacks, a main part that is not a Word document: corrupt, as python-docx says
    assert code_of(_rewritten(data, {"word/styles.xml": None}), "a.docx") == "corrupt_docx"
    spreadsheet = types.replace("wordprocessingml.document.main+xml", "spreadsheetml.sheet.main+xml")
    assert spreadsheet != types
    assert code_of(_rewritten(data, {"[Content_Types].xml": spreadsheet.encode()}), "a.docx") == "corrupt_docx"
    # a part python-docx parses (settings) that is not XML: corrupt; an external relationship is not followed
    assert code_of(_rewritten(data, {"word/settings.xml": b"<w:settings"}), "a.docx") == "corrupt_docx"
    external = rels.replace("</Relationships>", '<Relationship Id="rIdX" Type="http://schemas.openxmlformats.org/'
                            'officeDocument/2006/relationships/hyperlink" Target="http://example.invalid/a.docx" '
                            'TargetMode="External"/></Relationships>')
    assert parse_document(_rewritten(data, {"word/_rels/document.xml.rels": external.encode()}), "a.docx").text == text


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([" ", "\t", "\n", "\r", "\r\n", "\u00a0", "\x0b", "\x0c", "\u2028", "a", "ệ", "\u200b",
                                 "\x00", " \n", "\t\n", "\n\n\n"]), max_size=40).map("".join))
def test_tidy_is_the_regex_definition(text):
    """tidy() drops trailing blanks and runs of blank lines without the two regex scans, with the same result."""
    from services.ingest.parsers import _text

    expected = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    expected = _text._CONTROL.sub("", expected.replace("\x0b", "\n").replace("\x0c", "\n")).replace("\u00a0", " ")
    expected = _text._MANY_BLANKS.sub("\n\n", _text._TRAILING_WS.sub("\n", expected)).strip()
    assert _text.tidy(text) == expected


def test_docx_with_dtd_entities_refused():
    billion = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r>'
        b"<w:t>&lol2;</w:t></w:r></w:p></w:body></w:document>"
    )
    data = make_minimal_docx()
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(buf, "w") as dst:
        for info in src.infolist():
            dst.writestr(info.filename, billion if info.filename == "word/document.xml" else src.read(info))
    assert code_of(buf.getvalue(), "a.docx") == "corrupt_docx"


def test_empty_docx_is_empty_text():
    data = make_docx([], header_left=[], header_right=[], title=[], signer=[], recipients=[])
    assert code_of(data, "trong.docx") == "empty_text"


def test_corrupt_pdf():
    assert code_of(truncate(sample_pdf(), 0.4), "a.pdf") == "corrupt_pdf"
    assert code_of(b"just some text, no pdf here", "a.pdf") == "corrupt_pdf"
    assert code_of(b"%PDF-1.7\n" + bytes(range(256)) * 20, "a.pdf") == "corrupt_pdf"


def test_encrypted_pdf():
    assert code_of(make_encrypted_pdf("bimat"), "mat.pdf") == "encrypted_pdf"


def test_pdf_encrypted_with_empty_user_password_is_read():
    doc = parse_document(make_pdf(encrypt=""), "a.pdf")
    assert "Số: 317/TB-UBND" in doc.text
    assert doc.warnings


def test_scanned_pdf_needs_ocr():
    with pytest.raises(NeedsOCR) as info:
        parse_document(make_scanned_pdf(pages=2), "scan.pdf")
    assert info.value.code == "needs_ocr"


# ------------------------------------------------------------------------------------------- DOCX


def test_docx_header_table_body_and_signer_in_order():
    doc = parse_document(sample_docx(), "tb.docx")
    assert isinstance(doc, ParsedDocument)
    assert doc.format == "docx" and doc.encoding is None and doc.pages == 1
    lines = lines_of(doc.text)
    for line in HEADER_LEFT + HEADER_RIGHT + BODY:
        assert line in lines, line
    order = [lines.index(x) for x in [*HEADER_LEFT, *HEADER_RIGHT, "THÔNG BÁO", *BODY, "Nơi nhận:", "Nguyễn Văn Hùng"]]
    assert order == sorted(order)
    assert unicodedata.is_normalized("NFC", doc.text)


def test_docx_tables_in_document_order_and_rows_tab_joined():
    table = [["STT", "Nhiệm vụ", "Đơn vị chủ trì", "Thời hạn"],
             ["1", "Rà soát thiệt hại", "Sở Nông nghiệp và PTNT", "15/10/2008"],
             ["2", "Khắc phục sạt lở", "Sở Giao thông vận tải", "30/10/2008"]]
    body = ["Đoạn mở đầu trước bảng.", table, "Đoạn kết sau bảng."]
    doc = parse_document(make_docx(body), "t.docx")
    lines = lines_of(doc.text)
    rows = ["\t".join(r) for r in table]
    idx = [lines.index("Đoạn mở đầu trước bảng."), *(lines.index(r) for r in rows), lines.index("Đoạn kết sau bảng.")]
    assert idx == sorted(idx)


def test_docx_multiline_cells_keep_columns_readable():
    table = [["Cột trái dòng 1\nCột trái dòng 2", "Cột phải dòng 1\nCột phải dòng 2\nCột phải dòng 3"]]
    doc = parse_document(make_docx(["Mở đầu", table]), "t.docx")
    lines = lines_of(doc.text)
    seq = ["Cột trái dòng 1", "Cột trái dòng 2", "Cột phải dòng 1", "Cột phải dòng 2", "Cột phải dòng 3"]
    assert [lines.index(s) for s in seq] == sorted(lines.index(s) for s in seq)


def test_docx_nested_table():
    doc = parse_document(make_docx(nested_table=[["Bảng lồng A", "Bảng lồng B"]]), "t.docx")
    lines = lines_of(doc.text)
    assert "Bảng lồng A\tBảng lồng B" in lines
    assert lines.index("Bảng lồng A\tBảng lồng B") > lines.index(BODY[-1])


def test_docx_headers_and_footers_once_at_start_and_end():
    doc = parse_document(make_docx(page_header="ỦY BAN NHÂN DÂN - TÀI LIỆU HỌP", page_footer="Trang chân văn bản"),
                         "t.docx")
    assert doc.text.count("ỦY BAN NHÂN DÂN - TÀI LIỆU HỌP") == 1
    assert doc.text.count("Trang chân văn bản") == 1
    assert doc.text.index("ỦY BAN NHÂN DÂN - TÀI LIỆU HỌP") < doc.text.index(HEADER_LEFT[0])
    assert doc.text.index("Trang chân văn bản") > doc.text.index("Nguyễn Văn Hùng")


LEGACY_BODY = ["Giao Sở Tài chính chủ trì, phối hợp với các sở, ngành liên quan rà soát, báo cáo trước ngày 30/11/2024.",
               "Cộng hòa xã hội chủ nghĩa Việt Nam - Độc lập - Tự do - Hạnh phúc."]


@pytest.mark.parametrize(("font", "encoding"), [(".VnTime", "tcvn3"), ("VNI-Times", "vni")])
@pytest.mark.parametrize("in_style", [False, True])
def test_docx_legacy_fonts_converted(font, encoding, in_style):
    data = make_docx(LEGACY_BODY, header_left=["Sở Nội vụ", "Số hiệu: 12"], header_right=["Hà Nội, ngày 5 tháng 3 năm 2024"],
                     title=["Thông báo"], signer=["Nguyễn Văn Hùng"], recipients=["Nơi nhận:"],
                     legacy_font=font, legacy_in_style=in_style)
    doc = parse_document(data, "cu.docx")
    lines = cells_of(doc.text)
    for line in LEGACY_BODY + ["Sở Nội vụ", "Số hiệu: 12", "Hà Nội, ngày 5 tháng 3 năm 2024", "Nguyễn Văn Hùng"]:
        assert line in lines, (line, doc.text)
    assert doc.encoding == encoding
    assert doc.warnings


def test_docx_styles_part_read_once_serves_only_the_same_bytes():
    """A styles part is read once per distinct content (docx_parser._parse_styles): files of other templates —
    here a legacy font set in the Normal style — read their own styles, whatever was read before, and a broken
    styles part fails every time."""
    legacy = make_docx(LEGACY_BODY, header_left=["Sở Nội vụ"], header_right=["Ngày 5 tháng 3"], title=[], signer=[],
                       recipients=[], legacy_font=".VnTime", legacy_in_style=True)
    plain = make_docx(LEGACY_BODY, header_left=["Sở Nội vụ"], header_right=["Ngày 5 tháng 3"], title=[], signer=[],
                      recipients=[])
    with zipfile.ZipFile(io.BytesIO(plain)) as z:
        styles = z.read("word/styles.xml")
    broken = _rewritten(plain, {"word/styles.xml": styles[: len(styles) // 2]})
    for _ in range(2):
        a, b = parse_document(legacy, "cu.docx"), parse_document(plain, "moi.docx")
        assert (a.encoding, b.encoding) == ("tcvn3", None)
        assert a.text == b.text
        assert LEGACY_BODY[0] in cells_of(a.text)
        assert code_of(broken, "hong.docx") == "corrupt_docx"


def test_docx_legacy_capitals_font():
    # .VnTimeH draws every code as a capital: the text is stored with lower-case codes
    data = make_docx(["Nội dung"], header_left=["Ủy ban nhân dân tỉnh"], header_right=["Cộng hòa xã hội chủ nghĩa Việt Nam"],
                     title=[], signer=[], recipients=[], legacy_font=".VnTimeH")
    lines = cells_of(parse_document(data, "h.docx").text)
    assert "ỦY BAN NHÂN DÂN TỈNH" in lines
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in lines


def test_docx_legacy_font_only_where_used():
    # a Unicode document with one legacy paragraph: only that paragraph is converted
    import docx
    from fixtures.builders import to_tcvn3

    d = docx.Document()
    d.add_paragraph("Văn bản Unicode bình thường: ½ ¾ © ®.")
    r = d.add_paragraph().add_run(to_tcvn3("Đoạn gõ bằng phông chữ cũ"))
    r.font.name = ".VnTime"
    buf = io.BytesIO()
    d.save(buf)
    doc = parse_document(buf.getvalue(), "mix.docx")
    assert lines_of(doc.text)[:2] == ["Văn bản Unicode bình thường: ½ ¾ © ®.", "Đoạn gõ bằng phông chữ cũ"]


def test_docx_legacy_text_without_its_font_is_repaired():
    # the .VnTime font was replaced by Times New Roman: the legacy bytes remain, repair_text converts them
    from fixtures.builders import to_tcvn3

    data = make_docx([to_tcvn3(LEGACY_BODY[0])], header_left=[], header_right=[], title=[], signer=[], recipients=[])
    doc = parse_document(data, "mat-phong.docx")
    assert doc.text == LEGACY_BODY[0]
    assert doc.encoding == "tcvn3" and doc.warnings


def test_docx_split_runs_and_text_from_plain_document():
    doc = parse_document(make_docx(split_runs=True), "t.docx")
    for para in BODY:
        assert para in lines_of(doc.text)
    doc = parse_document(make_docx_from_text(SAMPLE_TEXT), "tt.docx")
    lines = lines_of(doc.text)
    assert "Số: 34/2025/TT-BKHCN" in lines
    assert "Hà Nội, ngày 15 tháng 11 năm 2025" in lines
    assert lines.index("Số: 34/2025/TT-BKHCN") < lines.index("THÔNG TƯ") < lines.index("Điều 1. Phạm vi điều chỉnh")


def test_docx_auto_numbering_and_hidden_text():
    import docx

    d = docx.Document()
    d.add_paragraph("Kết luận:")
    for t in ["Giao Sở Tài chính chủ trì.", "Giao Sở Nội vụ phối hợp."]:
        d.add_paragraph(t, style="List Number")
    d.add_paragraph("Gạch đầu dòng", style="List Bullet")
    p = d.add_paragraph("Hiện ")
    p.add_run("VĂN BẢN ẨN").font.hidden = True
    buf = io.BytesIO()
    d.save(buf)
    doc = parse_document(buf.getvalue(), "ds.docx")
    assert lines_of(doc.text) == ["Kết luận:", "1. Giao Sở Tài chính chủ trì.", "2. Giao Sở Nội vụ phối hợp.",
                                  "- Gạch đầu dòng", "Hiện"]


def test_zip_encrypted_docx():
    data = bytearray(make_minimal_docx())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as zf:
        infos = zf.infolist()
        cd = zf.start_dir
    for info in infos:  # set the "encrypted" flag bit in local headers and the central directory
        data[info.header_offset + 6] |= 1
    pos = cd
    while data[pos : pos + 4] == b"PK\x01\x02":
        data[pos + 8] |= 1
        n, m, k = int.from_bytes(data[pos + 28 : pos + 30], "little"), int.from_bytes(data[pos + 30 : pos + 32], "little"), \
            int.from_bytes(data[pos + 32 : pos + 34], "little")
        pos += 46 + n + m + k
    assert code_of(bytes(data), "zip.docx") == "encrypted_docx"


def test_docx_or_html_named_doc_is_read():
    assert parse_document(sample_docx(), "thuc-ra-la-docx.doc").format == "docx"
    html = '<html xmlns:o="urn:schemas-microsoft-com:office:office"><body><p>Công văn</p></body></html>'
    doc = parse_document(html.encode(), "trang-web.doc")
    assert doc.format == "html" and doc.text == "Công văn"
    assert code_of(b"{\\rtf1\\ansi Cong van}", "rtf.doc") == "legacy_doc"


# ------------------------------------------------------------------------------------------- PDF


@pytest.mark.parametrize(
    "left",
    [
        HEADER_LEFT,
        ["ỦY BAN NHÂN DÂN", "TỈNH GIA LAI", "-------", "Số: 44/2025/QĐ-UBND"],  # taller than the right column
        ["BỘ TÀI CHÍNH"],  # shorter
    ],
)
def test_pdf_two_column_header_readable(left):
    doc = parse_document(make_pdf(header_left=left), "tb.pdf")
    assert doc.format == "pdf" and doc.pages == 1
    lines = lines_of(doc.text)
    for line in left + HEADER_RIGHT:
        assert line in lines, (line, doc.text[:500])
    order = [lines.index(x) for x in [*left, *HEADER_RIGHT]]
    assert order == sorted(order)
    assert lines.index(HEADER_RIGHT[-1]) < lines.index("THÔNG BÁO")


def test_pdf_text_inside_form_xobject():
    from fixtures.builders import _register_fonts
    from reportlab.pdfgen import canvas

    regular, _ = _register_fonts()
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.beginForm("noidung")
    c.setFont(regular, 12)
    c.drawString(72, 700, "Văn bản nằm trong một XObject dạng form")
    c.endForm()
    c.doForm("noidung")
    c.showPage()
    c.save()
    assert parse_document(buf.getvalue(), "form.pdf").text == "Văn bản nằm trong một XObject dạng form"


def test_pdf_hard_wrapped_lines_rejoined():
    doc = parse_document(sample_pdf(), "tb.pdf")
    lines = lines_of(doc.text)
    for para in BODY:
        assert para in lines, (para, doc.text)


def test_pdf_multi_page_and_paragraphs_across_pages():
    body = [f"{i}. Giao Sở Kế hoạch và Đầu tư chủ trì, phối hợp với các đơn vị liên quan tham mưu UBND tỉnh "
            f"triển khai nhiệm vụ số {i} của kế hoạch, bảo đảm tiến độ và chất lượng theo quy định." for i in range(1, 41)]
    footer = "Văn bản điện tử - Sở Nội vụ tỉnh Nghệ An"
    doc = parse_document(make_pdf(body, page_numbers=True, running_footer=footer), "dai.pdf")
    assert doc.pages is not None and doc.pages >= 3
    lines = lines_of(doc.text)
    for para in body:  # paragraphs cut by a page break are whole again; page numbers are gone
        assert para in lines, para
    assert not any(line.isdigit() for line in lines)
    assert doc.text.count(footer) == 1 and lines[-1] == footer  # the running footer once, at the end


LAW_PARAGRAPHS = [
    "Điều 17. Biện pháp bình ổn giá",
    "Áp dụng có thời hạn một hoặc một số biện pháp sau để thực hiện bình ổn giá phù hợp với các trường hợp "
    "được quy định tại Điều 16 của Luật này:",
    "1. Điều hòa cung cầu hàng hoá sản xuất trong nước và hàng hoá xuất khẩu, nhập khẩu; hàng hoá giữa các vùng, "
    "các địa phương trong nước thông qua việc tổ chức lưu thông hàng hóa;",
    "a) Kiểm soát hàng hóa tồn kho",
    "b) Kiểm tra yếu tố hình thành giá",
    "3. Quyền hạn, trách nhiệm của thanh tra chuyên ngành về giá; quyền, nghĩa vụ của tổ chức, cá nhân là đối "
    "tượng thanh tra và tổ chức, cá nhân liên quan thực hiện theo quy định của pháp luật về thanh tra.",
    "Kết luận như sau",
    "a) Giao Sở Tài chính chủ trì",
    "Chương II",
    "QUYỀN, NGHĨA VỤ CỦA TỔ CHỨC, CÁ NHÂN SẢN XUẤT, KINH DOANH VÀ NGƯỜI TIÊU DÙNG TRONG LĨNH VỰC GIÁ",
]


def test_pdf_reflow_rules():
    doc = parse_document(make_pdf(LAW_PARAGRAPHS, title=[], signer=[], recipients=[]), "luat.pdf")
    lines = lines_of(doc.text)
    for para in LAW_PARAGRAPHS:
        assert para in lines, (para, doc.text)


def test_pdf_table_rows_tab_joined_in_order():
    table = [["STT", "Nhiệm vụ", "Đơn vị chủ trì", "Thời hạn"],
             ["1", "Rà soát thiệt hại do mưa lũ gây ra trên địa bàn các huyện miền núi", "Sở Nông nghiệp và PTNT",
              "15/10/2008"],
             ["2", "Khắc phục sạt lở", "Sở Giao thông vận tải", "30/10/2008"]]
    doc = parse_document(make_pdf(["Đoạn mở đầu trước bảng.", table, "Đoạn kết sau bảng."]), "bang.pdf")
    lines = lines_of(doc.text)
    rows = ["\t".join(r) for r in table]
    idx = [lines.index("Đoạn mở đầu trước bảng."), *(lines.index(r) for r in rows), lines.index("Đoạn kết sau bảng.")]
    assert idx == sorted(idx)



def test_pdf_table_with_wrapped_cells_gives_one_tab_joined_line_per_row():
    """A narrow table's cells wrap over several lines, and two header cells stand so close that the reader takes
    them for one line: each row still comes out as one line of tab-separated cells, the wrapped cells joined, the
    header cells apart, the paragraphs around the table as before."""
    table = [["Số", "Việc cần làm", "Bên làm chính", "Bên cùng làm", "Hạn chót"],
             ["1", "Dọn kho lưu trữ tầng hai và lập danh sách hồ sơ cũ", "Phòng Hành chính",
              "Phòng Kế toán và Phòng Tổng hợp", "Trước ngày 15/3/2027"],
             ["2", "Sửa mái nhà xe", "Tổ Bảo vệ", "Phòng Quản trị, Tổ Điện nước", "Tháng 4/2027"],
             ["3", "Mua sắm bàn ghế phòng họp nhỏ", "Phòng Quản trị", "", "Quý II/2027"]]
    before = "Đoạn mở đầu trước bảng công việc của cơ quan."
    after = "Đoạn kết sau bảng công việc của cơ quan."
    doc = parse_document(make_pdf([before, table, after]), "bang-hep.pdf")
    lines = lines_of(doc.text)
    rows = ["\t".join(r) for r in table]
    for row in rows:
        assert row in lines, (row, doc.text)
    idx = [lines.index(before), *(lines.index(r) for r in rows), lines.index(after)]
    assert idx == sorted(idx) and idx[-1] - idx[0] == len(rows) + 1, doc.text


def test_pdf_from_plain_text():
    doc = parse_document(make_pdf_from_text(SAMPLE_TEXT), "tt.pdf")
    lines = lines_of(doc.text)
    assert "Số: 34/2025/TT-BKHCN" in lines
    assert "Hà Nội, ngày 15 tháng 11 năm 2025" in lines
    assert "Thông tư này quy định danh mục sản phẩm, dịch vụ công nghệ số được hưởng ưu đãi trong lựa chọn nhà thầu." \
        in lines


def test_sniff_format():
    assert sniff_format(sample_pdf(), "x.pdf") == "pdf"
    assert sniff_format(sample_docx(), "x.docx") == "docx"
    assert sniff_format(sample_docx(), "") == "docx"
    assert sniff_format(sample_pdf(), "noext") == "pdf"
    assert sniff_format(b"Xin chao", "x.txt") == "txt"
    assert sniff_format(b"<!DOCTYPE html><html><body>x</body></html>", "x.htm") == "html"


# ------------------------------------------------------------------------------------------- robustness

def _base(ext: str) -> bytes:
    return sample_docx() if ext == "docx" else sample_pdf()


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=3000), st.sampled_from(["a.docx", "a.pdf", "a.txt", "a.html", "a.doc", "noext"]))
def test_random_bytes_give_a_clear_error_or_text(data, name):
    try:
        doc = parse_document(data, name)
    except (IngestError, NeedsOCR) as exc:
        assert exc.code and exc.message
    else:
        assert doc.text.strip() and doc.format in ("docx", "pdf", "txt", "html")


@settings(max_examples=30, deadline=None)
@given(st.sampled_from(["docx", "pdf"]), st.lists(st.tuples(st.floats(0, 1, exclude_max=True), st.integers(0, 255)),
                                                  min_size=1, max_size=20), st.floats(0.05, 1))
def test_damaged_files_give_a_clear_error_or_text(ext, flips, keep):
    data = bytearray(_base(ext))
    for where, value in flips:
        data[int(where * len(data))] = value
    data = data[: max(1, int(len(data) * keep))]
    try:
        doc = parse_document(bytes(data), "x." + ext)
    except (IngestError, NeedsOCR) as exc:
        assert exc.code in ("corrupt_docx", "corrupt_pdf", "needs_ocr", "empty_text", "zip_bomb", "type_mismatch")
    else:
        assert doc.text.strip()


RAW_BODY = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"
 xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"
 xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"
 xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
 xmlns:v="urn:schemas-microsoft-com:vml"><w:body>
<w:p><w:r><w:t xml:space="preserve">Xem </w:t></w:r><w:hyperlink r:id="rId9"><w:r><w:t>Cổng thông tin</w:t></w:r></w:hyperlink>
<w:ins w:id="1" w:author="a"><w:r><w:t xml:space="preserve"> (đã thêm)</w:t></w:r></w:ins>
<w:del w:id="2" w:author="a"><w:r><w:delText> ĐÃ XÓA</w:delText></w:r></w:del></w:p>
<w:sdt><w:sdtPr/><w:sdtContent><w:p><w:r><w:t>Trong ô nội dung</w:t></w:r></w:p></w:sdtContent></w:sdt>
<w:p><w:r><w:t>Cột A</w:t></w:r><w:r><w:tab/><w:t>Cột B</w:t><w:br/><w:t>Dòng mới</w:t></w:r></w:p>
<w:p><w:fldSimple w:instr=" PAGE "><w:r><w:t>Kết quả trường</w:t></w:r></w:fldSimple>
<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> MERGEFIELD X </w:instrText></w:r>
<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t xml:space="preserve"> hiển thị</w:t></w:r>
<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>
<w:p><w:r><w:t>Neo hộp chữ</w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx>
<w:txbxContent><w:p><w:r><w:t>Trong hộp chữ</w:t></w:r></w:p></w:txbxContent></wps:txbx></w:drawing></mc:Choice>
<mc:Fallback><w:pict><v:textbox><w:txbxContent><w:p><w:r><w:t>Trong hộp chữ</w:t></w:r></w:p></w:txbxContent>
</v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>
</w:body></w:document>"""


def test_docx_inline_structures():
    doc = parse_document(make_minimal_docx({"word/document.xml": RAW_BODY.encode()}), "raw.docx")
    assert lines_of(doc.text) == [
        "Xem Cổng thông tin (đã thêm)",
        "Trong ô nội dung",
        "Cột A\tCột B",
        "Dòng mới",
        "Kết quả trường hiển thị",
        "Neo hộp chữ",
        "Trong hộp chữ",
    ]
