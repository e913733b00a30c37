"""Stand-off annotation files: the one format shared by the gold data, Label Studio pull,
the validator and the training conversion.

A file `annotations/gold/<slug>.json` holds::

    {
      "source": "shared:corpus/narrative/excerpts_a.jsonl#exc001",
      "sha256": "<sha256 of the normalised source text, UTF-8>",
      "spans": [{"start": 12, "end": 17, "label": "METRIC", "text": "..."}, ...],
      "annotator": "...",            # optional
      "status": "gold"               # optional
    }

`source` forms:
- `shared:<path under ../shared>` — a whole document, read through the pipeline's ingest;
- `shared:<path>.jsonl#<id>` — the `text` field of the record whose `id` is <id>;
- `shared:<path>.jsonl#L<n>` — the `text` field of line n (1-based) of a JSONL file without ids;
- `project:<path in the repo>` — a file of the project (fixtures), read through ingest.

Offsets index the normalised text (service.normalise), which is length-preserving.
No third-party text is stored here except each span's own text, kept for checking.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable

REPO = Path(__file__).resolve().parents[1]
GOLD_DIR = REPO / "annotations" / "gold"
LABELS = ("METRIC", "VALUE", "CLAIM")


def shared_root() -> Path:
    env = os.environ.get("NIANBAO_SHARED")
    return Path(env) if env else REPO.parent / "shared"


@dataclass
class Span:
    start: int
    end: int
    label: str
    text: str


@dataclass
class StandoffDoc:
    source: str
    sha256: str
    spans: list[Span] = field(default_factory=list)
    annotator: str | None = None
    status: str | None = None

    def to_json(self) -> dict:
        d = asdict(self)
        d["spans"] = [asdict(s) for s in sorted(self.spans, key=lambda s: (s.start, s.end, s.label))]
        return {k: v for k, v in d.items() if v is not None}


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _resolve(source: str) -> tuple[Path, str | None]:
    scheme, _, rest = source.partition(":")
    path_part, _, frag = rest.partition("#")
    if scheme == "shared":
        base = shared_root()
    elif scheme == "project":
        base = REPO
    else:
        raise ValueError(f"unknown source scheme in {source!r} (want shared: or project:)")
    return base / path_part, (frag or None)


def _not_json(e: ValueError, lines: bool = True) -> str:
    """`not JSON: line L column C (reason)` (or not UTF-8) instead of the json module's bare message."""
    if isinstance(e, json.JSONDecodeError):
        return f"not JSON: {f'line {e.lineno} ' if lines else ''}column {e.colno} ({e.msg})"
    return f"not UTF-8 text ({e})" if isinstance(e, UnicodeDecodeError) else str(e)


def read_json(path: Path | str, what: str = "") -> object:
    """A JSON file's content; ValueError `<path>: [<what>, ]not JSON: …` when it is not JSON."""
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except ValueError as e:  # JSONDecodeError and UnicodeDecodeError
        raise ValueError(f"{path}: {what + ', ' if what else ''}{_not_json(e)}") from None


def json_line(path: Path, n: int, line: str) -> dict:
    """Line n of a JSON Lines file; ValueError naming the file and line when it is not JSON."""
    try:
        return json.loads(line)
    except ValueError as e:
        raise ValueError(f"{path}: line {n}: {_not_json(e, lines=False)}") from None


@lru_cache(maxsize=512)
def load_source_text(source: str) -> str:
    """The normalised text a stand-off file's offsets refer to."""
    from service.normalise import normalise

    path, frag = _resolve(source)
    if not path.exists():
        raise FileNotFoundError(f"source {source!r}: {path} does not exist")
    if path.suffix == ".jsonl" and frag:
        with path.open(encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                if not line.strip():
                    continue
                rec = json_line(path, n, line)
                if (frag.startswith("L") and frag[1:].isdigit() and n == int(frag[1:])) or rec.get("id") == frag:
                    return normalise(rec["text"]).text
        raise KeyError(f"source {source!r}: no record {frag}")
    from service.ingest import load_document

    raw = load_document(path)
    return normalise(raw.text).text


def load(path: Path | str) -> StandoffDoc:
    """One stand-off file; ValueError naming the file when it is not one (bad JSON, missing keys)."""
    d = read_json(path, "not a stand-off file")
    try:
        return StandoffDoc(
            source=d["source"],
            sha256=d["sha256"],
            spans=[Span(**s) for s in d.get("spans", [])],
            annotator=d.get("annotator"),
            status=d.get("status"),
        )
    except (ValueError, KeyError, TypeError, AttributeError) as e:
        raise ValueError(f"{path}: not a stand-off file ({type(e).__name__}: {e})") from None


def save(doc: StandoffDoc, path: Path | str) -> None:
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(doc.to_json(), f, ensure_ascii=False, indent=1)
        f.write("\n")


def iter_gold(directory: Path | None = None) -> Iterable[tuple[Path, StandoffDoc]]:
    for p in sorted((directory or GOLD_DIR).glob("*.json")):
        yield p, load(p)


def claims_of(doc: StandoffDoc) -> list[tuple[Span, Span, Span]]:
    """(claim, metric, value) triples: each CLAIM with the one METRIC and one VALUE inside it."""
    ents = [s for s in doc.spans if s.label in ("METRIC", "VALUE")]
    out = []
    for c in (s for s in doc.spans if s.label == "CLAIM"):
        inside = [e for e in ents if c.start <= e.start and e.end <= c.end]
        ms = [e for e in inside if e.label == "METRIC"]
        vs = [e for e in inside if e.label == "VALUE"]
        if len(ms) == 1 and len(vs) == 1:
            out.append((c, ms[0], vs[0]))
    return out
