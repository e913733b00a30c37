"""`nianbao batch`: many documents in parallel workers, results written as they arrive (so a killed run
loses nothing already written), `--resume` by document id, one bad file never stops the run."""

from __future__ import annotations

import glob
import hashlib
import json
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional

from tqdm import tqdm

from service.config import load_config
from service.record import Record
from service.time_limit import DEFAULT_TIMEOUT_S, DocumentTimeout, time_limit, timeout_message

_MODEL: object | None = None
_MODEL_ERROR: Optional[str] = None  # a model the worker could not load: every document says so


def _die_with_parent() -> None:
    """Linux: have the kernel kill this worker when the batch process dies (a `kill -9` of the batch
    would otherwise leave workers blocked forever on the task queue, whose write end they inherited)."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes
    import signal

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # pragma: no cover - no libc prctl
        return
    import multiprocessing

    parent = multiprocessing.parent_process()
    if parent is not None and os.getppid() != parent.pid:  # the parent died before prctl took effect
        os._exit(1)


_TIMEOUT_S = DEFAULT_TIMEOUT_S

# a model the parent loaded before starting the pool: forked workers inherit it (copy-on-write)
# instead of each loading it again (a spaCy model takes ~2 s to load, as long as ~20 reports)
_PRELOADED: Optional[tuple] = None  # (model_path, no_model, model)


def preload_model(model_path: Optional[str], no_model: bool, model: object | None) -> None:
    """Hand the parent's loaded model to the workers `run_batch` forks (see `_init_worker`)."""
    global _PRELOADED
    _PRELOADED = (model_path, no_model, model)


def _init_worker(model_path: Optional[str], no_model: bool, timeout_s: int = DEFAULT_TIMEOUT_S) -> None:
    global _MODEL, _MODEL_ERROR, _TIMEOUT_S
    from service.models import resolve_model

    _die_with_parent()
    _TIMEOUT_S = timeout_s
    if _PRELOADED is not None and _PRELOADED[:2] == (model_path, no_model):
        _MODEL = _PRELOADED[2]  # inherited through fork; under spawn the global is unset and we load
    else:
        try:
            _MODEL = resolve_model(model_path, no_model)
        except Exception as e:  # noqa: BLE001 - reported per document instead of a pool that dies
            _MODEL_ERROR = f"the claim model could not be loaded in a worker process ({type(e).__name__}: {str(e)[:300]})"


# an invented report with every part, so that one extraction loads every config and compiles every pattern
_WARM_UP = ("青禾县示例局2023年政府信息公开工作年度报告\n一、总体情况\n全年发布政务信息12条,受理申请3件。\n"
            "二、主动公开政府信息情况\n规章 | 1 | 0 | 2 |\n三、收到和处理政府信息公开申请情况\n"
            "四、政府信息公开行政复议、行政诉讼情况\n五、存在的主要问题及改进情况\n六、其他需要报告的事项\n无。\n")


def _warm_up() -> None:
    """Import the pipeline and compile its patterns here, once, before the workers fork: they inherit
    it all (copy-on-write) instead of each spending half a second on the same start-up."""
    try:
        from service.ingest import load_document
        from service.pipeline import record_from_raw

        record_from_raw(load_document(_WARM_UP.encode("utf-8"), "<warm-up>"))
    except Exception:  # noqa: BLE001 - only a head start: the workers do the real work either way
        pass


def _stats(rec: Record) -> tuple:
    """What the summary counts of a record, computed where the record is made (no re-parsing)."""
    return _stats_of_json(rec.model_dump(include={"error", "tables", "checks", "claims", "warnings"}))


def _stats_of_json(rec: dict) -> tuple:
    """`_stats` of a record as a dict: one already in the output, read from its JSON (no pydantic validation:
    `--resume` reads every line of a possibly large output), or one just made (`_stats`)."""
    from service.tables.absent import tables_not_found

    if rec.get("error"):
        return (rec["error"], 0, 0, 0, (0, 0))
    tables = sum(1 for x in (rec.get("tables") or {}).values() if x is not None)
    failed = sum(1 for c in rec.get("checks") or () if c.get("status") == "fail")
    return (None, tables, failed, len(rec.get("claims") or ()), tables_not_found(rec.get("warnings") or ()))


def _work(path: str) -> tuple[str, tuple]:
    """One document in a worker, cut off after the timeout (service/time_limit.py)."""
    from service.pipeline import error_record, extract

    if _MODEL_ERROR is not None:
        return _result(error_record(path, _MODEL_ERROR, file_id(Path(path))))
    try:
        with time_limit(_TIMEOUT_S):
            rec = extract(path, model=_MODEL)
    except DocumentTimeout:
        rec = error_record(path, timeout_message(_TIMEOUT_S), file_id(Path(path)))
    return _result(rec)


def _result(rec: Record) -> tuple[str, tuple]:
    return rec.model_dump_json(), _stats(rec)


def file_id(path: Path) -> Optional[str]:
    h = hashlib.sha256()
    try:
        if not path.is_file():  # a directory, a pipe (reading it would block) or a symlink loop has no id
            return None
        with path.open("rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                h.update(chunk)
    except OSError:
        return None
    return h.hexdigest()


def collect_inputs(spec: str) -> list[Path]:
    """A folder (recursively, by the extensions in configs/service.yaml) or a glob pattern."""
    p = Path(spec)
    exts = set(load_config("service.yaml")["batch_extensions"])
    if p.is_dir():
        # not only regular files: a broken link or a symlink loop named like a report is reported, not skipped
        files = [f for f in p.rglob("*") if not f.is_dir() and (f.suffix.lower() in exts)]
    elif p.is_file():
        files = [p]
    else:  # as for a folder: a broken link or symlink loop the pattern names is reported, not dropped
        files = [Path(f) for f in glob.glob(spec, recursive=True) if not Path(f).is_dir()]
    return sorted(files)


def unsupported_in_folders(specs: Iterable[str]) -> list[Path]:
    """Files in the input folders that a batch does not read (extension not in configs/service.yaml), for the
    summary: old .doc/.xls reports or archives in the folder are named, not silently left out."""
    exts = set(load_config("service.yaml")["batch_extensions"])
    found: set[Path] = set()
    for spec in specs:
        if Path(spec).is_dir():
            found.update(f for f in Path(spec).rglob("*") if f.suffix.lower() not in exts and not f.is_dir())
    return sorted(found)


@dataclass
class Summary:
    documents: int = 0
    skipped: int = 0
    errors: list[str] = field(default_factory=list)
    tables_found: int = 0
    checks_failed: int = 0
    claims: int = 0
    # documents with a table not found as text, and those where a picture holds a table's place
    # (the warning `<table>: table not found …`, service/tables/absent.py)
    docs_missing_tables: int = 0
    docs_table_pictures: int = 0
    ignored: list[Path] = field(default_factory=list)  # files in the input folders with an unsupported extension
    not_found: list[str] = field(default_factory=list)  # inputs that named no document (missing file, no match)
    # with --resume: the totals of the skipped documents, read from their records already in the output
    already: Optional["Summary"] = None

    def _totals(self) -> list[str]:
        return [
            f"tables found: {self.tables_found}",
            f"documents with a table not found: {self.docs_missing_tables} ({self.docs_table_pictures} where a picture "
            "holds its place; filter the records on the warning `<table>: table not found`)",
            f"claims: {self.claims}",
            f"checks failed: {self.checks_failed}",
            f"errors: {len(self.errors)}",
        ]

    def text(self) -> str:
        head = f"documents: {self.documents} processed, {self.skipped} skipped (already in output)"
        skipped = self.already if self.skipped and self.already is not None else None
        retry = " (--resume --retry-failed reads them again)" if skipped and skipped.errors else ""
        if skipped and not self.documents:  # every input was done before: its totals, not a block of zeros
            lines = [head + ": nothing was run", "totals of the skipped documents, from their records in the output:"]
            lines += [f"  {t}" for t in skipped._totals()]
            lines[-1] += retry
        else:
            lines = [head, *self._totals()]
            lines += [f"  {e}" for e in self.errors]
            if skipped:
                lines.append(f"skipped documents (records already in the output): tables found {skipped.tables_found}, "
                             f"claims {skipped.claims}, checks failed {skipped.checks_failed}, errors {len(skipped.errors)}{retry}")
        if self.not_found:
            lines.append(f"inputs with no document (no such file, no match, or no report in the folder): {len(self.not_found)}")
            lines += [f"  {s}" for s in self.not_found]
        if self.ignored:
            exts = ", ".join(load_config("service.yaml")["batch_extensions"])
            lines.append(f"not read (extension not one of {exts}): {len(self.ignored)}")
            lines += [f"  {f}" for f in self.ignored]
        return "\n".join(lines)


def _account(summary: Summary, stats: tuple) -> None:
    error, tables, failed, claims, (missing, pictures) = stats
    summary.documents += 1
    if error:
        summary.errors.append(error)
        return
    summary.tables_found += tables
    summary.docs_missing_tables += bool(missing)
    summary.docs_table_pictures += bool(pictures)
    summary.checks_failed += failed
    summary.claims += claims


def _done_keys(jsonl: Path) -> dict[str, tuple]:
    """The documents already in the output (by id, else source), each with its `_stats`."""
    keys: dict[str, tuple] = {}
    if not jsonl.exists():
        return keys
    with jsonl.open(encoding="utf-8") as f:
        for line in f:
            try:
                rec = json.loads(line)
            except json.JSONDecodeError:
                continue  # a line cut short by a kill: the document is done again
            keys[rec["document"].get("id") or rec["document"]["source"]] = _stats_of_json(rec)
    return keys


def _truncate_partial_line(jsonl: Path) -> None:
    """After a kill, the last line may be cut short: drop it so the file stays valid JSON Lines."""
    if not jsonl.exists():
        return
    data = jsonl.read_bytes()
    if data and not data.endswith(b"\n"):
        jsonl.write_bytes(data[: data.rfind(b"\n") + 1])


def _drop_error_records(jsonl: Path) -> int:
    """Remove the records of documents that failed (for `--resume --retry-failed`); how many went."""
    if not jsonl.exists():
        return 0
    kept, dropped = [], 0
    with jsonl.open(encoding="utf-8") as f:
        for line in f:
            try:
                failed = json.loads(line).get("error") is not None
            except json.JSONDecodeError:
                failed = False  # (a cut-off last line was truncated before)
            if failed:
                dropped += 1
            else:
                kept.append(line)
    if dropped:
        tmp = jsonl.with_name(jsonl.name + ".tmp")
        tmp.write_text("".join(kept), encoding="utf-8")
        tmp.replace(jsonl)  # atomic: a kill now loses nothing already written
    return dropped


def run_batch(
    inputs: Iterable[Path],
    out: Path,
    workers: int = 0,
    resume: bool = False,
    retry_failed: bool = False,
    model_path: Optional[str] = None,
    no_model: bool = False,
    progress: bool = True,
    timeout_s: int = DEFAULT_TIMEOUT_S,
) -> Summary:
    parquet = out.suffix == ".parquet"
    jsonl = out.with_suffix(out.suffix + ".partial.jsonl") if parquet else out
    jsonl.parent.mkdir(parents=True, exist_ok=True)
    if resume:
        _truncate_partial_line(jsonl)
        if retry_failed:  # documents that failed (a timeout, a file fixed since) are read again
            _drop_error_records(jsonl)
    elif jsonl.exists():
        jsonl.unlink()
    done = _done_keys(jsonl) if resume else {}
    todo: list[Path] = []
    summary = Summary(already=Summary() if resume else None)
    for p in inputs:
        key = (str(p) if str(p) in done else file_id(p) or str(p)) if done else None  # hash files only when resuming
        if key in done:
            summary.skipped += 1
            _account(summary.already, done[key])
            continue
        todo.append(p)
    workers = workers or os.cpu_count() or 1
    if todo:
        _warm_up()
    bar = tqdm(total=len(todo), disable=not progress, unit="doc", file=sys.stderr)
    # keyed by path, in submission order (a dict: removing a finished file is O(1) on large batches)
    remaining: dict[str, Path] = {str(p): p for p in todo}
    with jsonl.open("a", encoding="utf-8") as f:

        last_flush = [time.monotonic()]

        def write(p: Path, line: str, stats: Optional[tuple] = None) -> None:
            if stats is None:
                stats = _stats(Record.model_validate_json(line))
            f.write(line + "\n")
            # flushed in small groups: a killed run loses at most the unflushed lines, which --resume redoes
            now = time.monotonic()
            if stats[0] or now - last_flush[0] > 0.5:
                f.flush()
                last_flush[0] = now
            _account(summary, stats)
            if stats[0]:
                bar.write(f"error: {stats[0]}", file=sys.stderr)  # as it happens, above the progress bar
            remaining.pop(str(p), None)
            bar.update(1)

        while remaining:
            if not _run_pool(list(remaining.values()), workers, (model_path, no_model, timeout_s), write):
                continue
            # a worker died (e.g. killed by the OS on a pathological file). The pool hands out files in
            # submission order, a few per worker at a time, so the culprit is among the first unfinished
            # files: run each of those alone and blame only a file that kills its worker again. (Were it
            # further on, the next round breaks again and gets closer: no file is ever blamed wrongly.)
            for p in list(remaining.values())[: 2 * workers + 1]:
                if _run_pool([p], 1, (model_path, no_model, timeout_s), write):
                    from service.pipeline import error_record

                    write(p, error_record(str(p), "worker process died while reading this file", file_id(p)).model_dump_json())
    bar.close()
    finalise(jsonl, out if parquet else None)
    return summary


def _run_pool(paths: list[Path], workers: int, initargs: tuple, write) -> bool:
    """Extract `paths` in a pool, calling `write(path, json_line, stats)` as results arrive. Returns True when
    a worker process died (the files not written are still to do)."""
    broken = False
    with ProcessPoolExecutor(max_workers=workers, initializer=_init_worker, initargs=initargs) as ex:
        futs = {ex.submit(_work, str(p)): p for p in paths}
        for fut in as_completed(futs):
            p = futs[fut]
            try:
                line, stats = fut.result()
            except BrokenProcessPool:
                broken = True  # keep collecting: files that finished before the crash are not lost
                continue
            except Exception as e:  # noqa: BLE001 - one bad file never stops the run
                from service.pipeline import error_record

                rec = error_record(str(p), f"worker failed ({type(e).__name__}: {e})", file_id(p))
                line, stats = rec.model_dump_json(), _stats(rec)
            write(p, line, stats)
    return broken


def _light(rec: dict) -> Record:
    """The parts of a record the cross-year checks read (a batch is never held in memory whole)."""
    apps = rec["tables"].get("applications")
    rows = {k: v for k, v in apps["rows"].items() if k in ("carried_over", "carried_forward")} if apps else None
    return Record.model_validate({
        "document": {"id": rec["document"].get("id"), "source": rec["document"]["source"]},
        "metadata": rec.get("metadata") or {},
        "tables": {"applications": {"rows": rows}} if rows is not None else {},
        "error": rec.get("error"),
    })


def finalise(jsonl: Path, parquet: Optional[Path]) -> None:
    """Add the cross-document checks, then write parquet (documents + claims) if asked. Streams the
    records twice (index the cross-year facts, then rewrite) instead of loading them all."""
    from service.cross_document import cross_year_checks

    light: list[Record] = []
    with jsonl.open(encoding="utf-8") as f:
        for line in f:
            if line.strip():
                light.append(_light(json.loads(line)))
    extra = cross_year_checks(light)
    del light
    if not extra and parquet is None:
        return
    sink = None
    if parquet is not None:
        from service.parquet_out import ParquetSink

        sink = ParquetSink(parquet)
    tmp = jsonl.with_suffix(".tmp") if extra else None
    out = tmp.open("w", encoding="utf-8") if tmp else None
    try:
        with jsonl.open(encoding="utf-8") as f:
            i = 0
            for line in f:
                if not line.strip():
                    continue
                if sink is None and i not in extra:  # unchanged: copy the line as it is
                    out.write(line if line.endswith("\n") else line + "\n")
                    i += 1
                    continue
                rec = Record.model_validate_json(line)
                if i in extra:
                    rec.checks = [c for c in rec.checks if not c.id.startswith("cross_year.")] + extra[i]
                    line = rec.model_dump_json() + "\n"
                if out:
                    out.write(line if line.endswith("\n") else line + "\n")
                if sink:
                    sink.add(rec)
                i += 1
    finally:
        if out:
            out.close()
        if sink:
            sink.close()
    if tmp:
        os.replace(tmp, jsonl)
