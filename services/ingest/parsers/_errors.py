"""The ingest error codes raised by the parsers, each with its Vietnamese message for a clerk."""
from __future__ import annotations

from services.core.errors import IngestError

__all__ = ["FORMAT_LABELS", "IngestError"]

FORMAT_LABELS: dict[str, str] = {
    "pdf": "tệp PDF",
    "docx": "tệp Word (DOCX)",
    "ole2": "tệp Office cũ (.doc/.xls/.ppt)",
    "zip": "tệp nén ZIP",
    "xlsx": "bảng tính Excel (XLSX)",
    "pptx": "trình chiếu PowerPoint (PPTX)",
    "odf": "tệp OpenDocument (ODT/ODS)",
    "exe": "tệp chương trình (.exe/.dll)",
    "elf": "tệp chương trình",
    "png": "ảnh PNG",
    "jpeg": "ảnh JPEG",
    "gif": "ảnh GIF",
    "tiff": "ảnh TIFF",
    "webp": "ảnh hoặc âm thanh (RIFF)",
    "rar": "tệp nén RAR",
    "7z": "tệp nén 7z",
    "gzip": "tệp nén GZIP",
    "bzip2": "tệp nén BZIP2",
    "rtf": "tệp RTF",
    "ps": "tệp PostScript",
    "html": "trang HTML",
    "txt": "văn bản thuần",
    "binary": "dữ liệu nhị phân",
}


def empty_file() -> IngestError:
    return IngestError("empty_file", "Tệp rỗng (0 byte), không có nội dung để đọc. Vui lòng kiểm tra và tải lên lại.")


def too_large(size: int, max_bytes: int) -> IngestError:
    return IngestError(
        "too_large",
        f"Tệp quá lớn ({size / 1048576:.1f} MB); dung lượng tối đa cho phép là {max_bytes / 1048576:.0f} MB.",
        http_status=413,
    )


def type_mismatch(ext: str, actual: str) -> IngestError:
    label = FORMAT_LABELS.get(actual, actual)
    return IngestError(
        "type_mismatch",
        f"Nội dung tệp không khớp với phần mở rộng: tên tệp có đuôi {ext or '(không có)'} nhưng nội dung là {label}. "
        "Vui lòng kiểm tra lại tệp.",
        detail=f"extension={ext!r} content={actual!r}",
    )


def unsupported_type(ext: str, actual: str | None = None) -> IngestError:
    what = f"Định dạng tệp {ext}" if ext else "Tệp không có phần mở rộng và định dạng"
    if actual and not ext:
        what += f" ({FORMAT_LABELS.get(actual, actual)})"
    return IngestError(
        "unsupported_type",
        f"{what} không được hỗ trợ; hệ thống chỉ nhận tệp DOCX, PDF, TXT, HTML hoặc edXML.",
        http_status=415,
        detail=f"extension={ext!r} content={actual!r}",
    )


def legacy_doc() -> IngestError:
    return IngestError("legacy_doc", "Tệp Word định dạng .doc cũ không đọc được; hãy mở tệp bằng Word, lưu thành DOCX "
                                       "(Lưu thành → “Word Document (*.docx)”) rồi tải lên lại.")


def encrypted_docx() -> IngestError:
    return IngestError(
        "encrypted_docx",
        "Tệp DOCX được đặt mật khẩu nên không đọc được nội dung. Vui lòng gỡ mật khẩu "
        "(Tệp > Thông tin > Bảo vệ tài liệu) rồi tải lên lại.",
    )


def encrypted_pdf() -> IngestError:
    return IngestError(
        "encrypted_pdf",
        "Tệp PDF được đặt mật khẩu nên không đọc được nội dung. Vui lòng gỡ mật khẩu rồi tải lên lại.",
    )


def corrupt_docx(detail: str | None = None) -> IngestError:
    return IngestError(
        "corrupt_docx",
        "Tệp DOCX bị hỏng hoặc không đầy đủ nên không đọc được nội dung. "
        "Vui lòng mở bằng Word, lưu lại rồi tải lên lại, hoặc gửi lại tệp gốc.",
        detail=detail,
    )


def corrupt_pdf(detail: str | None = None) -> IngestError:
    return IngestError(
        "corrupt_pdf",
        "Tệp PDF bị hỏng hoặc không đầy đủ nên không đọc được nội dung. Vui lòng gửi lại tệp gốc.",
        detail=detail,
    )


def pdf_bomb(detail: str | None = None) -> IngestError:
    return IngestError(
        "pdf_bomb",
        "Tệp PDF có dữ liệu nén bất thường (dung lượng sau giải nén hoặc kích thước ảnh quá lớn) "
        "nên bị từ chối vì lý do an toàn.",
        detail=detail,
    )


def zip_bomb(detail: str | None = None) -> IngestError:
    return IngestError(
        "zip_bomb",
        "Tệp DOCX có cấu trúc nén bất thường (dung lượng sau giải nén quá lớn hoặc quá nhiều thành phần) "
        "nên bị từ chối vì lý do an toàn.",
        detail=detail,
    )


def undecodable_text(detail: str | None = None) -> IngestError:
    return IngestError(
        "undecodable_text",
        "Không nhận dạng được bảng mã của tệp văn bản (có thể đây là tệp nhị phân). "
        "Vui lòng lưu lại tệp ở dạng văn bản UTF-8 rồi tải lên lại.",
        detail=detail,
    )


def empty_text(kind: str) -> IngestError:
    return IngestError("empty_text", f"Tệp {kind} mở được nhưng không có nội dung văn bản nào; hãy kiểm tra lại tệp "
                                        "(có thể đã chọn nhầm tệp trống).")
