"""Bad input of any kind gets a clear error naming the file and the reason, never an exception, and
never disturbs the other documents: the library, the CLI and the server each see the same inputs."""

from __future__ import annotations

import random
import subprocess
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from service.api import create_app
from service.normalise import normalise
from service.pipeline import extract
from service.record import Record
from tests.fixtures.generate import generate_report, write_corrupt

REPO = Path(__file__).resolve().parents[1]
INGEST = REPO / "tests" / "fixtures" / "ingest"
REPORT, TRUTH = generate_report(random.Random(5))


@pytest.fixture(scope="module")
def corrupt(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    d = tmp_path_factory.mktemp("corrupt")
    return d, write_corrupt(d)


def assert_consistent(rec: Record, data: bytes) -> None:
    """A record (not an error) whose offsets all index its own normalised text."""
    text = normalise(extract_text(data)).text if rec.error is None else ""
    assert rec.document.chars == len(text)
    for s in rec.sections:
        assert 0 <= s.start <= s.end <= len(text)
    for c in rec.claims:
        assert text[c.start:c.end] == c.text
        assert c.start <= c.metric_span[0] <= c.metric_span[1] <= c.end
        assert c.start <= c.value_span[0] <= c.value_span[1] <= c.end


def extract_text(data: bytes) -> str:
    from service.ingest import load_document

    return load_document(data, "x").text


def test_each_kind_of_bad_file_names_file_and_reason(corrupt):
    d, expect = corrupt
    for name, phrase in expect.items():
        t = time.time()
        rec = extract(d / name)
        assert rec.error is not None, name
        assert rec.error.startswith(str(d / name)), rec.error
        assert phrase in rec.error.lower(), rec.error
        assert rec.tables.applications is None and rec.claims == []
        assert time.time() - t < 10, f"{name} took {time.time() - t:.1f}s to refuse"


def test_ingest_fixture_bad_files(fixtures_dir):
    reasons = {"empty.txt": "empty", "junk.bin": "binary", "corrupt.pdf": "pdf", "encrypted.pdf": "encrypted", "scanned.pdf": "scanned"}
    found = 0
    for name, phrase in reasons.items():
        p = fixtures_dir / "ingest" / name
        if not p.exists():
            continue
        found += 1
        rec = extract(p)
        assert rec.error and str(p) in rec.error and phrase in rec.error.lower(), rec.error
    if not found:
        pytest.skip("ingest fixtures not generated")


def test_same_report_in_other_encodings_and_lenient_html():
    variants = {
        "gb18030": REPORT.encode("gb18030"),
        "utf-16": REPORT.encode("utf-16"),
        "utf-8-bom": b"\xef\xbb\xbf" + REPORT.encode("utf-8"),
        "crlf": REPORT.replace("\n", "\r\n").encode("utf-8"),
        # unclosed paragraphs, stray closing tags, no </body></html>: browsers show it, so must we
        "html": ("<html><head><meta charset='utf-8'><title>年度报告</title></head><body><div class='content'>"
                 + "".join(f"<p>{line}" + ("</div>" if i % 7 == 3 else "") for i, line in enumerate(REPORT.splitlines()))).encode("utf-8"),
    }
    for name, data in variants.items():
        rec = extract(data, source=f"report.{name}")
        assert rec.error is None, (name, rec.error)
        assert rec.tables.applications is not None and rec.tables.applications.rows == TRUTH.applications, name
        assert rec.metadata.agency == TRUTH.agency, name


def test_huge_file_is_refused_quickly_by_the_cli(tmp_path):
    p = tmp_path / "huge.pdf"
    with p.open("wb") as f:
        f.truncate(100 * 1024 * 1024)  # sparse: no disk used
    t = time.time()
    res = subprocess.run([str(REPO / ".venv" / "bin" / "nianbao"), "extract", "--no-model", str(p)],
                         capture_output=True, text=True, timeout=120, cwd=REPO)
    assert res.returncode != 0
    assert str(p) in res.stderr and "limit" in res.stderr
    assert time.time() - t < 30


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=3000))
def test_random_bytes_never_raise(data):
    rec = extract(data, source="fuzz.bin")
    if rec.error is not None:
        assert rec.error.startswith("fuzz.bin: ")
    else:
        assert_consistent(rec, data)


_mutation = st.one_of(
    st.tuples(st.just("cut"), st.floats(0, 1)),  # truncated mid-report (a download cut short)
    st.tuples(st.just("drop_line"), st.floats(0, 1)),
    st.tuples(st.just("insert"), st.floats(0, 1), st.text(alphabet="|｜ \n0123456789一二三、()（）总计年件万元-.", max_size=12)),
    st.tuples(st.just("bytes"), st.floats(0, 1), st.binary(min_size=1, max_size=8)),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_mutation, min_size=1, max_size=4))
def test_damaged_reports_never_raise_and_keep_offsets_valid(mutations):
    data = REPORT.encode("utf-8")
    for m in mutations:
        at = int(m[1] * len(data))
        if m[0] == "cut":
            data = data[: max(at, 1)]
        elif m[0] == "drop_line":
            s = data.rfind(b"\n", 0, at) + 1
            e = data.find(b"\n", at)
            data = data[:s] + (data[e + 1:] if e >= 0 else b"")
        elif m[0] == "insert":
            data = data[:at] + m[2].encode("utf-8") + data[at:]
        else:
            data = data[:at] + m[2] + data[at:]
    rec = extract(data, source="damaged.txt")
    if rec.error is not None:
        assert rec.error.startswith("damaged.txt: ") and "internal error" not in rec.error, rec.error
    else:
        assert_consistent(rec, data)


def test_server_survives_bad_input_and_keeps_answering(corrupt):
    d, expect = corrupt
    client = TestClient(create_app(model=None), raise_server_exceptions=False)
    good = REPORT.encode("utf-8")
    for name in expect:
        if name == "bad_huge.txt":
            continue
        bad = client.post("/v1/extract", files={"file": (name, (d / name).read_bytes())})
        assert 400 <= bad.status_code < 500 and name in bad.json()["error"]
        ok = client.post("/v1/extract", files={"file": ("good.txt", good)})
        assert ok.status_code == 200 and ok.json()["tables"]["applications"]["rows"] == TRUTH.applications
    assert client.get("/health").status_code == 200
