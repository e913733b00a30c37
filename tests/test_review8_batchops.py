"""Review round 8 (batch and extract as a researcher runs them): the mistakes users make with the
command line get a clear message and exit code, never a traceback, and no input file is left out
without being named."""

from __future__ import annotations

import json
import os
import random
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.fixtures.generate import generate_report

REPO = Path(__file__).resolve().parents[1]


def run(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, "-m", "service.cli", *args], capture_output=True, text=True,
                          timeout=180, cwd=REPO, env=env)


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("review8_batchops")
    for i in range(2):
        text, _ = generate_report(random.Random(800 + i))
        (d / f"report {i} 年报.txt").write_text(text, encoding="utf-8")
    (d / "old report.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500))  # an OLE2 (Word 97) header
    (d / "tables.zip").write_bytes(b"PK\x03\x04" + bytes(100))
    (d / "loop.txt").symlink_to("loop.txt")
    return d


def _sources(jsonl: Path) -> list[str]:
    return [json.loads(line)["document"]["source"] for line in jsonl.read_text(encoding="utf-8").splitlines()]


def test_negative_workers_is_a_usage_error_and_keeps_the_old_output(folder, tmp_path):
    out = tmp_path / "out.jsonl"
    out.write_text("{}\n", encoding="utf-8")
    res = run("batch", str(folder), "-o", str(out), "--workers", "-1", "--no-model", "--no-progress")
    assert res.returncode == 2
    assert "--workers" in res.stderr and "Traceback" not in res.stderr and "ValueError" not in res.stderr
    assert out.read_text(encoding="utf-8") == "{}\n"  # refused before anything was overwritten


def test_batch_output_that_is_a_folder_is_refused_clearly(folder, tmp_path):
    res = run("batch", str(folder), "-o", str(tmp_path), "--no-model", "--no-progress")
    assert res.returncode == 2
    assert f"{tmp_path} is a folder" in res.stderr and "Traceback" not in res.stderr


def test_extract_output_in_a_missing_folder_is_created(folder, tmp_path):
    out = tmp_path / "new" / "dir" / "records.jsonl"
    res = run("extract", str(folder / "report 0 年报.txt"), "--no-model", "-o", str(out))
    assert res.returncode == 0, res.stderr
    assert _sources(out) == [str(folder / "report 0 年报.txt")]


def test_extract_output_that_cannot_be_written_is_a_clear_error(folder, tmp_path):
    blocker = tmp_path / "a_file"
    blocker.write_text("x", encoding="utf-8")
    res = run("extract", str(folder / "report 0 年报.txt"), "--no-model", "-o", str(blocker / "records.jsonl"))
    assert res.returncode == 2
    assert res.stderr.startswith(f"error: cannot write {blocker / 'records.jsonl'}") and "Traceback" not in res.stderr


def test_batch_takes_the_files_of_an_unquoted_glob(folder, tmp_path):
    # `nianbao batch reports/*.txt -o out.jsonl`: the shell hands over every file as its own argument
    files = sorted(str(p) for p in folder.glob("report*.txt"))
    out = tmp_path / "out.jsonl"
    res = run("batch", *files, "-o", str(out), "--no-model", "--no-progress", "--workers", "1")
    assert res.returncode == 0, res.stderr
    assert sorted(_sources(out)) == files


def test_glob_reports_a_symlink_loop_as_a_folder_does(folder, tmp_path):
    out = tmp_path / "out.jsonl"
    res = run("batch", str(folder / "*.txt"), "-o", str(out), "--no-model", "--no-progress", "--workers", "1")
    assert res.returncode == 0, res.stderr
    recs = {json.loads(line)["document"]["source"]: json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()}
    assert str(folder / "loop.txt") in recs
    assert "symbolic links" in recs[str(folder / "loop.txt")]["error"]
    assert f"  {folder / 'loop.txt'}: cannot read file" in res.stderr  # named in the summary


def test_summary_names_the_folder_files_a_batch_does_not_read(folder, tmp_path):
    out = folder / "out" / "records.parquet"  # the output in the input folder is not named as unread
    res = run("batch", str(folder), "-o", str(out), "--no-model", "--no-progress", "--workers", "1")
    assert res.returncode == 0, res.stderr
    assert len(_sources(out.with_suffix(".parquet.partial.jsonl"))) == 3  # two reports and the symlink loop
    summary = res.stderr[res.stderr.index("documents:"):]
    assert re.search(r"^not read \(extension not one of [^)]*\): 2$", summary, re.M), summary
    assert f"  {folder / 'old report.doc'}" in summary and f"  {folder / 'tables.zip'}" in summary

