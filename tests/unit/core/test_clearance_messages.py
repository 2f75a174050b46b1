"""The refusals of an administrator granting or changing above her own clearance (SECURITY.md 100) say it as the
office says it: the levels one may read ("mức độ mật bạn được xem"), asked of another administrator ("quản trị
viên")."""
from __future__ import annotations

from services.core.auth.errors import AccountError


def test_clearance_refusals_read_naturally() -> None:
    own = AccountError.clearance_above_own()
    assert own.message == ("Không thể cấp mức độ mật cao hơn mức độ mật bạn được xem; đề nghị quản trị viên được xem từ "
                           "mức đó trở lên thực hiện.")
    other = AccountError.account_above_clearance(username="ld-hoa")
    assert other.message == ("Tài khoản “ld-hoa” được xem mức độ mật cao hơn mức bạn được xem: chỉ quản trị viên được "
                             "xem từ mức đó trở lên (hoặc chính chủ tài khoản) thay đổi được.")
    assert (own.code, other.code) == ("clearance_above_own", "account_above_clearance")
