from pathlib import Path

import pytest

RESOURCES = Path(__file__).parent.parent / "resources"


@pytest.fixture
def resources() -> Path:
    return RESOURCES
