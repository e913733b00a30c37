"""`nianbao batch` as a user runs it: many generated reports with corrupt files mixed in, JSONL and
parquet output, cross-year checks, `--resume` after the run is killed, and a worker that dies."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from tests.fixtures.generate import APP_COLS, write_corrupt, write_reports

REPO = Path(__file__).resolve().parents[1]
NIANBAO = REPO / ".venv" / "bin" / "nianbao"


def nianbao(*args: str) -> list[str]:
    return ([str(NIANBAO)] if NIANBAO.exists() else [sys.executable, "-m", "service.cli"]) + list(args)


def run(*args: str, timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run(nianbao(*args), capture_output=True, text=True, timeout=timeout, cwd=REPO)


def read_jsonl(p: Path) -> list[dict]:
    return [json.loads(line) for line in p.read_text(encoding="utf-8").splitlines() if line.strip()]


def make_corpus(d: Path, n: int) -> tuple[list[Path], dict[str, str]]:
    good = write_reports(d, n, seed=7)
    bad = write_corrupt(d / "corrupt")
    return good, bad


def check_mixed_run(res: subprocess.CompletedProcess, records: list[dict], good: list[Path], d: Path, bad: dict[str, str]) -> None:
    assert res.returncode == 0, res.stderr[-3000:]
    by_source = {r["document"]["source"]: r for r in records}
    assert len(records) == len(by_source) == len(good) + len(bad)  # every input exactly once
    for p in good:
        r = by_source[str(p)]
        assert r["error"] is None, r["error"]
        assert all(r["tables"][t] is not None for t in ("applications", "active_disclosure", "review_litigation"))
    summary = res.stderr[res.stderr.rfind("documents:"):]
    assert f"documents: {len(good) + len(bad)} processed" in summary
    assert f"errors: {len(bad)}" in summary
    assert f"tables found: {3 * len(good)}" in summary
    # generated tables are consistent, so no check fails (the cross-year checks included)
    assert "checks failed: 0" in summary
    for name, phrase in bad.items():
        src = str(d / "corrupt" / name)
        err = by_source[src]["error"]
        assert err and err.startswith(src) and phrase in err.lower(), (name, err)
        line = next((x for x in summary.splitlines() if src in x), None)
        assert line is not None and phrase in line.lower(), (name, summary)
        # and said as it happened, not only at the end
        assert any(x.startswith(f"error: {src}: ") for x in res.stderr.splitlines()), name


def test_batch_1000_reports_with_10_corrupt_files(tmp_path):
    """The issue's done-when: 1,000 generated reports with 10 corrupt files mixed in (about 20 s on
    2 busy cores): every corrupt file reported with its reason, all the others written."""
    good, bad = make_corpus(tmp_path / "in", 1000)
    out = tmp_path / "out.jsonl"
    res = run("batch", str(tmp_path / "in"), "-o", str(out), "--no-model", "--no-progress", timeout=900)
    records = read_jsonl(out)
    check_mixed_run(res, records, good, tmp_path / "in", bad)
    # the generator chains every fourth agency over two years: the later report gets cross-year checks
    cross = [c for r in records for c in r["checks"] if c["id"].startswith("cross_year.")]
    assert len(cross) == (len(good) // 4) * len(APP_COLS + ["total"])
    assert all(c["status"] == "pass" for c in cross)


@pytest.fixture(scope="module")
def small_corpus(tmp_path_factory):
    d = tmp_path_factory.mktemp("batch_small")
    good, bad = make_corpus(d, 60)
    return d, good, bad


def test_batch_parquet_one_row_per_document_with_cell_columns(small_corpus, tmp_path):
    d, good, bad = small_corpus
    out = tmp_path / "out.parquet"
    res = run("batch", str(d), "-o", str(out), "--workers", "2", "--no-model", "--no-progress")
    assert res.returncode == 0, res.stderr[-3000:]
    docs = pq.read_table(out).to_pylist()
    assert len(docs) == len(good) + len(bad)
    assert len({r["document_id"] for r in docs if r["error"] is None}) == len(good)
    by_source = {r["source"]: r for r in docs}
    records = {r["document"]["source"]: r for r in read_jsonl(out.with_suffix(".parquet.partial.jsonl"))}
    for p in good[:20]:
        row, rec = by_source[str(p)], records[str(p)]
        for key, vals in rec["tables"]["applications"]["rows"].items():
            for col, v in vals.items():
                assert row[f"applications.{key}.{col}"] == v
        assert row["review_litigation.review.total"] == rec["tables"]["review_litigation"]["review"]["total"]
        assert row["active_disclosure.fees.amount_wan_yuan"] == rec["tables"]["active_disclosure"]["rows"]["fees"]["amount_wan_yuan"]
        assert row["agency"] == rec["metadata"]["agency"] and row["claims"] == len(rec["claims"])
    for name in bad:
        row = by_source[str(d / "corrupt" / name)]
        assert row["error"] and row["applications.total.total"] is None
    claims = pq.read_table(tmp_path / "out.claims.parquet").to_pylist()
    assert len(claims) == sum(len(r["claims"]) for r in records.values()) > 0
    ids = {r["document_id"] for r in docs}
    assert all(c["document_id"] in ids for c in claims)
    first = next(iter(records.values()))
    mine = [c for c in claims if c["document_id"] == first["document"]["id"]]
    assert sorted((c["metric"], c["value"], c["start"]) for c in mine) == sorted(
        (c["metric"], c["value"], c["start"]) for c in first["claims"])


def test_batch_glob_input_and_missing_input(small_corpus, tmp_path):
    d, good, _ = small_corpus
    out = tmp_path / "glob.jsonl"
    res = run("batch", str(d / "report_0000*.txt"), "-o", str(out), "--workers", "1", "--no-model", "--no-progress")
    assert res.returncode == 0, res.stderr
    assert sorted(r["document"]["source"] for r in read_jsonl(out)) == [str(p) for p in good[:10]]
    res = run("batch", str(tmp_path / "nothing_here"), "-o", str(out), "--no-model")
    assert res.returncode != 0 and "no input documents" in res.stderr



def test_inputs_that_name_no_document_are_listed_beside_the_ones_read(small_corpus, tmp_path):
    """A mistyped file name among several inputs used to vanish without a word."""
    d, good, _ = small_corpus
    empty = tmp_path / "no_reports"
    empty.mkdir()
    missing = str(tmp_path / "report_typo.txt")
    out = tmp_path / "some.jsonl"
    res = run("batch", str(good[0]), missing, str(empty), str(tmp_path / "nomatch_*.pdf"), "-o", str(out), "--workers", "1",
              "--no-model", "--no-progress")
    assert res.returncode == 0, res.stderr
    assert [r["document"]["source"] for r in read_jsonl(out)] == [str(good[0])]
    summary = res.stderr[res.stderr.rfind("documents:"):].splitlines()
    head = next(i for i, line in enumerate(summary) if line.startswith("inputs with no document"))
    assert summary[head].endswith(": 3")
    assert summary[head + 1:head + 4] == [f"  {missing}", f"  {empty}", f"  {tmp_path / 'nomatch_*.pdf'}"]


@pytest.mark.parametrize("name", ["out.jsonl", "out.parquet"])
def test_an_output_path_that_cannot_be_written_is_an_error_line_before_any_work(small_corpus, tmp_path, name):
    d, good, _ = small_corpus
    a_file = tmp_path / "not_a_folder.txt"
    a_file.write_text("x", encoding="utf-8")
    res = run("batch", str(good[0]), "-o", str(a_file / name), "--no-model", "--no-progress")
    assert res.returncode == 2
    assert "Traceback" not in res.stderr and "documents:" not in res.stderr
    assert res.stderr.startswith(f"error: cannot write {a_file / name}") and "is a file, not a folder" in res.stderr


def _kill_after(cmd: list[str], out: Path, min_lines: int) -> int:
    """Start the batch, SIGKILL it once `out` holds at least `min_lines` records; return the count seen."""
    proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.time() + 120
    seen = 0
    try:
        while time.time() < deadline and proc.poll() is None:
            if out.exists():
                seen = out.read_bytes().count(b"\n")
                if seen >= min_lines:
                    break
            time.sleep(0.05)
    finally:
        proc.send_signal(signal.SIGKILL)  # the main process only, as `kill -9 PID` would
        proc.wait()
    assert proc.returncode == -signal.SIGKILL, "the batch finished before it could be killed"
    # orphaned workers notice their parent is gone and exit
    t = time.time()
    while time.time() - t < 15:
        try:
            os.killpg(proc.pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.2)
    else:
        os.killpg(proc.pid, signal.SIGKILL)
        pytest.fail("worker processes outlived the killed batch by 15 s")
    return seen


@pytest.mark.parametrize("suffix", [".jsonl", ".parquet"])
def test_resume_after_kill_finishes_without_duplicates(tmp_path, suffix):
    good = write_reports(tmp_path / "in", 300, seed=11)
    out = tmp_path / f"out{suffix}"
    partial = out if suffix == ".jsonl" else out.with_suffix(".parquet.partial.jsonl")
    cmd = nianbao("batch", str(tmp_path / "in"), "-o", str(out), "--workers", "1", "--no-model", "--no-progress")
    seen = _kill_after(cmd, partial, 20)
    assert seen < len(good)
    res = run("batch", str(tmp_path / "in"), "-o", str(out), "--workers", "2", "--no-model", "--no-progress", "--resume")
    assert res.returncode == 0, res.stderr[-3000:]
    records = read_jsonl(partial)
    counts = Counter(r["document"]["source"] for r in records)
    assert sorted(counts) == sorted(str(p) for p in good)  # none missing
    assert max(counts.values()) == 1  # no duplicates
    assert len({r["document"]["id"] for r in records}) == len(good)
    skipped = int(res.stderr.split(" skipped")[0].rsplit(",", 1)[1])
    assert seen <= skipped + 1 and skipped < len(good)  # at most one half-written line is redone
    if suffix == ".parquet":
        docs = pq.read_table(out).to_pylist()
        assert sorted(r["source"] for r in docs) == sorted(str(p) for p in good)


def test_resume_on_finished_output_does_nothing(small_corpus, tmp_path):
    d, good, bad = small_corpus
    out = tmp_path / "out.jsonl"
    assert run("batch", str(d), "-o", str(out), "--workers", "2", "--no-model", "--no-progress").returncode == 0
    before = out.read_text(encoding="utf-8")
    res = run("batch", str(d), "-o", str(out), "--workers", "2", "--no-model", "--no-progress", "--resume")
    assert res.returncode == 0
    assert f"0 processed, {len(good) + len(bad)} skipped" in res.stderr
    assert out.read_text(encoding="utf-8") == before
    # without --resume the output is started afresh, not appended to
    assert run("batch", str(d / "report_0000*.txt"), "-o", str(out), "--workers", "1", "--no-model", "--no-progress").returncode == 0
    assert len(read_jsonl(out)) == 10


def test_resume_with_retry_failed_reads_the_failed_documents_again(tmp_path):
    """A user who fixed a file (or raised --timeout) after a run gets it read again, and only it."""
    d = tmp_path / "in"
    good = write_reports(d, 5, seed=3)
    bad = d / "late.txt"
    bad.write_bytes(b"")  # empty: an error record
    out = tmp_path / "out.jsonl"
    assert run("batch", str(d), "-o", str(out), "--workers", "1", "--no-model", "--no-progress").returncode == 0
    assert [r["error"] is not None for r in read_jsonl(out) if r["document"]["source"] == str(bad)] == [True]
    bad.write_bytes(good[0].read_bytes() + "\n附：本报告另有纸质版。\n".encode("utf-8"))  # fixed since (its own content)
    res = run("batch", str(d), "-o", str(out), "--workers", "1", "--no-model", "--no-progress", "--resume")
    assert "0 processed" in res.stderr  # plain --resume keeps the failure: the document counts as done
    res = run("batch", str(d), "-o", str(out), "--workers", "1", "--no-model", "--no-progress", "--resume", "--retry-failed")
    assert res.returncode == 0, res.stderr[-2000:]
    assert f"1 processed, {len(good)} skipped" in res.stderr
    records = read_jsonl(out)
    assert Counter(r["document"]["source"] for r in records) == Counter(str(p) for p in good + [bad])
    assert all(r["error"] is None for r in records)
    assert run("batch", str(d), "-o", str(out), "--no-model", "--retry-failed").returncode == 2  # needs --resume


def test_summary_counts_documents_whose_tables_are_missing_or_pictures(tmp_path):
    """A user batch-processing thousands of reports learns how many lack a table, and how many hold a picture
    in its place, without opening the records."""
    d = tmp_path / "in"
    write_reports(d, 2, seed=5)  # all three tables
    notables = REPO / "tests" / "fixtures" / "review8_notables"
    for name in ("c01_html_all_img.html", "c04_text_prose_only.txt"):  # tables as pictures / prose only
        (d / name).write_bytes((notables / name).read_bytes())
    res = run("batch", str(d), "-o", str(tmp_path / "out.jsonl"), "--workers", "1", "--no-model", "--no-progress")
    assert res.returncode == 0, res.stderr[-2000:]
    assert "documents with a table not found: 2 (1 where a picture holds its place" in res.stderr


@pytest.mark.skipif(sys.platform != "linux", reason="relies on the fork start method to patch the workers")
def test_worker_death_blames_only_the_file_that_killed_it(tmp_path, monkeypatch):
    from service import batch, pipeline

    real_extract = pipeline.extract

    def crash_on_marked_files(path, model=None):  # the forked workers inherit this patch
        if "CRASH" in str(path):
            os._exit(137)  # what an OOM kill looks like to the pool
        return real_extract(path, model=model)

    good = write_reports(tmp_path / "in", 30, seed=3)
    crash = tmp_path / "in" / "CRASH.txt"
    crash.write_text(good[0].read_text(encoding="utf-8").replace("年度报告", "年度报告(副本)"), encoding="utf-8")
    monkeypatch.setattr(pipeline, "extract", crash_on_marked_files)
    out = tmp_path / "out.jsonl"
    summary = batch.run_batch(batch.collect_inputs(str(tmp_path / "in")), out, workers=2, no_model=True, progress=False)
    records = {r["document"]["source"]: r for r in read_jsonl(out)}
    assert len(records) == len(good) + 1
    assert "worker process died" in records[str(crash)]["error"]
    assert all(records[str(p)]["error"] is None for p in good)
    assert summary.errors == [records[str(crash)]["error"]]


@pytest.mark.skipif(sys.platform != "linux", reason="relies on the fork start method to patch the workers")
def test_a_document_that_hangs_is_stopped_and_reported(tmp_path, monkeypatch):
    from service import batch, pipeline

    real_extract = pipeline.extract

    def hang_on_marked_files(path, model=None):
        if "HANG" in str(path):
            while True:  # a runaway parser
                time.sleep(0.01)
        return real_extract(path, model=model)

    good = write_reports(tmp_path / "in", 12, seed=4)
    hang = tmp_path / "in" / "HANG.txt"
    hang.write_text(good[0].read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setattr(pipeline, "extract", hang_on_marked_files)
    out = tmp_path / "out.jsonl"
    t = time.time()
    summary = batch.run_batch(batch.collect_inputs(str(tmp_path / "in")), out, workers=2, no_model=True, progress=False, timeout_s=2)
    assert time.time() - t < 60
    records = {r["document"]["source"]: r for r in read_jsonl(out)}
    assert len(records) == len(good) + 1
    assert "longer than 2 s" in records[str(hang)]["error"] and records[str(hang)]["error"].startswith(str(hang))
    assert all(records[str(p)]["error"] is None for p in good)
    assert len(summary.errors) == 1


@pytest.mark.skipif(sys.platform != "linux", reason="relies on the fork start method")
def test_workers_use_the_model_the_parent_loaded(tmp_path, monkeypatch):
    """`nianbao batch` loads the model once (to fail early on a bad --model) and the forked workers
    reuse it instead of each loading it again."""
    from service import batch, models
    from service.claims.model_spans import SpanModel

    class MarkerModel(SpanModel):
        def spans(self, text, exclude_spans=(), all_sentences=False, focus=None):
            return []

    def no_loading(*a, **k):
        raise AssertionError("a worker loaded the model again")

    good = write_reports(tmp_path / "in", 6, seed=5)
    monkeypatch.setattr(models, "resolve_model", no_loading)
    monkeypatch.setattr(batch, "_PRELOADED", None)
    batch.preload_model("some/model", False, MarkerModel())
    out = tmp_path / "out.jsonl"
    summary = batch.run_batch(batch.collect_inputs(str(tmp_path / "in")), out, workers=2, model_path="some/model",
                              progress=False)
    records = read_jsonl(out)
    assert len(records) == len(good) and all(r["error"] is None for r in records)
    assert summary.errors == []
    # a different model path than the preloaded one is loaded by the workers themselves (and here fails)
    monkeypatch.setattr(batch, "_PRELOADED", ("other/model", False, MarkerModel()))
    out2 = tmp_path / "out2.jsonl"
    batch.run_batch(batch.collect_inputs(str(tmp_path / "in")), out2, workers=1, model_path="some/model", progress=False)
    records2 = read_jsonl(out2)  # (the patched loader fails in each worker: every document says why)
    assert len(records2) == len(good)
    assert all(r["error"].startswith(r["document"]["source"] + ": the claim model could not be loaded in a worker process")
               and "a worker loaded the model again" in r["error"] for r in records2)
