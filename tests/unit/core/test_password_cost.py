"""Production hashes passwords at argon2id's full cost; only the test process uses cheap parameters.

tests/conftest.py swaps the hasher of services/core/auth/secrets_store.py for the cheapest argon2id parameters (the
suite makes thousands of accounts and logins). These tests load that module afresh from its source, as production
does, and check what it really does.
"""
from __future__ import annotations

import importlib.util
from types import ModuleType

from services.core.auth import secrets_store

PRODUCTION = "$argon2id$v=19$m=65536,t=3,p=4$"


def fresh_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("secrets_store_as_in_production", secrets_store.__file__)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_production_hashes_at_full_argon2id_cost() -> None:
    production = fresh_module()
    stored = production.hash_password("mat-khau-123")
    assert stored.startswith(PRODUCTION), stored
    assert production.verify_password(stored, "mat-khau-123")
    assert not production.verify_password(stored, "mat-khau-124")
    # the dummy hash checked for an unknown user costs the same as a real one (no user enumeration by timing)
    assert production._DUMMY.startswith(PRODUCTION)


def test_the_tests_cheap_hashes_are_test_only_and_still_checked() -> None:
    cheap = secrets_store.hash_password("mat-khau-123")
    assert cheap.startswith("$argon2id$") and not cheap.startswith(PRODUCTION)
    # a password hashed by either checks with either: each hash carries its parameters
    production = fresh_module()
    assert production.verify_password(cheap, "mat-khau-123")
    assert secrets_store.verify_password(production.hash_password("mat-khau-123"), "mat-khau-123")
    assert not secrets_store.verify_password(production.hash_password("mat-khau-123"), "sai")
