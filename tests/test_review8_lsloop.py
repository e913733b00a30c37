"""Review 8 (lsloop): the annotate / evaluate loop as a user runs it — clear errors instead of
tracebacks, a bad source that does not stop a push, and `evaluate --gold` on one's own annotations."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from typer.testing import CliRunner

from annotations import cli as ann_cli
from annotations import ls_client
from annotations.standoff import Span, StandoffDoc, load_source_text, save, text_sha256

SRC = "project:tests/fixtures/review8_lsloop/report.txt"
runner = CliRunner()


def _no_traceback(res) -> None:
    assert isinstance(res.exception, SystemExit) and res.exit_code == 2, res.output
    assert "Traceback" not in res.output


def test_server_down_is_one_line_not_a_traceback() -> None:
    from annotations.ls_server import free_port

    url = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    for args in (["push", SRC], ["pull", "-o", "unused"], ["select"]):
        res = runner.invoke(ann_cli.annotate_app, [*args, "--url", url, "--token", "abcdefgh"])
        _no_traceback(res)
        assert f"cannot reach Label Studio at {url}" in res.output


def test_refused_token_and_missing_project_are_named(monkeypatch) -> None:
    from label_studio_sdk.core.api_error import ApiError

    def refused(*a, **k):
        raise ApiError(status_code=401, body={"detail": "Invalid token."})

    monkeypatch.setattr(ls_client, "select", refused)
    res = runner.invoke(ann_cli.annotate_app, ["select", "--url", "http://x", "--token", "badbadbad"])
    _no_traceback(res)
    assert "token was refused" in res.output

    def missing(*a, project, **k):
        raise LookupError(f"no Label Studio project {project!r}")

    monkeypatch.setattr(ls_client, "pull", missing)
    res = runner.invoke(ann_cli.annotate_app, ["pull", "-p", "nope", "-o", "x", "--url", "http://x", "--token", "abcdefgh"])
    _no_traceback(res)
    assert "no Label Studio project 'nope'" in res.output


def test_source_outside_shared_and_repo_is_a_clear_error(tmp_path) -> None:
    f = tmp_path / "mine.txt"
    f.write_text("全年共收到申请47件。", encoding="utf-8")
    res = runner.invoke(ann_cli.annotate_app, ["push", str(f), "--url", "http://127.0.0.1:1", "--token", "abcdefgh"])
    _no_traceback(res)
    assert str(f) in res.output and "neither under" in res.output


class _FakeLS:
    """The few SDK calls `push` makes, recorded."""

    def __init__(self) -> None:
        self.imported: list[dict] = []
        proj = SimpleNamespace(id=1, label_config="", model_version="v1")
        self.projects = SimpleNamespace(list=lambda **k: [], create=lambda **k: proj,
                                        import_tasks=lambda id, request: self.imported.extend(request))
        self.tasks = SimpleNamespace(list=lambda **k: [])


def test_a_bad_source_does_not_stop_the_push(tmp_path) -> None:
    empty = "project:tests/fixtures/review8_lsloop/no_such_file.txt"
    client = _FakeLS()
    rep = ls_client.push(client, [empty, SRC, "shared:corpus/narrative/excerpts_a.jsonl#no_such_id"],
                         project="p", predict=lambda text: [], version="v1")
    assert rep.created == [SRC]
    assert [t["data"]["source"] for t in client.imported] == [SRC]
    assert [s for s, _ in rep.failed][0] == empty and "does not exist" in rep.failed[0][1]


def _own_gold(tmp_path: Path) -> Path:
    """One annotated document of the user's own, not in annotations/split.json."""
    text = load_source_text(SRC)
    spans = []
    for metric, value in (("主动公开政府信息", "1523条"), ("收到政府信息公开申请", "47件")):
        m = text.index(metric)
        v = text.index(value, m)
        spans += [Span(m, m + len(metric), "METRIC", metric), Span(v, v + len(value), "VALUE", value),
                  Span(m, v + len(value), "CLAIM", text[m:v + len(value)])]
    gold = tmp_path / "gold"
    save(StandoffDoc(SRC, text_sha256(text), spans), gold / "mine.json")
    return gold


def test_evaluate_on_own_gold_says_which_documents_were_scored(tmp_path) -> None:
    from training.convert import assign_splits
    from training.evaluate import evaluate

    gold = _own_gold(tmp_path)
    landed = assign_splits([SRC])[SRC]["split"]
    res = evaluate(gold, "all", None, None, tmp_path / "rep")
    assert res["meta"]["docs"] == 1 and res["meta"]["gold_claims"] == 2
    assert res["meta"]["split_counts"] == {landed: 1} and res["meta"]["unrecorded"] == 1
    report = (tmp_path / "rep" / "report.md").read_text(encoding="utf-8")
    assert "holds 1 documents" in report and "not in `annotations/split.json`" in report

    other = next(s for s in ("train", "dev", "test") if s != landed)
    with pytest.raises(ValueError, match=rf"no gold document in split '{other}'.*{landed} 1.*--split all"):
        evaluate(gold, other, None, None, tmp_path / "rep2")


def test_evaluate_cli_on_a_split_without_documents_is_a_clear_error(tmp_path) -> None:
    from service.cli import app

    gold = _own_gold(tmp_path)
    res = runner.invoke(app, ["evaluate", "--gold", str(gold), "--split", "blind4", "--no-model",
                              "--out", str(tmp_path / "rep")])
    assert res.exit_code == 1 and isinstance(res.exception, SystemExit)
    assert "no gold document in split 'blind4'" in res.output


def test_validate_reports_a_wrong_folder_and_a_broken_file(tmp_path) -> None:
    from annotations.validate import validate_gold

    problems, counts = validate_gold(tmp_path / "typo")
    assert counts["docs"] == 0 and problems == [f"{tmp_path / 'typo'}: not a directory"]
    problems, _ = validate_gold(tmp_path)  # exists, but holds no stand-off file
    assert len(problems) == 1 and "no stand-off files" in problems[0]

    gold = _own_gold(tmp_path)
    (gold / "broken.json").write_text('{"source": "x"', encoding="utf-8")  # a hand edit gone wrong
    problems, counts = validate_gold(gold)
    assert counts["docs"] == 1  # the good file is still checked
    assert len(problems) == 1 and problems[0].startswith("broken.json") and "not a stand-off file" in problems[0]

    res = runner.invoke(ann_cli.annotate_app, ["agree", str(gold), "--gold", str(gold)])
    assert res.exit_code == 1 and "broken.json" in res.output and "Traceback" not in res.output
