"""The HTTP service over HTTP (the real app through TestClient, and once through a real uvicorn server):
uploads of every input format, JSON text, and bad input of every kind → a 4xx JSON error naming the
reason, never a 500."""

from __future__ import annotations

import json
import random
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from service.api import create_app
from tests.fixtures.generate import generate_report, write_corrupt

REPO = Path(__file__).resolve().parents[1]
INGEST = REPO / "tests" / "fixtures" / "ingest"


@pytest.fixture(scope="module")
def client() -> TestClient:
    # raise_server_exceptions=False: a bug must show up as the 500 a user would get, not as a test error
    return TestClient(create_app(model=None, max_bytes=2 * 1024 * 1024), raise_server_exceptions=False)


@pytest.fixture(scope="module")
def report():
    return generate_report(random.Random(42))


def assert_error(resp: httpx.Response, status: int | tuple[int, ...], *words: str) -> dict:
    statuses = status if isinstance(status, tuple) else (status,)
    assert resp.status_code in statuses, (resp.status_code, resp.text[:500])
    assert resp.headers["content-type"].startswith("application/json")
    body = resp.json()
    text = (body["error"] + " " + (body.get("detail") or "")).lower()
    for w in words:
        assert w.lower() in text, body
    assert "traceback" not in resp.text.lower()
    return body


def test_health(client):
    r = client.get("/health")
    assert r.status_code == 200 and r.json()["status"] == "UP"


def test_openapi_and_docs_pages(client):
    spec = client.get("/openapi.json").json()
    op = spec["paths"]["/v1/extract"]["post"]
    assert set(op["requestBody"]["content"]) == {"multipart/form-data", "application/json"}
    assert "Record" in spec["components"]["schemas"]
    docs = client.get("/docs")
    assert docs.status_code == 200 and "swagger" in docs.text.lower()


def test_json_text_returns_the_record(client, report):
    text, truth = report
    r = client.post("/v1/extract", json={"text": text, "source": "mine.txt"})
    assert r.status_code == 200, r.text[:500]
    rec = r.json()
    assert rec["document"]["source"] == "mine.txt" and rec["error"] is None
    assert rec["tables"]["applications"]["rows"] == truth.applications
    assert rec["metadata"]["agency"] == truth.agency
    assert all(c["status"] != "fail" for c in rec["checks"])


def test_multipart_upload_of_generated_text(client, report):
    text, truth = report
    r = client.post("/v1/extract", files={"file": ("report.txt", text.encode("gb18030"), "text/plain")})
    assert r.status_code == 200, r.text[:500]
    rec = r.json()
    assert rec["document"]["source"] == "report.txt"
    assert rec["tables"]["review_litigation"]["review"] == truth.review_litigation["review"]


@pytest.mark.parametrize("name,fmt", [("report.html", "html"), ("report.pdf", "pdf"), ("report.docx", "docx"),
                                      ("report_gbk.txt", "text"), ("report_utf8bom.txt", "text")])
def test_multipart_upload_of_each_format(client, name, fmt):
    path = INGEST / name
    if not path.exists():
        pytest.skip(f"ingest fixture {name} not generated")
    expected = json.loads((INGEST / "expected_tables.json").read_text(encoding="utf-8"))
    r = client.post("/v1/extract", files={"file": (name, path.read_bytes(), "application/octet-stream")})
    assert r.status_code == 200, r.text[:500]
    rec = r.json()
    assert rec["document"]["format"] == fmt
    assert rec["tables"]["applications"]["rows"] == expected["applications"]["rows"]


def test_malformed_and_wrong_requests_are_4xx_json(client):
    assert_error(client.post("/v1/extract", content=b'{"text": "abc', headers={"content-type": "application/json"}), 400, "malformed json")
    assert_error(client.post("/v1/extract", content=b"\xff\xfe\x00", headers={"content-type": "application/json"}), 400, "json")
    assert_error(client.post("/v1/extract", json={"txt": "abc"}), 422, "text")
    assert_error(client.post("/v1/extract", json=["text"]), 422, "text")
    assert_error(client.post("/v1/extract", json={"text": 12}), 422, "text")
    assert_error(client.post("/v1/extract", content=b"hello", headers={"content-type": "text/plain"}), 415, "content type")
    assert_error(client.post("/v1/extract", content=b"hello"), 415, "content type")
    assert_error(client.post("/v1/extract", files={"other": ("a.txt", b"x")}), 422, "'file'")
    assert_error(client.post("/v1/extract", content=b"--xx\r\nnot a part", headers={"content-type": "multipart/form-data; boundary=xx"}),
                 (400, 422), "multipart")
    assert client.get("/v1/extract").status_code == 405


def test_oversize_body_is_413(client):
    big = b"0" * (2 * 1024 * 1024 + 10)
    assert_error(client.post("/v1/extract", files={"file": ("big.txt", big)}), 413, "too large")

    def chunks():  # no content-length: the limit is enforced while reading the stream
        for _ in range(40):
            yield b"x" * 65536

    assert_error(client.post("/v1/extract", content=chunks(), headers={"content-type": "application/json"}), 413, "too large")


def test_bad_documents_are_422_naming_file_and_reason(client, tmp_path):
    expect = write_corrupt(tmp_path)
    expect.pop("bad_huge.txt")  # over the request limit: covered by the 413 test
    for name, phrase in expect.items():
        data = (tmp_path / name).read_bytes()
        body = assert_error(client.post("/v1/extract", files={"file": (name, data)}), 422, phrase)
        assert body["error"].startswith(name)
    assert_error(client.post("/v1/extract", json={"text": ""}), 422, "empty")
    assert_error(client.post("/v1/extract", json={"text": "   \n"}), 422, "empty")


def test_ingest_fixture_bad_files_never_500(client):
    names = ["empty.txt", "junk.bin", "corrupt.pdf", "encrypted.pdf", "scanned.pdf"]
    present = [n for n in names if (INGEST / n).exists()]
    if not present:
        pytest.skip("ingest fixtures not generated")
    for n in present:
        r = client.post("/v1/extract", files={"file": (n, (INGEST / n).read_bytes())})
        assert_error(r, 422, n)


def test_text_without_any_table_is_a_record_not_an_error(client):
    r = client.post("/v1/extract", json={"text": "这是一段与年度报告无关的文字。今天共有3人来访。"})
    assert r.status_code == 200
    rec = r.json()
    assert rec["error"] is None and rec["tables"] == {"active_disclosure": None, "applications": None, "review_litigation": None}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_real_uvicorn_server(report, tmp_path):
    port = _free_port()
    nianbao = REPO / ".venv" / "bin" / "nianbao"
    cmd = ([str(nianbao)] if nianbao.exists() else [sys.executable, "-m", "service.cli"])
    proc = subprocess.Popen(cmd + ["serve", "--no-model", "--port", str(port)], cwd=REPO,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 60
        while True:
            try:
                if httpx.get(base + "/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert proc.poll() is None, proc.stderr.read().decode(errors="replace")
            assert time.time() < deadline, "server did not start"
            time.sleep(0.2)
        text, truth = report
        r = httpx.post(base + "/v1/extract", files={"file": ("r.txt", text.encode("utf-8"))}, timeout=60)
        assert r.status_code == 200 and r.json()["tables"]["applications"]["rows"] == truth.applications
        r = httpx.post(base + "/v1/extract", files={"file": ("junk.bin", b"\x00\x01\x02" * 100)}, timeout=60)
        assert_error(r, 422, "junk.bin", "binary")
        assert httpx.get(base + "/docs", timeout=5).status_code == 200
    finally:
        proc.terminate()
        proc.wait(timeout=20)
