"""Push, pull and select against a Label Studio server (label-studio-sdk).

- `push`: create or update the project (config `configs/labelstudio.xml`), import one task per
  source (a document or a JSONL record) with `data.text` (normalised), `data.source` (stand-off
  source string) and `data.sha256`, and a prediction from the current extractor.
- `pull`: export the annotated tasks into stand-off files (`annotations.standoff`), checking every
  span against the text (`annotations.ls_convert.results_to_spans`).
- `select`: the unannotated tasks the current model is least sure about, first.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Sequence

from annotations import ls_convert
from annotations.standoff import (GOLD_DIR, REPO, StandoffDoc, iter_gold, load_source_text, save,
                                  shared_root, text_sha256)

DEFAULT_PROJECT = "nianbao claims"


# --- connection and project ----------------------------------------------------------------------

def connect(url: str, token: str):
    from label_studio_sdk import LabelStudio

    return LabelStudio(base_url=url.rstrip("/"), api_key=token, timeout=120)


def find_project(client, project: str | int):
    """The project with this id or title, or None."""
    if isinstance(project, int) or str(project).isdigit():
        from label_studio_sdk.core.api_error import ApiError

        try:
            return client.projects.get(id=int(project))
        except ApiError as e:
            if e.status_code == 404:
                return None
            raise
    for p in client.projects.list(title=str(project)):
        if p.title == str(project):
            return p
    for p in client.projects.list():  # older servers ignore the title filter
        if p.title == str(project):
            return p
    return None


def ensure_project(client, project: str | int, model_version: str | None = None):
    """Create the project (by title) or bring its labelling config up to date. Tasks are served to
    annotators by prediction score, lowest first (Label Studio's uncertainty sampling)."""
    label_config = ls_convert.label_config()
    settings = {"label_config": label_config, "sampling": "Uncertainty sampling"}
    if model_version:
        settings["model_version"] = model_version
    p = find_project(client, project)
    if p is None:
        if str(project).isdigit():
            raise LookupError(f"no project with id {project}")
        return client.projects.create(title=str(project), description="nianbao: quantitative claims", **settings)
    if p.label_config != label_config or (model_version and p.model_version != model_version):
        client.projects.update(id=p.id, **settings)
        p = client.projects.get(id=p.id)
    return p


def _all_tasks(client, project_id: int) -> list:
    return list(client.tasks.list(project=project_id, fields="all", page_size=100))


# --- sources --------------------------------------------------------------------------------------

def source_for_path(path: Path) -> str:
    """The stand-off source string for a file under ../shared or in the repo."""
    path = path.resolve()
    for scheme, base in (("shared", shared_root().resolve()), ("project", REPO)):
        try:
            return f"{scheme}:{path.relative_to(base).as_posix()}"
        except ValueError:
            continue
    raise ValueError(f"{path} is neither under {shared_root()} nor in the repo: stand-off sources must be one of them")


def expand_sources(items: Iterable[str]) -> list[str]:
    """Stand-off sources for command-line items: source strings or paths; a JSONL file without
    `#fragment` stands for each of its records (`#<id>`, or `#L<n>` for records without id)."""
    from annotations.standoff import _resolve, json_line

    out: list[str] = []
    for item in items:
        source = item if re.match(r"^(shared|project):", item) else source_for_path(Path(item))
        if source.endswith(".jsonl") and "#" not in source:
            path, _ = _resolve(source)
            with path.open(encoding="utf-8") as f:
                for n, line in enumerate(f, 1):
                    if line.strip():
                        rid = json_line(path, n, line).get("id")
                        out.append(f"{source}#{rid}" if rid else f"{source}#L{n}")
        else:
            out.append(source)
    return list(dict.fromkeys(out))


# --- push -----------------------------------------------------------------------------------------

@dataclass
class PushReport:
    project_id: int
    model_version: str
    created: list[str] = field(default_factory=list)          # sources imported as new tasks
    predicted: list[str] = field(default_factory=list)        # existing tasks given a prediction of this version
    unchanged: list[str] = field(default_factory=list)        # already there with this version's prediction
    text_changed: list[str] = field(default_factory=list)     # task text differs from the source now: left alone
    failed: list[tuple[str, str]] = field(default_factory=list)  # (source, why): unreadable, not pushed


def push(
    client,
    sources: Sequence[str],
    project: str | int = DEFAULT_PROJECT,
    text_of: Callable[[str], str] = load_source_text,
    predict: Callable[[str], list] | None = None,
    version: str | None = None,
    model: object | None = None,
) -> PushReport:
    """Create/update the project and import tasks with predictions (`model_version`, `score`): the
    extractor's with `model` (the claim model `serve`'s `/predict` uses too; None: rules only)
    unless `predict`/`version` are given."""
    from service.errors import IngestError
    from service.ml_backend import model_version, predict_claims

    predict = predict or (lambda text: predict_claims(text, model))
    version = version or model_version(model)
    proj = ensure_project(client, project, version)
    existing = {t.data.get("source"): t for t in _all_tasks(client, proj.id) if isinstance(t.data, dict)}
    report = PushReport(proj.id, version)
    new_tasks = []
    for source in sources:
        try:
            text = text_of(source)
        except (IngestError, OSError, LookupError, ValueError) as e:  # one bad file never stops the others
            report.failed.append((source, str(e.args[0]) if isinstance(e, KeyError) and e.args else str(e)))
            continue
        sha = text_sha256(text)
        task = existing.get(source)
        if task is None:
            pred = ls_convert.claims_to_prediction(predict(text), text, version)
            new_tasks.append({"data": {"text": text, "source": source, "sha256": sha}, "predictions": [pred]})
            report.created.append(source)
        elif task.data.get("sha256") != sha or task.data.get("text") != text:
            report.text_changed.append(source)
        elif any(p.model_version == version for p in (task.predictions or [])):
            report.unchanged.append(source)
        else:
            pred = ls_convert.claims_to_prediction(predict(text), text, version)
            client.predictions.create(task=task.id, result=pred["result"], score=pred.get("score"),
                                      model_version=version)
            report.predicted.append(source)
    for i in range(0, len(new_tasks), 100):
        client.projects.import_tasks(id=proj.id, request=new_tasks[i:i + 100])
    return report


# --- pull -----------------------------------------------------------------------------------------

@dataclass
class TaskPull:
    task_id: int
    source: str | None
    path: Path | None = None           # the stand-off file written (None: not written)
    spans: int = 0
    repaired: list[str] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)
    skipped: str | None = None         # why the task was not written


def slug_for(source: str) -> str:
    """File name (without .json) for a source: `shared:corpus/narrative/excerpts_a.jsonl#exc001`
    -> `narrative_excerpts_a_exc001`."""
    rest = source.split(":", 1)[-1]
    path, _, frag = rest.partition("#")
    path = re.sub(r"^corpus/", "", path)
    path = re.sub(r"\.[A-Za-z0-9]+$", "", path)
    slug = "_".join(x for x in (path, frag) if x)
    return re.sub(r"[^0-9A-Za-z\u4e00-\u9fff]+", "_", slug).strip("_")


def _annotator(ann: dict, users: dict[int, str]) -> str | None:
    who = ann.get("completed_by")
    if isinstance(who, dict):
        return who.get("email") or (str(who["id"]) if "id" in who else None)
    if isinstance(who, int):
        return users.get(who, f"label-studio-user-{who}")
    return None


def export_tasks(client, project_id: int, all_tasks: bool = False) -> list[dict]:
    """The project's JSON export (annotated tasks only unless `all_tasks`)."""
    raw = b"".join(client.projects.exports.download_sync(id=project_id, export_type="JSON",
                                                          download_all_tasks=all_tasks))
    return json.loads(raw)


def pull(
    client,
    project: str | int = DEFAULT_PROJECT,
    out_dir: Path = GOLD_DIR,
    status: str | None = "gold",
    keep_partial: bool = False,
    text_of: Callable[[str], str] = load_source_text,
) -> list[TaskPull]:
    """Write each annotated task's latest (not cancelled) annotation as a stand-off file.

    A task whose annotation has a span that cannot be placed on the text is not written unless
    `keep_partial`. An existing file in `out_dir` for the same source is overwritten in place."""
    from service.errors import IngestError

    proj = find_project(client, project)
    if proj is None:
        raise LookupError(f"no Label Studio project {project!r}")
    out_dir = Path(out_dir)
    by_source = {doc.source: path for path, doc in iter_gold(out_dir)} if out_dir.is_dir() else {}
    try:
        users = {u.id: u.email for u in client.users.list()}
    except Exception:  # listing users needs rights an annotator's token may not have
        users = {}
    reports = []
    for task in export_tasks(client, proj.id):
        data = task.get("data") or {}
        rep = TaskPull(task["id"], data.get("source"))
        reports.append(rep)
        anns = [a for a in task.get("annotations") or [] if not a.get("was_cancelled")]
        text = data.get("text")
        if not anns:
            rep.skipped = "no annotation (only skipped/cancelled ones)"
            continue
        if not rep.source or not isinstance(text, str):
            rep.skipped = "task has no data.source or data.text"
            continue
        sha = text_sha256(text)
        if data.get("sha256") not in (None, sha):
            rep.skipped = "data.text does not match data.sha256 (task text edited in Label Studio?)"
            continue
        try:
            current = text_of(rep.source)
        except (FileNotFoundError, KeyError):
            current = None  # source not available here: trust the task text, whose sha256 is checked above
        except (IngestError, OSError, ValueError) as e:  # one unreadable source never stops the pull
            rep.skipped = f"the source cannot be read now, so the task text cannot be checked against it: {e}"
            continue
        if current is not None and current != text:
            # the offsets belong to the task's (old) text: never shifted onto the new one
            at = next((i for i, (a, b) in enumerate(zip(text, current)) if a != b), min(len(text), len(current)))
            rep.skipped = (f"the source's text has changed since it was pushed (first difference at character {at}: "
                           f"task {text[at:at + 12]!r}, source now {current[at:at + 12]!r}); the annotation's offsets "
                           "belong to the old text, so it is not written: restore the source, or delete the task "
                           "in Label Studio, push again and re-annotate")
            continue
        ann = max(anns, key=lambda a: (a.get("updated_at") or "", a.get("id") or 0))
        conv = ls_convert.results_to_spans(ann.get("result") or [], text)
        rep.spans, rep.repaired = len(conv.spans), conv.repaired
        rep.rejected = [f"{r.result.get('value', {}).get('labels')} {r.result.get('value', {}).get('text')!r}: {r.reason}"
                        for r in conv.rejected]
        if rep.rejected and not keep_partial:
            rep.skipped = f"{len(rep.rejected)} span(s) could not be placed on the text"
            continue
        doc = StandoffDoc(source=rep.source, sha256=sha, spans=conv.spans,
                          annotator=_annotator(ann, users), status=status)
        rep.path = by_source.get(rep.source) or out_dir / f"{slug_for(rep.source)}.json"
        save(doc, rep.path)
    return reports


# --- select ---------------------------------------------------------------------------------------

@dataclass
class Selected:
    task_id: int
    source: str | None
    score: float | None   # prediction score (mean claim confidence); None: the model found no claim
    url: str


def select(
    client,
    base_url: str,
    project: str | int = DEFAULT_PROJECT,
    n: int = 10,
    strategy: str = "uncertainty",
    seed: int = 0,
    predict: Callable[[str], list] | None = None,
    version: str | None = None,
    model: object | None = None,
) -> list[Selected]:
    """The next `n` unannotated tasks to annotate.

    `uncertainty`: lowest prediction score first, using the stored prediction of the current model
    version or, when the task has none, the current extractor (with `model`) run on the task text; tasks with no
    predicted claim (no confidence to rank by) come last. `random`: a seeded shuffle."""
    from service.ml_backend import model_version, predict_claims

    proj = find_project(client, project)
    if proj is None:
        raise LookupError(f"no Label Studio project {project!r}")
    version = version or model_version(model)
    predict = predict or (lambda text: predict_claims(text, model))
    todo = [t for t in _all_tasks(client, proj.id)
            if not (getattr(t, "total_annotations", 0) or 0) and not getattr(t, "is_labeled", False)]
    scored = []
    for t in todo:
        stored = [p for p in (t.predictions or []) if p.model_version == version]
        if stored:
            score = stored[-1].score
        else:
            text = (t.data or {}).get("text") or ""
            score = ls_convert.prediction_score(predict(text))
        url = f"{base_url.rstrip('/')}/projects/{proj.id}/data?task={t.id}"
        scored.append(Selected(t.id, (t.data or {}).get("source"), score, url))
    if strategy == "uncertainty":
        scored.sort(key=lambda s: (s.score is None, s.score if s.score is not None else 0.0, s.task_id))
    elif strategy == "random":
        random.Random(seed).shuffle(scored)
    else:
        raise ValueError(f"unknown strategy {strategy!r} (uncertainty, random)")
    return scored[:n]
