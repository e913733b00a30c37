"""Review round 7, bad input: each of `extract`, `batch` and the HTTP service gets inputs the earlier
robustness tests (test_robustness.py, test_batch.py, test_api.py) did not try — a file of only a BOM or of
whitespace, stray NUL bytes in a text, a text pasted together from UTF-8 and GBK, 50,000 nested <div>s
around a report, a truncated HTML page, an HTML page declaring the wrong charset, a PDF with a user
password, a truncated DOCX, a DOCX without word/document.xml or with broken XML, a ZIP holding a report,
file names with spaces/Chinese/newlines, a directory, a symlink loop, a pipe and a broken link given as
files, a file that disappears after the batch listed it, an unreadable file, a 20 MB single line and a
100 MB file. Each gives a record or an error naming the file and the reason, never a traceback; the
batch keeps every good record and `--resume` finishes a killed run. The inputs are written at test time
(`tests/fixtures/review7_badinput/bad_inputs.py`); only the small good report is committed."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from service.api import create_app
from service.batch import collect_inputs, run_batch
from service.pipeline import extract

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "fixtures" / "review7_badinput"))
from bad_inputs import GOOD, GOOD_ROWS_NEW, _docx_bytes, _html, _html_report, write_bad_inputs, write_big_inputs  # noqa: E402

ENV = {**os.environ, "PYTHONPATH": str(REPO)}


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "service.cli", *args]


def _special(d: Path) -> dict[str, str]:
    """Things that are not files, given as files: {name: phrase of the error}."""
    (d / "folder_as_file.txt").mkdir()
    (d / "loop.txt").symlink_to("loop.txt")
    (d / "broken_link.pdf").symlink_to("nowhere.pdf")
    os.mkfifo(d / "pipe.txt")  # reading it would block for ever
    return {"folder_as_file.txt": "directory", "loop.txt": "symbolic links", "broken_link.pdf": "no such file",
            "pipe.txt": "not a regular file"}


@pytest.fixture()
def inputs(tmp_path) -> tuple[Path, dict[str, str | None]]:
    d = tmp_path / "in"
    cases = write_bad_inputs(d)
    cases.update(_special(d))
    return d, cases


def _assert_good(rec: dict, partial: bool = False) -> None:
    assert rec["error"] is None, rec["error"]
    assert rec["metadata"]["agency"] == "石桥镇人民政府" and rec["metadata"]["year"] == 2023
    assert rec["tables"]["applications"]["rows"]["new_received"] == GOOD_ROWS_NEW
    assert rec["tables"]["applications"]["rows"]["carried_forward"]["total"] == 1
    if partial:  # cut short before the last table: null, never zeros
        assert rec["tables"]["review_litigation"] is None
    else:
        assert rec["tables"]["review_litigation"]["review"]["upheld"] == 1


def _check(rec: dict, path: str, expect: str | None) -> None:
    if expect in (None, "partial"):
        _assert_good(rec, partial=expect == "partial")
    else:
        _assert_named_error(rec, path, expect)


def _assert_named_error(rec: dict, path: str, phrase: str) -> None:
    err = rec["error"]
    assert err and err.startswith(path + ": "), (path, err)
    assert phrase in err.lower(), (path, err)
    assert "internal error" not in err and "could not be read" not in err, err  # a known reason, not a crash


def test_extract_each_bad_input_gives_a_record_or_a_named_reason(inputs):
    d, cases = inputs
    for name, phrase in cases.items():
        t = time.time()
        _check(json.loads(extract(d / name).model_dump_json()), str(d / name), phrase)
        assert time.time() - t < 5, f"{name} took {time.time() - t:.1f}s"


def test_mixed_encodings_and_nested_divs_say_what_was_done(inputs):
    d, _ = inputs
    assert any("mixed encodings" in w for w in extract(d / "mixed_encodings.txt").warnings)
    assert any("nested more than" in w for w in extract(d / "nested_divs.html").warnings)


def test_unreadable_file_is_named_with_the_reason(tmp_path, monkeypatch):
    p = tmp_path / "no_access.txt"
    p.write_text(GOOD, encoding="utf-8")
    p.chmod(0)
    if os.access(p, os.R_OK):  # root reads anything: make the read fail as it does for a user
        def denied(self):  # noqa: ANN001
            raise PermissionError(13, "Permission denied", str(self))
        monkeypatch.setattr(Path, "read_bytes", denied)
    _assert_named_error(json.loads(extract(p).model_dump_json()), str(p), "permission denied")


def test_cli_extract_names_every_bad_file_and_never_prints_a_traceback(inputs):
    d, cases = inputs
    files = [str(d / n) for n in cases]
    res = subprocess.run(_cli("extract", "--no-model", "--timeout", "20", *files), capture_output=True, text=True,
                         timeout=120, cwd=REPO, env=ENV)
    assert res.returncode == 0, res.stderr[-2000:]  # some files were good
    assert "Traceback" not in res.stderr, res.stderr[-3000:]
    records = [json.loads(line) for line in res.stdout.splitlines()]
    assert [r["document"]["source"] for r in records] == files  # one record per file, in order
    for name, rec in zip(cases, records):
        _check(rec, str(d / name), cases[name])
        assert (str(d / name) in res.stderr) == (rec["error"] is not None)


def test_batch_keeps_every_good_record_among_bad_inputs(inputs):
    d, cases = inputs
    big = write_big_inputs(d)  # a 20 MB single line (stopped at the time limit here) and a 100 MB file
    (d / "good.html").write_text(_html(_html_report()), encoding="utf-8")
    (d / "good.docx").write_bytes(_docx_bytes(GOOD))
    (d / "vanishes.txt").write_text(GOOD + "\n", encoding="utf-8")
    files = collect_inputs(str(d))
    assert len(files) == len(cases) + len(big) + 3 - 1  # the folder named *.txt is no input of a folder batch
    (d / "vanishes.txt").unlink()  # gone after the batch listed it
    out = d.parent / "out.jsonl"
    summary = run_batch(files, out, workers=2, no_model=True, progress=False, timeout_s=3)
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    by_source = {r["document"]["source"]: r for r in records}
    assert len(records) == len(by_source) == len(files)  # every input exactly once
    expect = {**cases, "one_line_20mb.txt": "longer than 3 s", "huge_100mb.txt": "limit", "good.html": None,
              "good.docx": None, "vanishes.txt": "no such file"}
    for p in files:
        _check(by_source[str(p)], str(p), expect[p.name])
    assert len(summary.errors) == sum(1 for p in files if expect[p.name] not in (None, "partial"))


def test_resume_after_a_kill_in_a_batch_with_bad_inputs(tmp_path):
    d = tmp_path / "in"
    cases = write_bad_inputs(d)
    piece = "全年主动公开政府信息12条，".encode("utf-8")
    (d / "m_slow_line.txt").write_bytes(piece * (6 * 1024 * 1024 // len(piece)))  # slow: the kill lands on it
    for i, agency in enumerate(("东坝镇人民政府", "西岭乡人民政府", "南湖街道办事处")):
        (d / f"z_good_{i}.txt").write_text(GOOD.replace("石桥镇人民政府", agency), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    base = ["batch", str(d), "-o", str(out), "--no-model", "--no-progress", "--workers", "1"]
    proc = subprocess.Popen(_cli(*base, "--timeout", "0"), cwd=REPO, env=ENV, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    before = sorted(n for n in cases if n < "m_slow_line.txt")
    deadline = time.time() + 60
    while time.time() < deadline:
        lines = out.read_text(encoding="utf-8").count("\n") if out.exists() else 0
        if lines >= len(before) - 1:
            break
        time.sleep(0.2)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    written = out.read_text(encoding="utf-8").count("\n")
    assert 0 < written < len(cases) + 4
    res = subprocess.run(_cli(*base, "--resume", "--timeout", "2"), capture_output=True, text=True, timeout=120,
                         cwd=REPO, env=ENV)
    assert res.returncode == 0 and "Traceback" not in res.stderr, res.stderr[-3000:]
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    counts = Counter(r["document"]["source"] for r in records)
    assert sorted(counts) == sorted(str(p) for p in collect_inputs(str(d)))  # none missing
    assert max(counts.values()) == 1  # none twice
    goods = [r for r in records if Path(r["document"]["source"]).name.startswith("z_good_")]
    assert sorted(r["metadata"]["agency"] for r in goods) == ["东坝镇人民政府", "南湖街道办事处", "西岭乡人民政府"]
    slow = next(r for r in records if r["document"]["source"].endswith("m_slow_line.txt"))
    assert "longer than 2 s" in slow["error"]


def test_http_service_answers_each_bad_input_and_keeps_serving(inputs):
    d, cases = inputs
    client = TestClient(create_app(model=None), raise_server_exceptions=False)
    for name, phrase in cases.items():
        p = d / name
        if not p.is_file():
            continue  # not a file: nothing to upload
        res = client.post("/v1/extract", files={"file": (name, p.read_bytes())})
        if phrase in (None, "partial"):
            assert res.status_code == 200, (name, res.text[:300])
            _assert_good(res.json(), partial=phrase == "partial")
        else:
            assert res.status_code == 422, (name, res.status_code, res.text[:300])
            err = res.json()["error"]
            sent = name.replace("\n", "%0A")  # how a multipart form (HTML5, httpx) writes a newline in a file name
            assert err.startswith(sent + ": ") and phrase in err.lower(), (name, err)
    # the same bad text sent as JSON, and a good one after all of them
    res = client.post("/v1/extract", json={"text": "\ufeff \u3000\n", "source": "blank 空白\n.txt"})
    assert res.status_code == 422 and res.json()["error"].startswith("blank 空白\n.txt: ")
    res = client.post("/v1/extract", json={"text": GOOD.replace("一、总体情况", "一、总体情况\x00"), "source": "nul.txt"})
    assert res.status_code == 200
    _assert_good(res.json())
    assert client.get("/health").status_code == 200
