"""Notices for the briefing tests, written the way Vietnamese offices phrase them (built as real files)."""
from __future__ import annotations

from fixtures.builders import make_docx

TB317_TITLE = ["THÔNG BÁO",
               "Kết luận của Phó Chủ tịch UBND tỉnh tại buổi làm việc về các dự án công nghệ thông tin"]
TB317_BODY = [
    "Ngày 03 tháng 10 năm 2008, đồng chí Phó Chủ tịch UBND tỉnh đã chủ trì buổi làm việc với các sở, ngành về "
    "tình hình triển khai các dự án công nghệ thông tin của tỉnh. Sau khi nghe báo cáo và ý kiến của các đại biểu, "
    "Phó Chủ tịch UBND tỉnh kết luận như sau:",
    "Dự án Cổng thông tin điện tử tỉnh và dự án cung cấp dịch vụ công trực tuyến là các dự án trọng điểm, cần đẩy "
    "nhanh tiến độ để sớm đưa vào sử dụng. Dự án phần mềm quản lý văn bản và điều hành được lùi tiến độ sang năm "
    "2009 để ưu tiên nguồn lực cho hai dự án trên.",
    "Để triển khai các dự án trên, giao nhiệm vụ cụ thể như sau:",
    "1. Giao Sở Xây dựng chủ trì, phối hợp với Sở Thông tin và Truyền thông hoàn thiện hồ sơ thiết kế, đẩy nhanh "
    "tiến độ thi công hạ tầng dự án Cổng thông tin điện tử tỉnh, hoàn thành trước ngày 30/11/2008.",
    "2. Giao Sở Kế hoạch và Đầu tư chủ trì, phối hợp với Sở Tài chính thẩm định và bố trí vốn cho dự án cung cấp "
    "dịch vụ công trực tuyến, báo cáo UBND tỉnh trước ngày 31/10/2008.",
    "3. Giao Sở Tài nguyên và Môi trường chủ trì xây dựng cơ sở dữ liệu đất đai phục vụ dịch vụ công trực tuyến, "
    "hoàn thành trước ngày 31/12/2008.",
    "4. Giao Công an tỉnh chủ trì, phối hợp với Sở Thông tin và Truyền thông bảo đảm an ninh, an toàn thông tin "
    "cho Cổng thông tin điện tử tỉnh, hoàn thành trước ngày 15/12/2008.",
    "Văn phòng UBND tỉnh thông báo để các cơ quan, đơn vị biết, thực hiện./.",
]
TB317_RECIPIENTS = ["Nơi nhận:", "- Sở Xây dựng;", "- Sở Kế hoạch và Đầu tư;", "- Sở Tài nguyên và Môi trường;",
                    "- Công an tỉnh;", "- Sở Thông tin và Truyền thông;", "- Sở Tài chính;", "- Lưu: VT."]

DEPARTMENTS = ["Sở Xây dựng", "Sở Kế hoạch và Đầu tư", "Sở Tài nguyên và Môi trường", "Công an tỉnh"]


def tb317_docx(extra: list[str] | None = None) -> bytes:
    """Thông báo 317/TB-UBND of UBND tỉnh Nghệ An (07/10/2008), in its shape, as a real DOCX."""
    body = list(TB317_BODY)
    if extra:
        body[-1:-1] = extra
    return make_docx(body, title=TB317_TITLE, recipients=TB317_RECIPIENTS)


def notice_text(number: str, day: str, items: list[str], subject: str = "Kết luận của Chủ tịch UBND tỉnh tại "
                "cuộc họp giao ban") -> str:
    """A short plain-text notice (faster to build than DOCX) with numbered task items."""
    numbered = "\n".join(f"{i}. {item}" for i, item in enumerate(items, 1))
    d, m, y = day.split("/")
    return (f"UỶ BAN NHÂN DÂN TỈNH NGHỆ AN\nSố: {number}\nCỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            f"Độc lập - Tự do - Hạnh phúc\nNghệ An, ngày {d} tháng {m} năm {y}\n\nTHÔNG BÁO\n{subject}\n\n"
            f"Chủ tịch UBND tỉnh kết luận như sau:\n{numbered}\n")


def directive_2024() -> bytes:
    """Chỉ thị 15/CT-UBND of 2024 (invented), from before the 2025 merger: a task for Sở Kế hoạch và Đầu tư (with Sở
    Tài chính, which took it in) and one for Sở Tài chính."""
    nation = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    body = ["Để đẩy nhanh tiến độ thực hiện các dự án đầu tư công trọng điểm, Chủ tịch UBND tỉnh chỉ thị:",
            "1. Giao Sở Kế hoạch và Đầu tư chủ trì, phối hợp với Sở Tài chính tổng hợp, đánh giá giữa kỳ kế hoạch đầu "
            "tư công trung hạn giai đoạn 2026-2030, báo cáo UBND tỉnh trước ngày 31/12/2026.",
            "2. Giao Sở Tài chính chủ trì rà soát nguồn vốn đối ứng các dự án ODA, hoàn thành trước ngày 30/12/2026.",
            "Yêu cầu Thủ trưởng các sở, ban, ngành nghiêm túc thực hiện Chỉ thị này./."]
    return make_docx(body, header_left=["ỦY BAN NHÂN DÂN", "TỈNH NGHỆ AN", "Số: 15/CT-UBND"],
                     header_right=[*nation, "Nghệ An, ngày 12 tháng 8 năm 2024"],
                     title=["CHỈ THỊ", "Về đẩy nhanh tiến độ thực hiện các dự án đầu tư công trọng điểm"],
                     signer=["CHỦ TỊCH", "", "Nguyễn Văn Đệ"], recipients=["Nơi nhận:", "- Các sở, ban, ngành;",
                                                                         "- Lưu: VT."])
