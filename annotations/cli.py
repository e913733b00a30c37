"""`nianbao annotate ...`: the Label Studio loop (push, pull, select) and the gold validator."""

from __future__ import annotations

import json
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import List

import typer

from annotations.standoff import GOLD_DIR

annotate_app = typer.Typer(help="Annotation loop with Label Studio: push, pull, select, validate; agreement of two annotations.",
                           no_args_is_help=True)

URL = typer.Option("http://localhost:8080", "--url", envvar="LABEL_STUDIO_URL", help="Label Studio server URL.")
TOKEN = typer.Option(..., "--token", envvar=["LABEL_STUDIO_API_KEY", "LABEL_STUDIO_TOKEN"],
                     help="API token (legacy token, Account & Settings in Label Studio).")
PROJECT = typer.Option("nianbao claims", "--project", "-p", help="Project title or id.")
MODEL = typer.Option(None, "--model", help="claim model directory (default: the shipped model in models/, as `serve` uses)")
NO_MODEL = typer.Option(False, "--no-model", help="rules only: predictions without the claim model")


def _claim_model(model: str | None, no_model: bool) -> object | None:
    """The model predictions are made with (the shipped one by default, so that pushed predictions, `select`'s
    order and the ML backend's `/predict` agree); a bad --model is one line, exit 2."""
    from service.models import ModelUnavailable, resolve_model

    try:
        return resolve_model(model, no_model)
    except ModelUnavailable as e:
        typer.echo(f"error: {e}", err=True)
        raise typer.Exit(2)


@contextmanager
def _clear_errors(url: str):
    """Server down, a refused token, a missing project or source: one line naming it, exit 2
    (the SDK's exceptions would otherwise reach the user as tracebacks)."""
    import httpx
    from label_studio_sdk.core.api_error import ApiError

    try:
        yield
    except httpx.HTTPError as e:
        typer.echo(f"error: cannot reach Label Studio at {url}: {e}", err=True)
    except ApiError as e:
        why = {401: "the token was refused (check --token / LABEL_STUDIO_API_KEY)",
               403: "the token's user may not do this"}.get(e.status_code, f"HTTP {e.status_code}: {e.body}")
        typer.echo(f"error: Label Studio at {url}: {why}", err=True)
    except (LookupError, ValueError, OSError) as e:  # no such project / source, a file outside ../shared and the repo
        typer.echo(f"error: {e.args[0] if isinstance(e, KeyError) and e.args else e}", err=True)
    else:
        return
    raise typer.Exit(2)


class Strategy(str, Enum):
    uncertainty = "uncertainty"
    random = "random"


@annotate_app.command()
def push(
    sources: List[str] = typer.Argument(..., metavar="SOURCE", help="Stand-off sources (shared:corpus/...jsonl#id, project:...) "
                                                  "or paths under ../shared or the repo; a .jsonl stands for all its records."),
    url: str = URL,
    token: str = TOKEN,
    project: str = PROJECT,
    model: str | None = MODEL,
    no_model: bool = NO_MODEL,
) -> None:
    """Create/update the project and import one task per source, with the current extractor's prediction."""
    from annotations.ls_client import connect, expand_sources, push as do_push

    m = _claim_model(model, no_model)
    with _clear_errors(url):
        rep = do_push(connect(url, token), expand_sources(sources), project=project, model=m)
    typer.echo(f"project {rep.project_id} ({url.rstrip('/')}/projects/{rep.project_id}), model_version {rep.model_version}")
    typer.echo(f"  {len(rep.created)} new tasks, {len(rep.predicted)} given a new prediction, "
               f"{len(rep.unchanged)} unchanged")
    for s in rep.text_changed:
        typer.echo(f"  text changed since the task was made, left alone: {s}", err=True)
    for s, why in rep.failed:
        typer.echo(f"  not pushed: {why}" if s in why else f"  not pushed: {s}: {why}", err=True)
    if rep.text_changed or rep.failed:
        raise typer.Exit(1)


@annotate_app.command()
def pull(
    url: str = URL,
    token: str = TOKEN,
    project: str = PROJECT,
    out: Path = typer.Option(GOLD_DIR, "--out", "-o", help="Directory of stand-off files."),
    status: str = typer.Option("gold", help="`status` written into each file."),
    keep_partial: bool = typer.Option(False, help="Write a task even when some of its spans were rejected."),
) -> None:
    """Export finished annotations into stand-off files, checking that each span's text is the source text at its offsets."""
    from annotations.ls_client import connect, pull as do_pull

    with _clear_errors(url):
        reports = do_pull(connect(url, token), project=project, out_dir=out, status=status, keep_partial=keep_partial)
    bad = 0
    for r in reports:
        if r.path:
            typer.echo(f"task {r.task_id}: {r.spans} spans -> {r.path}")
        else:
            typer.echo(f"task {r.task_id} ({r.source}): not written: {r.skipped}", err=True)
        for note in r.repaired:
            typer.echo(f"    repaired {note}")
        for note in r.rejected:
            typer.echo(f"    REJECTED {note}", err=True)
        bad += bool(r.rejected) or (r.path is None and r.skipped is not None and not r.skipped.startswith("no annotation"))
    typer.echo(f"{sum(1 for r in reports if r.path)} files written, {bad} tasks with problems")
    if bad:
        raise typer.Exit(1)


@annotate_app.command()
def select(
    url: str = URL,
    token: str = TOKEN,
    project: str = PROJECT,
    strategy: Strategy = typer.Option(Strategy.uncertainty, help="uncertainty: least sure first; random: seeded shuffle."),
    n: int = typer.Option(10, "-n", help="How many tasks."),
    seed: int = typer.Option(0, help="Seed for --strategy random."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
    model: str | None = MODEL,
    no_model: bool = NO_MODEL,
) -> None:
    """The next unannotated tasks to annotate (active learning)."""
    from annotations.ls_client import connect, select as do_select

    m = _claim_model(model, no_model) if strategy == Strategy.uncertainty else None
    with _clear_errors(url):
        picked = do_select(connect(url, token), url, project=project, n=n, strategy=strategy.value, seed=seed, model=m)
    if not picked:
        typer.echo(f"project {project!r}: no unannotated task", err=True)
    if as_json:
        typer.echo(json.dumps([p.__dict__ for p in picked], ensure_ascii=False, indent=1))
        return
    for p in picked:
        score = "no claim" if p.score is None else f"{p.score:.3f}"
        typer.echo(f"{p.task_id}\t{score}\t{p.source}\t{p.url}")


@annotate_app.command()
def validate(gold_dir: Path = typer.Argument(GOLD_DIR, metavar="GOLD_DIR", help="Directory of stand-off files.")) -> None:
    """Check the stand-off files (offsets, labels, overlaps, claim structure)."""
    from annotations.validate import validate_gold

    problems, counts = validate_gold(gold_dir)
    for p in problems:
        typer.echo(p, err=True)
    typer.echo(f"{counts['docs']} documents" + "".join(f"; {k}={v}" if i == 0 else f", {k}={v}"
                                                      for i, (k, v) in enumerate(sorted(counts["per_label"].items()))))
    typer.echo(f"{len(problems)} problems")
    if problems:
        raise typer.Exit(1)


@annotate_app.command()
def agree(
    other: Path = typer.Argument(..., metavar="OTHER", help="The second annotation: an authoring file or a directory of stand-off files."),
    gold_dir: Path = typer.Option(GOLD_DIR, "--gold", help="Directory of stand-off files (the reference)."),
    out: Path = typer.Option(None, "--out", "-o", help="Write a markdown report with every disagreement."),
) -> None:
    """Agreement of a second annotation with the gold on the documents both hold (claim F1 as
    `nianbao evaluate` scores an extractor): the human ceiling for the extractors' figures."""
    from annotations.agreement import agreement, load_annotation, report_markdown
    from annotations.standoff import iter_gold

    try:
        docs_b = load_annotation(other)
    except OSError as e:  # no such file, a folder not readable
        typer.echo(f"error: cannot read {e.filename} ({e.strerror})" if e.filename and e.strerror else f"error: {e}", err=True)
        raise typer.Exit(1)
    except (ValueError, KeyError) as e:  # the message names the file and the reason (a KeyError's is in its args)
        typer.echo(f"error: {e.args[0] if isinstance(e, KeyError) and e.args else e}", err=True)
        raise typer.Exit(1)
    try:
        docs_a = [d for _, d in iter_gold(gold_dir)]
    except ValueError as e:  # a broken stand-off file in the gold folder
        typer.echo(f"error: {e}", err=True)
        raise typer.Exit(1)
    res = agreement(docs_a, docs_b)
    if not res.docs:
        typer.echo(f"{other}: no document in common with {gold_dir}", err=True)
        raise typer.Exit(1)
    s = res.summary()
    typer.echo(f"{s['docs']} documents; claims {s['claims_a']} gold, {s['claims_b']} other, {s['claims_agree']} agree")
    typer.echo(f"claim F1 {s['claim_f1']:.3f}  METRIC exact F1 {s['metric_span_f1']:.3f}  VALUE exact F1 {s['value_span_f1']:.3f}")
    if out is not None:
        try:  # its folder made if missing; a path that cannot be written is a clear error, not a traceback
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(report_markdown(res, "gold", other.stem), encoding="utf-8")
        except OSError as e:
            typer.echo(f"error: cannot write {out} ({e.strerror or e})", err=True)
            raise typer.Exit(2)
        typer.echo(f"report: {out}")


def main() -> None:  # `python -m annotations.cli` while the lead mounts it as `nianbao annotate`
    annotate_app()


if __name__ == "__main__":
    main()
