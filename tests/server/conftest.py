"""A real server on loopback over the hand-built sample database (tests/store/sample_results.py)."""
from __future__ import annotations

import httpx
import pytest
from store.sample_results import build_database

from .live import running_server


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    db = build_database(tmp_path_factory.mktemp("serve") / "ew.duckdb")
    with running_server(db) as url:
        yield url


@pytest.fixture(scope="module")
def client(base_url: str) -> httpx.Client:
    with httpx.Client(base_url=base_url, timeout=30) as http:
        yield http
