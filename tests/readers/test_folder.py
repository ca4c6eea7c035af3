import io
import shutil
import sys

from eventwire.readers import read_folder, read_inputs


def _tree(tmp_path, resources):
    shutil.copy(resources / "feed.atom", tmp_path / "b_feed.atom")
    (tmp_path / "a_note.txt").write_text("Bulgaria's caretaker cabinet resigned on Friday.")
    (tmp_path / "nested").mkdir()
    shutil.copy(resources / "page.html", tmp_path / "nested" / "page.html")
    (tmp_path / "nested" / "notes.md").write_text("not an input")
    (tmp_path / ".hidden.txt").write_text("editor backup")
    return tmp_path


def test_folder_reads_supported_files_recursively_in_sorted_order(tmp_path, resources):
    articles = list(read_folder(_tree(tmp_path, resources)))
    assert [a.id for a in articles] == ["a_note", "tag:andeanwire.example,2023:peru-bolivia-border", "page"]


def test_read_inputs_mixes_files_and_folders_in_order(tmp_path, resources):
    (tmp_path / "in").mkdir()
    folder = _tree(tmp_path / "in", resources)
    ids = [a.id for a in read_inputs([str(resources / "feed.rss"), str(folder)])]
    assert ids[:2] == ["bl-2023-0512", "https://balticledger.example/2023/05/fence"] and ids[2] == "a_note"


def test_read_inputs_missing_path_is_ew103_and_run_goes_on(tmp_path, resources):
    missing, page = read_inputs([str(tmp_path / "gone.jsonl"), str(resources / "page.html")])
    assert (missing.error.code, missing.origin) == ("EW103", str(tmp_path / "gone.jsonl"))
    assert page.error is None


def test_read_inputs_unsupported_file_is_ew106(tmp_path):
    path = tmp_path / "slides.pptx"
    path.write_bytes(b"PK\x03\x04 zipped slides")
    (article,) = read_inputs([str(path)])
    assert article.error.code == "EW106"


def test_read_inputs_sniffs_content_without_extension(tmp_path, resources):
    feed = tmp_path / "download"
    shutil.copy(resources / "feed.atom", feed)
    (entry,) = read_inputs([str(feed)])
    assert entry.outlet == "Andean Wire"


def test_read_inputs_fmt_overrides_extension(tmp_path):
    path = tmp_path / "export.dat"
    path.write_text('{"id": "rs-1", "text": "Serbia recalled its envoy."}\n')
    (article,) = read_inputs([str(path)], fmt="jsonl")
    assert article.id == "rs-1"


def test_read_inputs_dash_reads_jsonl_from_stdin(monkeypatch):
    stdin = io.TextIOWrapper(io.BytesIO(b'{"id": "mk-1", "text": "Skopje."}\nnot json\n'))
    monkeypatch.setattr(sys, "stdin", stdin)
    good, bad = read_inputs(["-"])
    assert (good.id, good.origin) == ("mk-1", "<stdin>:1")
    assert (bad.id, bad.error.code) == ("<stdin>:2", "EW101")
