"""The `nianbao` console command as a user runs it: extract (JSON Lines, error records, exit codes)
and schema (a valid JSON Schema that real records satisfy)."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest

from tests.fixtures.generate import generate_report, write_corrupt

REPO = Path(__file__).resolve().parents[1]
NIANBAO = REPO / ".venv" / "bin" / "nianbao"


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    cmd = [str(NIANBAO)] if NIANBAO.exists() else [sys.executable, "-m", "service.cli"]
    return subprocess.run(cmd + list(args), capture_output=True, text=True, timeout=120, cwd=cwd or REPO)


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> dict:
    d = tmp_path_factory.mktemp("cli")
    out = {}
    for i in range(2):
        text, truth = generate_report(random.Random(100 + i))
        p = d / f"good_{i}.txt"
        p.write_text(text, encoding="utf-8")
        out[p] = truth
    expect = write_corrupt(d / "bad")
    return {"good": out, "bad": {d / "bad" / name: phrase for name, phrase in expect.items()}}


def _records(stdout: str) -> list[dict]:
    return [json.loads(line) for line in stdout.splitlines() if line.strip()]


def test_extract_prints_one_record_per_file_and_names_bad_files(reports):
    good = list(reports["good"])
    bad = [p for p in reports["bad"] if p.name in ("bad_empty.txt", "bad_junk.txt", "bad_scanned.pdf")]
    files = [good[0], bad[0], good[1], bad[1], bad[2]]
    res = run("extract", "--no-model", *map(str, files))
    assert res.returncode == 0, res.stderr  # some files succeeded
    recs = _records(res.stdout)
    assert [r["document"]["source"] for r in recs] == [str(f) for f in files]
    for f, r in zip(files, recs):
        if f in reports["good"]:
            truth = reports["good"][f]
            assert r["error"] is None
            assert r["tables"]["applications"]["rows"] == truth.applications
            assert r["metadata"]["agency"] == truth.agency and r["metadata"]["year"] == truth.year
        else:
            assert r["error"].startswith(str(f)), r["error"]
            assert reports["bad"][f] in r["error"].lower(), r["error"]
    err_lines = [line for line in res.stderr.splitlines() if line.startswith("error:")]
    assert len(err_lines) == 3
    for f in files[1::2] + [files[4]]:
        assert any(str(f) in line for line in err_lines), (f, err_lines)


def test_extract_exit_code_nonzero_only_when_every_file_failed(reports):
    bad = [str(p) for p in reports["bad"]][:3]
    res = run("extract", "--no-model", *bad)
    assert res.returncode != 0
    recs = _records(res.stdout)
    assert len(recs) == 3 and all(r["error"] for r in recs)  # the error records are still printed
    missing = str(REPO / "no" / "such" / "report.txt")
    res = run("extract", "--no-model", missing)
    assert res.returncode != 0
    assert missing in res.stderr and "cannot read" in res.stderr


def test_extract_writes_to_output_file(reports, tmp_path):
    out = tmp_path / "out" / "records.jsonl"
    out.parent.mkdir()
    good = list(reports["good"])
    res = run("extract", "--no-model", "-o", str(out), *map(str, good))
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == ""
    recs = _records(out.read_text(encoding="utf-8"))
    assert [r["document"]["source"] for r in recs] == [str(p) for p in good]
    assert all(r["tables"]["review_litigation"] is not None for r in recs)


def test_schema_is_valid_json_schema_that_records_satisfy(reports):
    jsonschema = pytest.importorskip("jsonschema")
    res = run("schema")
    assert res.returncode == 0, res.stderr
    schema = json.loads(res.stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    props = schema["properties"]
    for field in ("schema_version", "document", "metadata", "sections", "tables", "claims", "checks", "warnings", "error"):
        assert field in props
    validator = jsonschema.Draft202012Validator(schema)
    good, bad = list(reports["good"])[0], list(reports["bad"])[0]
    recs = _records(run("extract", "--no-model", str(good), str(bad)).stdout)
    for r in recs:
        validator.validate(r)
    assert recs[0]["claims"], "a generated report has narrative claims to validate"
    broken = dict(recs[0], tables={"applications": {"rows": {"total": {"total": "many"}}}})
    assert not validator.is_valid(broken)


def test_help_lists_the_commands():
    res = run("--help")
    assert res.returncode == 0
    for cmd in ("extract", "batch", "schema", "serve"):
        assert cmd in res.stdout


def test_extract_output_under_a_file_names_the_reason(reports, tmp_path):
    a_file = tmp_path / "notes.txt"
    a_file.write_text("x", encoding="utf-8")
    res = run("extract", "--no-model", str(next(iter(reports["good"]))), "-o", str(a_file / "out.jsonl"))
    assert res.returncode == 2 and "Traceback" not in res.stderr
    assert f"error: cannot write {a_file / 'out.jsonl'} (a part of its folder path is a file, not a folder)" in res.stderr
