"""The Label Studio ML-backend protocol of service/ml_backend.py (in-process; the real-server
connection is in test_labelstudio_server.py)."""

from __future__ import annotations

import re

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

import service.claims.extractor as extractor
from annotations import ls_convert
from service import ml_backend
from service.record import Claim

TEXTS = ["𠀀本机关全年受理申请21件，办结86个。", "无数字的一句话。", "即办率提高至50%以上。"]


def _regex_claims(text, sections=None, exclude_spans=(), model=None):
    """Invented extractor for these tests: <metric><number><unit>, confidence by metric length."""
    out = []
    for m in re.finditer(r"(受理申请|办结|即办率提高至)(\d+)(件|个|%以上)", text):
        out.append(Claim(metric=m.group(1), value=float(m.group(2)), text=m.group(0), start=m.start(), end=m.end(),
                         metric_span=m.span(1), value_span=(m.start(2), m.end(3)),
                         confidence=min(0.95, 0.3 + 0.1 * len(m.group(1)))))
    return out


@pytest.fixture
def client(monkeypatch) -> TestClient:
    monkeypatch.setattr(extractor, "extract_claims", _regex_claims)
    app = FastAPI()
    app.include_router(ml_backend.make_router(prefix="/ml"))
    return TestClient(app)


def test_health_and_setup_report_the_model_version(client: TestClient) -> None:
    h = client.get("/ml/health")
    assert h.status_code == 200 and h.json()["status"] == "UP"
    s = client.post("/ml/setup", json={"project": "1.1700000000", "schema": ls_convert.label_config()})
    assert s.status_code == 200
    assert s.json()["model_version"] == h.json()["model_version"] == ml_backend.model_version()


def test_predict_answers_one_prediction_per_task_in_order(client: TestClient) -> None:
    tasks = [{"id": i + 1, "data": {"text": t}} for i, t in enumerate(TEXTS)] + [{"id": 9, "data": {}}]
    r = client.post("/ml/predict", json={"tasks": tasks, "project": "1.1700000000", "label_config": "<View/>"})
    assert r.status_code == 200
    results = r.json()["results"]
    assert len(results) == len(tasks)
    version = ml_backend.model_version()
    assert all(p["model_version"] == version for p in results)
    for task, pred in zip(tasks[:3], results):
        text = task["data"]["text"]
        claims = _regex_claims(text)
        conv = ls_convert.results_to_spans(pred["result"], text)
        assert conv.rejected == [] and conv.repaired == []
        assert sorted((s.start, s.end) for s in conv.spans if s.label == "CLAIM") == sorted((c.start, c.end) for c in claims)
        assert pred.get("score") == ls_convert.prediction_score(claims)
    assert results[1]["result"] == [] and results[3]["result"] == []


def test_webhook_records_annotation_events_and_answers_training(client: TestClient) -> None:
    ml_backend.EVENTS.clear()
    r = client.post("/ml/webhook", json={"action": "ANNOTATION_CREATED", "project": {"id": 3},
                                         "task": {"id": 7}, "annotation": {"id": 11, "result": []}})
    assert r.status_code == 200 and r.json()["status"] == "ok"
    assert ml_backend.EVENTS[-1]["action"] == "ANNOTATION_CREATED"
    assert (ml_backend.EVENTS[-1]["task"], ml_backend.EVENTS[-1]["annotation"]) == (7, 11)
    t = client.post("/ml/webhook", json={"action": "START_TRAINING", "project": {"id": 3}})
    assert t.status_code == 200 and "nianbao train" in t.json()["message"]
    assert client.post("/ml/train", json={"project": "3.1"}).status_code == 200


def test_model_version_changes_with_the_configuration(tmp_path, monkeypatch) -> None:
    import service.config as config

    for p in config.CONFIG_DIR.glob("*"):
        if p.is_file():
            (tmp_path / p.name).write_bytes(p.read_bytes())
    monkeypatch.setattr(config, "CONFIG_DIR", tmp_path)
    before = ml_backend.model_version()
    (tmp_path / "labelstudio.xml").write_text(ls_convert.label_config() + "\n<!-- edited -->\n", encoding="utf-8")
    assert ml_backend.model_version() != before


def test_the_apps_model_names_the_version(monkeypatch) -> None:
    monkeypatch.setattr(extractor, "extract_claims", _regex_claims)

    class Model:
        version = "spacy-test-1"

    app = FastAPI()
    app.state.model = Model()
    app.include_router(ml_backend.router)
    c = TestClient(app)
    assert c.get("/health").json()["model_version"] == ml_backend.model_version() + "+spacy-test-1"
    pred = c.post("/predict", json={"tasks": [{"data": {"text": TEXTS[0]}}]}).json()["results"][0]
    assert pred["model_version"].endswith("+spacy-test-1") and pred["result"]
