"""services.search.units: canonical unit names for the facet, unit suggestions by whole syllables."""
from __future__ import annotations

from services.search.units import canonical_units, suggest_units


def test_facet_units_are_canonical_names_only() -> None:
    got = canonical_units(["Sở TN&MT", "Sở Tài nguyên và Môi trường", "TC", "TT&TT", "CVP, PVP CN UBND tỉnh",
                           "Các Sở: XD, KH&ĐT", "Công an tỉnh", "UBND huyện Miền Núi"])
    assert got[0] == "Sở Tài nguyên và Môi trường" and got.count("Sở Tài nguyên và Môi trường") == 1
    assert "Công an tỉnh" in got and "UBND huyện Miền Núi" in got  # a well-formed local unit stays
    for raw in ("TC", "TT&TT", "CVP, PVP CN UBND tỉnh", "Các Sở: XD, KH&ĐT", "Sở XD"):
        assert raw not in got


def test_unit_suggestions_by_whole_syllables_accent_insensitive() -> None:
    for typed in ("Sở Xây", "so xay", "SO XAY"):
        assert suggest_units(typed, 5)[0] == "Sở Xây dựng"
    assert "Công an tỉnh" in suggest_units("Công an", 5)
    assert all(u.split()[0] == "Sở" for u in suggest_units("Sở", 5))
    assert suggest_units("Sở Xâ", 5) == []  # a syllable is completed only when typed whole
    assert suggest_units("", 5) == [] and suggest_units("Sở", 0) == []
