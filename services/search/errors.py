"""The error catalogue of the search API (its filters).

Every error raised to a user here, by its stable code, with its Vietnamese message (clients and tests rely
on both) and HTTP status: `raise SearchApiError.<name>(field=…)`."""
from __future__ import annotations

from services.core.errors import ErrorCatalogue


class SearchApiError(ErrorCatalogue):
    search_unknown_filter = ("search_unknown_filter", "Bộ lọc không được hỗ trợ: {filters}. Các bộ lọc có: type, "
                                                      "issuer, unit, year, date_from, date_to, has_open_tasks.", 422)
    search_invalid_year = ("search_invalid_year", "Năm không hợp lệ: {year} (năm có từ 1 đến 4 chữ số).", 422)
