"""`annotate push` / `select` make their predictions with the claim model, as `serve`'s ML backend does:
pushed predictions, the uncertainty order and live `/predict` are the same thing (the model's confirmations are
what make the confidence a review order)."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from annotations import cli as ann_cli
from annotations import ls_client
from annotations.standoff import load_source_text
from service.ml_backend import model_version, predict_tasks
from tests.test_review8_lsloop import SRC, _FakeLS


@pytest.fixture(scope="module")
def shipped_model():
    from service.models import resolve_model

    m = resolve_model(None, False)
    if m is None:
        pytest.skip("no shipped model")
    return m


def test_pushed_prediction_is_the_ml_backends_prediction_with_the_model(shipped_model) -> None:
    client = _FakeLS()
    rep = ls_client.push(client, [SRC], project="p", model=shipped_model)
    assert rep.model_version == model_version(shipped_model) != model_version(None)
    pushed = client.imported[0]["predictions"][0]
    live = predict_tasks([{"data": {"text": load_source_text(SRC)}}], shipped_model)[0]
    assert pushed["result"] and pushed["result"] == live["result"] and pushed["score"] == live["score"]
    rules = ls_client.push(_FakeLS(), [SRC], project="p", model=None)
    assert rules.model_version == model_version(None)


def test_cli_push_refuses_a_bad_model_in_one_line(tmp_path) -> None:
    res = CliRunner().invoke(ann_cli.annotate_app, ["push", SRC, "--token", "t", "--model", str(tmp_path / "nope")])
    assert res.exit_code == 2 and "nope" in res.output and "Traceback" not in res.output
