"""A document whose extraction hangs is reported with its name and the limit, in `nianbao extract`
and in the HTTP service, and the other documents / requests are not lost."""

from __future__ import annotations

import json
import random
import sys
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from tests.fixtures.generate import generate_report


def _hang_on_marked(real):
    def extract(data, source=None, model=None):
        if "HANG" in str(source if source is not None else data):
            t = time.time()
            while time.time() - t < 5:  # a runaway parser (gives up after 5 s so a failed test ends)
                time.sleep(0.01)
        return real(data, source=source, model=model)

    return extract


@pytest.mark.skipif(sys.platform == "win32", reason="SIGALRM")
def test_extract_cli_stops_a_hanging_document_and_keeps_the_others(tmp_path: Path, monkeypatch) -> None:
    from service import pipeline
    from service.cli import app

    text, _ = generate_report(random.Random(3))
    good, hang = tmp_path / "good.txt", tmp_path / "HANG.txt"
    good.write_text(text, encoding="utf-8")
    hang.write_text(text, encoding="utf-8")
    monkeypatch.setattr(pipeline, "extract", _hang_on_marked(pipeline.extract))
    t = time.time()
    r = CliRunner().invoke(app, ["extract", str(hang), str(good), "--no-model", "--timeout", "1"])
    assert time.time() - t < 4.5
    assert r.exit_code == 0, r.output
    records = [json.loads(line) for line in r.stdout.splitlines() if line.startswith("{")]
    assert [rec["document"]["source"] for rec in records] == [str(hang), str(good)]
    assert records[0]["error"] == f"{hang}: extraction took longer than 1 s and was stopped"
    assert records[1]["error"] is None and records[1]["tables"]["applications"] is not None


def test_http_service_answers_504_for_a_hanging_document_and_keeps_serving(monkeypatch) -> None:
    from service import pipeline
    from service.api import create_app

    monkeypatch.setattr(pipeline, "extract", _hang_on_marked(pipeline.extract))
    client = TestClient(create_app(model=None, timeout_s=0.5), raise_server_exceptions=False)
    text, _ = generate_report(random.Random(5))
    t = time.time()
    resp = client.post("/v1/extract", json={"text": text, "source": "HANG.txt"})
    assert time.time() - t < 4
    assert resp.status_code == 504
    assert resp.json()["error"] == "HANG.txt: extraction took longer than 0.5 s"
    assert client.get("/health").status_code == 200
    ok = client.post("/v1/extract", json={"text": text, "source": "good.txt"})
    assert ok.status_code == 200 and ok.json()["document"]["source"] == "good.txt"
