from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from store.sample_results import build_database

from eventwire.cli import main

ARTICLES = [
    {"id": "cli-1", "text": "Kenyan police arrested dozens of protesters in Nairobi on Sunday.",
     "published": "2023-03-20", "outlet": "dailyledger.example"},
    "{this line is not JSON",
    {"id": "cli-3", "text": "Romania summoned the Hungarian ambassador on Tuesday.", "published": "2023-03-14"},
]


def _write_inputs(path: Path) -> Path:
    lines = [a if isinstance(a, str) else json.dumps(a) for a in ARTICLES]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def clean_only(tmp_path: Path) -> str:
    """Settings running only the clean stage: the CLI's reading, ordering and reporting without spaCy."""
    config = tmp_path / "clean_only.toml"
    config.write_text('[eventwire]\npipeline = ["clean"]\nbatch_size = 2\n', encoding="utf-8")
    return str(config)


@pytest.fixture(scope="module")
def db_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_database(tmp_path_factory.mktemp("cli") / "ew.duckdb")


def test_cli_code_writes_one_line_per_input_in_order(tmp_path: Path, clean_only: str,
                                                     capsys: pytest.CaptureFixture) -> None:
    inputs = _write_inputs(tmp_path / "in.jsonl")
    out = tmp_path / "out.jsonl"
    assert main(["code", str(inputs), "-o", str(out), "--config", clean_only]) == 0
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert [line["id"] for line in lines] == ["cli-1", f"{inputs}:2", "cli-3"]
    assert all(line["schema"] == "eventwire.event/1" for line in lines)
    assert lines[1]["errors"][0].startswith("EW101")
    err = capsys.readouterr().err
    assert f"{inputs}:2: EW101 read: malformed JSON line" in err
    assert "3 articles, 0 events, 1 failed" in err


def test_cli_code_defaults_to_stdout(tmp_path: Path, clean_only: str, capsys: pytest.CaptureFixture) -> None:
    inputs = _write_inputs(tmp_path / "in.jsonl")
    assert main(["code", str(inputs), "--config", clean_only]) == 0
    assert [json.loads(line)["id"] for line in capsys.readouterr().out.splitlines()] == \
        ["cli-1", f"{inputs}:2", "cli-3"]


def test_cli_code_missing_file_keeps_its_line_and_others_run(tmp_path: Path, clean_only: str,
                                                             capsys: pytest.CaptureFixture) -> None:
    inputs = _write_inputs(tmp_path / "in.jsonl")
    missing = tmp_path / "absent.jsonl"
    assert main(["code", str(missing), str(inputs), "--config", clean_only]) == 0
    captured = capsys.readouterr()
    ids = [json.loads(line)["id"] for line in captured.out.splitlines()]
    assert ids[0] == str(missing) and ids[1:] == ["cli-1", f"{inputs}:2", "cli-3"]
    assert f"{missing}: EW103 read: file not found" in captured.err


def test_cli_code_exits_2_when_nothing_could_be_read(tmp_path: Path, clean_only: str,
                                                     capsys: pytest.CaptureFixture) -> None:
    assert main(["code", str(tmp_path / "absent.jsonl"), "--config", clean_only]) == 2
    err = capsys.readouterr().err
    assert err.count("EW103") == 1
    assert "no input could be read" in err


def test_cli_ingest_twice_is_idempotent(tmp_path: Path, clean_only: str, capsys: pytest.CaptureFixture) -> None:
    inputs = _write_inputs(tmp_path / "in.jsonl")
    db = tmp_path / "ew.duckdb"
    assert main(["ingest", str(inputs), "--db", str(db), "--config", clean_only]) == 0
    assert "2 added, 0 replaced, 0 unchanged, 1 failed" in capsys.readouterr().err
    assert main(["ingest", str(inputs), "--db", str(db), "--config", clean_only]) == 0
    assert "0 added, 0 replaced, 2 unchanged, 1 failed" in capsys.readouterr().err


def test_cli_ingest_samples_reads_the_bundled_corpus(tmp_path: Path, clean_only: str,
                                                     monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture) -> None:
    corpus = _write_inputs(tmp_path / "articles.jsonl")
    monkeypatch.setattr("eventwire.cli._samples", lambda: corpus)
    assert main(["ingest", "--samples", "--db", str(tmp_path / "ew.duckdb"), "--config", clean_only]) == 0
    assert "2 added" in capsys.readouterr().err


def test_cli_progress_keeps_every_output_line(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    config = tmp_path / "progress.toml"
    config.write_text('[eventwire]\npipeline = ["clean"]\nprogress_threshold = 1\n', encoding="utf-8")
    inputs = _write_inputs(tmp_path / "in.jsonl")
    assert main(["code", str(inputs), "--progress", "--config", str(config)]) == 0
    assert len(capsys.readouterr().out.splitlines()) == len(ARTICLES)


def test_cli_ingest_without_inputs_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["ingest", "--db", str(tmp_path / "ew.duckdb")]) == 2
    assert "nothing to ingest" in capsys.readouterr().err


def test_cli_events_table(db_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["events", "--db", str(db_path), "--country", "KEN"]) == 0
    out = capsys.readouterr().out
    assert "KENCOP" in out and "KENOPP" in out
    assert "ROUGOV" not in out


def test_cli_events_csv_and_json(db_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["events", "--db", str(db_path), "--format", "csv", "--modality", "negated"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [(r["article_id"], r["trigger"]) for r in rows] == [("ew-ro-hu-1", "recall")]
    assert main(["events", "--db", str(db_path), "--format", "json", "--actor", "igo", "--limit", "5"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert [(r["article_id"], r["idx"]) for r in records] == [("ew-ro-hu-1", 2)]


def test_cli_events_bad_date_is_one_line(db_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["events", "--db", str(db_path), "--since", "yesterday"]) == 2
    err = capsys.readouterr().err
    assert err.strip().splitlines() == ["eventwire: since must be a date as YYYY-MM-DD, not 'yesterday'"]


def test_cli_missing_database_is_one_line_and_debug_shows_traceback(tmp_path: Path,
                                                                    capsys: pytest.CaptureFixture) -> None:
    missing = str(tmp_path / "none.duckdb")
    assert main(["events", "--db", missing]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "EW500" in err and "no such database" in err
    assert main(["events", "--db", missing, "--debug"]) == 1
    assert "Traceback" in capsys.readouterr().err


def test_cli_export_gdelt_with_filters(db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    out = tmp_path / "events.tsv"
    assert main(["export", "--db", str(db_path), "--format", "gdelt", "-o", str(out), "--root", "17"]) == 0
    rows = list(csv.DictReader(out.open(newline=""), delimiter="\t"))
    assert [(r["Actor1Code"], r["EventCode"]) for r in rows] == [("KENCOP", "173")]
    assert "1 events ->" in capsys.readouterr().err


@pytest.mark.parametrize("command", ["code", "ingest", "events", "export"])
def test_cli_help_for_every_command(command: str, capsys: pytest.CaptureFixture) -> None:
    with pytest.raises(SystemExit) as exited:
        main([command, "--help"])
    assert exited.value.code == 0
    assert f"usage: eventwire {command}" in capsys.readouterr().out


def _pipeline_or_skip():
    try:
        from eventwire.pipeline import Pipeline
        from eventwire.readers import read_inputs  # noqa: F401

        return Pipeline()
    except ImportError as exc:
        pytest.skip(f"the full pipeline is not importable yet: {exc}")


@pytest.mark.integration
def test_cli_code_runs_the_real_pipeline(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    _pipeline_or_skip()
    inputs = _write_inputs(tmp_path / "in.jsonl")
    out = tmp_path / "out.jsonl"
    assert main(["code", str(inputs), "-o", str(out), "--batch-size", "2"]) == 0
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert [line["id"] for line in lines] == ["cli-1", f"{inputs}:2", "cli-3"]
    assert lines[0]["errors"] == [] and lines[2]["errors"] == []
    assert lines[1]["events"] == [] and lines[1]["errors"][0].startswith("EW101")
    for line in (lines[0], lines[2]):
        for event in line["events"]:
            start, end = event["span"]
            assert event["sentence"] == ARTICLES[0 if line["id"] == "cli-1" else 2]["text"][start:end]
    assert "3 articles" in capsys.readouterr().err
