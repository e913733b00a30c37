"""The Label Studio loop against a real server (from .venv-ls, see .ci/install-labelstudio.sh):
push -> an annotator's annotation through the API -> pull, exact to the character (Chinese text,
a character outside the basic plane before the spans); select; and the ML backend connected to a
project. One server for the module, on 127.0.0.1 with a temporary data dir."""

from __future__ import annotations

import json
import os
import secrets
import threading
import time
import uuid
from pathlib import Path

import pytest

from annotations import ls_client, ls_convert, ls_server
from annotations.standoff import Span, load, text_sha256
from service import ml_backend
from service.normalise import normalise
from service.record import Claim

pytestmark = pytest.mark.labelstudio

# Invented report sentences. 𠀀 (U+20000) is one code point but two UTF-16 code units.
RECORDS = [
    {"id": "r1", "text": "𠀀2023年，本机关共受理政府信息公开申请21件，办结86个，即办率提高至50%以上。"},
    {"id": "r2", "text": "全年主动公开政府信息1,234条，其中政策文件56件。"},
    {"text": "本年度未发生因政府信息公开引起的行政复议。"},
]
TEXTS = [normalise(r["text"]).text for r in RECORDS]  # what tasks and offsets use (，-> , etc.)


@pytest.fixture(scope="module")
def ls() -> ls_server.LabelStudioServer:
    if ls_server.ls_executable() is None:
        msg = f"{ls_server.LS_VENV}/bin/label-studio is missing: run .ci/install-labelstudio.sh"
        if os.environ.get("CI"):
            pytest.fail(msg)
        pytest.skip(msg)
    srv = ls_server.start()
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def client(ls):
    return ls_client.connect(ls.url, ls.token)


@pytest.fixture
def corpus(tmp_path: Path, monkeypatch) -> str:
    """A JSONL file of RECORDS in a temporary `shared` tree; returns its source string."""
    name = f"ls_{uuid.uuid4().hex[:8]}"
    path = tmp_path / "shared" / "corpus" / "test" / f"{name}.jsonl"
    path.parent.mkdir(parents=True)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in RECORDS), encoding="utf-8")
    monkeypatch.setenv("NIANBAO_SHARED", str(tmp_path / "shared"))
    return f"shared:corpus/test/{name}.jsonl"


def _tasks_by_source(client, project_id: int) -> dict:
    return {t.data["source"]: t for t in client.tasks.list(project=project_id, fields="all")}


def _ui_result(from_name: str, label: str, start: int, end: int, text: str) -> dict:
    """A region as the annotation screen saves it."""
    return {"id": secrets.token_urlsafe(6), "from_name": from_name, "to_name": "text", "type": "labels",
            "origin": "manual", "value": {"start": start, "end": end, "text": text, "labels": [label]}}


def test_push_annotate_pull_round_trip_is_exact(ls, client, corpus: str, tmp_path: Path) -> None:
    sources = ls_client.expand_sources([corpus])
    assert sources == [f"{corpus}#r1", f"{corpus}#r2", f"{corpus}#L3"]
    project = f"roundtrip {uuid.uuid4().hex[:6]}"
    rep = ls_client.push(client, sources, project=project)
    assert rep.created == sources
    version = ml_backend.model_version()
    assert rep.model_version == version

    # each task carries the normalised text, its source and one prediction of the current extractor
    tasks = _tasks_by_source(client, rep.project_id)
    proj = client.projects.get(id=rep.project_id)
    assert proj.label_config == ls_convert.label_config()
    for i, source in enumerate(sources):
        text = TEXTS[i]
        task = tasks[source]
        assert task.data["text"] == text and task.data["sha256"] == text_sha256(text)
        (pred,) = task.predictions
        expected = ls_convert.claims_to_prediction(ml_backend.predict_claims(text), text, version)
        assert pred.model_version == version
        assert pred.result == expected["result"]
        assert pred.score == pytest.approx(expected.get("score")) if "score" in expected else pred.score is None

    # pushing again changes nothing
    again = ls_client.push(client, sources, project=project)
    assert (again.created, again.predicted, again.unchanged) == ([], [], sources)

    # the annotator: spans after 𠀀, one of them with the UTF-16 offsets the screen is known to produce
    text = TEXTS[0]
    gold = []
    for label, needle in [("CLAIM", "受理政府信息公开申请21件"), ("METRIC", "受理政府信息公开申请"), ("VALUE", "21件"),
                          ("CLAIM", "办结86个"), ("METRIC", "办结"), ("VALUE", "86个"),
                          ("CLAIM", "即办率提高至50%以上"), ("METRIC", "即办率"), ("VALUE", "50%以上")]:
        i = text.index(needle)
        gold.append(Span(i, i + len(needle), label, needle))
    controls = ls_convert.label_controls()
    result = [_ui_result(controls[s.label][0], s.label, s.start, s.end, s.text) for s in gold]
    shifted = result[5]["value"]  # VALUE 86个
    shifted["start"] = ls_convert.codepoint_to_utf16(text, shifted["start"])
    shifted["end"] = ls_convert.codepoint_to_utf16(text, shifted["end"])
    assert text[shifted["start"]:shifted["end"]] != "86个"
    me = client.users.whoami()
    client.annotations.create(id=tasks[sources[0]].id, result=result, completed_by=me.id, lead_time=12.5)
    client.annotations.create(id=tasks[sources[1]].id, result=[], completed_by=me.id, was_cancelled=True)

    out = tmp_path / "gold"
    reports = {r.source: r for r in ls_client.pull(client, project=project, out_dir=out)}
    assert reports[sources[0]].path is not None and reports[sources[0]].rejected == []
    assert len(reports[sources[0]].repaired) == 1 and "UTF-16" in reports[sources[0]].repaired[0]
    assert reports[sources[1]].path is None and reports[sources[1]].skipped.startswith("no annotation")
    assert sources[2] not in reports  # not annotated: not exported
    files = sorted(out.glob("*.json"))
    assert files == [reports[sources[0]].path]

    doc = load(files[0])
    assert doc.source == sources[0]
    assert doc.sha256 == text_sha256(text)
    assert doc.annotator == ls.username and doc.status == "gold"
    assert doc.spans == sorted(gold, key=lambda s: (s.start, s.end, s.label))
    assert all(text[s.start:s.end] == s.text for s in doc.spans)

    from annotations.validate import validate_doc

    assert validate_doc(doc) == []

    # pulling again overwrites the same file, identically
    before = files[0].read_bytes()
    ls_client.pull(client, project=project, out_dir=out)
    assert sorted(out.glob("*.json")) == files and files[0].read_bytes() == before


def _fixed_claims(confidence_by_text: dict[str, float]):
    """An extractor whose confidence per text is given: one claim on the first number."""
    def predict(text: str) -> list[Claim]:
        conf = confidence_by_text[text]
        if conf is None:
            return []
        i = next(k for k, ch in enumerate(text) if ch.isdigit())
        return [Claim(metric=text[max(0, i - 2):i], value=1, text=text[max(0, i - 2):i + 1], start=max(0, i - 2),
                      end=i + 1, metric_span=(max(0, i - 2), i), value_span=(i, i + 1), confidence=conf)]
    return predict


def test_select_puts_the_least_sure_unannotated_tasks_first(ls, client, corpus: str) -> None:
    sources = ls_client.expand_sources([corpus])
    predict = _fixed_claims({TEXTS[0]: 0.9, TEXTS[1]: 0.4, TEXTS[2]: None})
    project = f"select {uuid.uuid4().hex[:6]}"
    rep = ls_client.push(client, sources, project=project, predict=predict, version="select-test")
    picked = ls_client.select(client, ls.url, project=project, n=5, version="select-test")
    assert [(p.source, p.score) for p in picked] == [(sources[1], 0.4), (sources[0], 0.9), (sources[2], None)]
    assert picked[0].url == f"{ls.url}/projects/{rep.project_id}/data?task={picked[0].task_id}"

    # an annotated task is no longer proposed; -n limits
    client.annotations.create(id=picked[0].task_id, result=[], completed_by=client.users.whoami().id)
    picked = ls_client.select(client, ls.url, project=project, n=1, version="select-test")
    assert [p.source for p in picked] == [sources[0]]
    rnd = ls_client.select(client, ls.url, project=project, n=5, strategy="random", seed=1, version="select-test")
    assert sorted(p.source for p in rnd) == sorted([sources[0], sources[2]])


@pytest.fixture
def backend_url():
    """Our HTTP service (with the ML-backend router) served by uvicorn on a free 127.0.0.1 port, in a thread."""
    import uvicorn

    from service.api import create_app

    app = create_app()
    port = ls_server.free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


def test_ml_backend_predicts_for_a_connected_project(ls, client, backend_url: str) -> None:
    proj = ls_client.ensure_project(client, f"ml backend {uuid.uuid4().hex[:6]}")
    text = TEXTS[0]
    client.projects.import_tasks(id=proj.id, request=[{"data": {"text": text, "source": "project:none#1"}}])
    (task,) = list(client.tasks.list(project=proj.id, fields="all"))
    assert not task.predictions

    backend = client.ml.create(project=proj.id, url=backend_url, title="nianbao")
    version = ml_backend.model_version()
    assert client.ml.get(id=backend.id).model_version == version  # set from our /setup

    ml_backend.EVENTS.clear()
    client.actions.create(id="retrieve_tasks_predictions", project=proj.id,
                          selected_items={"all": False, "included": [task.id]})
    (pred,) = client.predictions.list(task=task.id)
    expected = ml_backend.predict_tasks([{"data": {"text": text}}])[0]
    assert pred.model_version == version
    assert pred.result == expected["result"] and pred.result
    assert pred.score == pytest.approx(expected["score"])
    assert ls_convert.results_to_spans(pred.result, text).rejected == []

    # the annotator saves: Label Studio tells the backend through /webhook
    client.annotations.create(id=task.id, result=pred.result, completed_by=client.users.whoami().id)
    deadline = time.monotonic() + 15
    while not any(e["action"] == "ANNOTATION_CREATED" and e["task"] == task.id for e in ml_backend.EVENTS):
        assert time.monotonic() < deadline, f"no ANNOTATION_CREATED webhook, got {list(ml_backend.EVENTS)}"
        time.sleep(0.2)
