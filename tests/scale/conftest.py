"""Small hand-written corpora for the engine tests, and a way to run the real CLI in a process."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

NEWS = [
    "Russia accused Ukraine of shelling a border village on Monday.",
    "The French president met the German chancellor in Paris on Tuesday to discuss energy prices.",
    "Police arrested dozens of protesters in Nairobi, officials said.",
    "China condemned the sanctions imposed by Japan, the foreign ministry said in a statement.",
    "Egypt may resume talks with Sudan next month, Egyptian media reported.",
    "\"We will not accept any threat to our people,\" the Polish interior minister told reporters.",
    "Turkey recalled its ambassador from Israel on Friday.",
    "Brazil offered aid to Mexico after the floods.",
]


def write_articles(path: Path, count: int, sentences_each: int = 1) -> Path:
    with path.open("w", encoding="utf-8") as out:
        for number in range(count):
            text = " ".join(NEWS[(number + k) % len(NEWS)] for k in range(sentences_each))
            out.write(json.dumps({"id": f"a{number:04d}", "text": text, "published": "2025-03-14"}) + "\n")
    return path


@pytest.fixture
def articles_file(tmp_path: Path) -> Path:
    return write_articles(tmp_path / "in.jsonl", 12, sentences_each=2)


def eventwire_process(*args: str, **popen) -> subprocess.Popen:
    """``eventwire ARGS`` in its own process (as a user runs it), stderr captured."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen([sys.executable, "-m", "eventwire", *args], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True, env=env, **popen)
