import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))  # the builders in hostile.py

import hostile  # noqa: E402


def pytest_collection_modifyitems(config, items):
    if not hostile.GOOD.exists():
        skip = pytest.mark.skip(reason=f"needs the corpus copies at {hostile.CORPUS}")
        for item in items:
            if "security" in str(item.fspath):
                item.add_marker(skip)


@pytest.fixture(scope="session")
def bomb_bytes() -> bytes:
    return hostile.bomb()
