"""Review 9 (lsoffsets): Label Studio offsets and the push/pull round trip.

How Label Studio 1.23.2 (the pinned server) counts, read from its frontend source (RichText
`domManager.ts`, `selection-tools.js`, `RichTextRegion.js`) and checked in headless Chromium:
`start`/`end` of a text region are code points of `data.text` (as ours), `\\r` and `\\n` count one
each; a pre-annotation's `text` is shown as given, never checked; the `text` of a region an annotator
draws is the browser's selection, with every line-break character written as the two characters
`\\n` and white-space runs collapsed. `ls_stored` below models that; older screens counted UTF-16.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotations import ls_client, ls_convert
from annotations.standoff import Span, text_sha256
from service.errors import IngestError

# invented report text: CJK Extension B (𠮷, 𠀀) and an emoji outside the basic plane, CRLF, a combining mark
TEXT = "𠮷野区2023年共受理申请21件，😀办结86个。\r\n本机关全年受理政府信息\n公开申请7件𠀀，e\u0301即办率50%。"


def ls_stored(text: str, start: int, end: int) -> str:
    """`value.text` of a region drawn in Label Studio 1.23.2 over text[start:end]."""
    shown = re.sub(r"[\r\n]", lambda _: "\\n", text[start:end])
    return re.sub(r"[ \t]+", " ", shown)


def drawn(label: str, start: int, end: int, text: str = TEXT) -> dict:
    r = ls_convert.span_to_result(Span(start, end, label, text[start:end]))
    r["value"]["text"] = ls_stored(text, start, end)
    return r


def at(needle: str, text: str = TEXT) -> tuple[int, int]:
    i = text.index(needle)
    return i, i + len(needle)


def test_spans_across_line_breaks_drawn_in_label_studio_are_kept_as_drawn() -> None:
    for needle in ("受理政府信息\n公开申请7件", "86个。\r\n本机关"):
        s, e = at(needle)
        r = drawn("CLAIM", s, e)
        assert r["value"]["text"] != needle  # what the screen stored: "\\n" for each break character
        conv = ls_convert.results_to_spans([r], TEXT)
        assert conv.rejected == [] and conv.repaired == []
        assert conv.spans == [Span(s, e, "CLAIM", needle)]


def test_a_span_over_a_run_of_spaces_is_kept() -> None:
    text = "全年共受理申请  21件，办结86个。"
    s, e = at("受理申请  21件", text)
    conv = ls_convert.results_to_spans([drawn("CLAIM", s, e, text)], text)
    assert conv.rejected == [] and conv.spans == [Span(s, e, "CLAIM", "受理申请  21件")]


def test_pushed_pre_annotations_come_back_unchanged_around_astral_characters() -> None:
    needles = [("VALUE", "21件"), ("METRIC", "办结"), ("VALUE", "86个"), ("VALUE", "7件𠀀"), ("METRIC", "即办率")]
    spans = [Span(*at(n), lab, n) for lab, n in needles]
    conv = ls_convert.results_to_spans(ls_convert.spans_to_results(spans), TEXT)
    assert conv.rejected == [] and conv.repaired == []
    assert sorted(conv.spans, key=lambda s: s.start) == sorted(spans, key=lambda s: s.start)


def test_utf16_offsets_of_an_older_screen_across_a_line_break_are_converted() -> None:
    s, e = at("公开申请7件𠀀，e\u0301即办率")
    r = drawn("CLAIM", s, e)
    r["value"]["start"] = ls_convert.codepoint_to_utf16(TEXT, s)
    r["value"]["end"] = ls_convert.codepoint_to_utf16(TEXT, e)
    assert (r["value"]["start"], r["value"]["end"]) == (s + 2, e + 3)  # 𠮷 and 😀 before, 𠀀 inside
    conv = ls_convert.results_to_spans([r], TEXT)
    assert [(x.start, x.end) for x in conv.spans] == [(s, e)] and "UTF-16" in conv.repaired[0]


def test_a_line_break_span_off_by_three_is_relocated_not_accepted_where_it_points() -> None:
    s, e = at("政府信息\n公开申请")
    r = drawn("CLAIM", s, e)
    r["value"]["start"] += 3
    r["value"]["end"] += 3
    conv = ls_convert.results_to_spans([r], TEXT)
    assert [(x.start, x.end) for x in conv.spans] == [(s, e)] and "re-located" in conv.repaired[0]


_ALPHABET = st.sampled_from(list("共计21件。，") + ["𠮷", "😀", "𠀀", "\r", "\n", " ", "\u0301", "\u200b"])


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_ALPHABET, min_size=1, max_size=40), st.data())
def test_any_drawn_span_is_kept_exactly_and_a_shifted_one_never_lands_elsewhere(text: str, data) -> None:
    s = data.draw(st.integers(0, len(text) - 1))
    e = data.draw(st.integers(s + 1, len(text)))
    if not re.sub(r"\s", "", text[s:e]):
        return  # Label Studio stores nothing to check for a span of white space only
    conv = ls_convert.results_to_spans([drawn("CLAIM", s, e, text)], text)
    assert [(x.start, x.end) for x in conv.spans] == [(s, e)] and conv.repaired == []
    # the same span with offsets off by `k`: placed back on an occurrence of its text, or rejected;
    # never kept at the wrong offsets
    k = data.draw(st.integers(-3, 3).filter(bool))
    r = drawn("CLAIM", s, e, text)
    r["value"]["start"], r["value"]["end"] = s + k, e + k
    conv = ls_convert.results_to_spans([r], text)
    for x in conv.spans:
        assert ls_convert._as_shown(text[x.start:x.end]) == ls_convert._as_shown(ls_stored(text, s, e))
        assert (x.start, x.end) != (s + k, e + k) or ls_convert._as_shown(text[s + k:e + k]) == ls_convert._as_shown(text[s:e])


# --- pull: a task whose source changed or cannot be read ------------------------------------------

OLD = "全年共受理申请21件，办结86个。"


def _task(tid: int, source: str, text: str) -> dict:
    s, e = at("86个", text)
    return {"id": tid, "data": {"text": text, "source": source, "sha256": text_sha256(text)},
            "annotations": [{"id": tid, "result": [drawn("VALUE", s, e, text)], "completed_by": 1}]}


def _pull(monkeypatch, tmp_path: Path, tasks: list[dict], sources: dict) -> dict:
    monkeypatch.setattr(ls_client, "find_project", lambda c, p: SimpleNamespace(id=1))
    monkeypatch.setattr(ls_client, "export_tasks", lambda c, pid: tasks)

    def text_of(source: str) -> str:
        got = sources[source]
        if isinstance(got, Exception):
            raise got
        return got

    client = SimpleNamespace(users=SimpleNamespace(list=lambda: []))
    return {r.source: r for r in ls_client.pull(client, out_dir=tmp_path, text_of=text_of)}


def test_an_annotation_of_a_changed_source_is_refused_with_where_it_changed(monkeypatch, tmp_path: Path) -> None:
    new = "𠮷野区" + OLD  # the source gained characters before every span since the push
    reps = _pull(monkeypatch, tmp_path, [_task(1, "project:a.txt", OLD), _task(2, "project:b.txt", OLD)],
                 {"project:a.txt": new, "project:b.txt": OLD})
    a = reps["project:a.txt"]
    assert a.path is None and "changed since it was pushed" in a.skipped
    assert "character 0" in a.skipped and "𠮷野区" in a.skipped and "push again" in a.skipped
    b = reps["project:b.txt"]
    (written,) = tmp_path.glob("*.json")
    assert b.path == written
    spans = json.loads(written.read_text(encoding="utf-8"))["spans"]
    assert [(x["start"], x["end"], x["text"]) for x in spans] == [(*at("86个", OLD), "86个")]


def test_an_unreadable_source_is_named_and_does_not_stop_the_pull(monkeypatch, tmp_path: Path) -> None:
    reps = _pull(monkeypatch, tmp_path, [_task(1, "project:bad.txt", OLD), _task(2, "project:b.txt", OLD)],
                 {"project:bad.txt": IngestError("project:bad.txt", "undecodable bytes"), "project:b.txt": OLD})
    assert reps["project:bad.txt"].path is None
    assert "cannot be read now" in reps["project:bad.txt"].skipped and "undecodable" in reps["project:bad.txt"].skipped
    assert reps["project:b.txt"].path is not None


# --- through a real server (skips without .venv-ls, as tests/test_labelstudio_server.py) ----------

@pytest.mark.labelstudio
def test_push_draw_across_breaks_after_astral_characters_pull_through_a_real_server(tmp_path: Path, monkeypatch) -> None:
    import os
    import uuid

    from annotations import ls_server
    from annotations.standoff import load
    from service.normalise import normalise

    if ls_server.ls_executable() is None:
        if os.environ.get("CI"):
            pytest.fail(f"{ls_server.LS_VENV}/bin/label-studio is missing")
        pytest.skip("Label Studio server not installed (.ci/install-labelstudio.sh)")
    path = tmp_path / "shared" / "corpus" / "test" / "lsoffsets.jsonl"
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"id": "t1", "text": TEXT}, ensure_ascii=False) + "\n", encoding="utf-8")
    monkeypatch.setenv("NIANBAO_SHARED", str(tmp_path / "shared"))
    source = "shared:corpus/test/lsoffsets.jsonl#t1"
    with ls_server.start() as srv:
        client = ls_client.connect(srv.url, srv.token)
        project = f"lsoffsets {uuid.uuid4().hex[:6]}"
        rep = ls_client.push(client, [source], project=project, predict=lambda text: [], version="v")
        (task,) = client.tasks.list(project=rep.project_id, fields="all")
        text = normalise(TEXT).text  # ，-> , ; CRLF, astral characters and the combining mark stay
        assert task.data["text"] == text and "\r\n" in text and "e\u0301" in text
        gold = [Span(*at(n, text), lab, n) for lab, n in [("METRIC", "办结"), ("VALUE", "86个"), ("CLAIM", "86个。\r\n本机关"),
                                                         ("CLAIM", "受理政府信息\n公开申请7件"), ("VALUE", "7件𠀀"), ("METRIC", "即办率")]]
        result = [drawn(s.label, s.start, s.end, text) for s in gold]
        client.annotations.create(id=task.id, result=result, completed_by=client.users.whoami().id)
        (pulled,) = ls_client.pull(client, project=project, out_dir=tmp_path / "gold")
    assert pulled.rejected == [] and pulled.repaired == [] and pulled.path is not None
    assert load(pulled.path).spans == sorted(gold, key=lambda s: (s.start, s.end, s.label))
