"""Twelfth review round, rough edges a newcomer meets on the command line and the HTTP service:

- an `annotate` sub-command given a file that is not JSON (or not UTF-8, or JSON of the wrong shape) says so in
  one line naming the file and the reason, not the json module's bare message, and exits non-zero;
- the usage line of a command taking files shows a readable name (`FILE`, `INPUT`), not the Python
  parameter name in braces (`{files}...`) nor a doubled ellipsis (`{INPUT...}...`);
- `batch --resume` on an output where every input is done says that nothing was run and gives the skipped
  documents' totals read from their records, instead of a block of zeros;
- `/docs` (Swagger UI) and `/redoc` load their scripts from the service itself, so they work offline.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from annotations import cli as ann_cli
from service.api import create_app
from service.cli import app

REPO = Path(__file__).resolve().parents[1]
REPORTS = REPO / "tests" / "fixtures" / "reports"
runner = CliRunner()


def _line_naming(output: str, path: Path) -> str:
    lines = [ln for ln in output.splitlines() if str(path) in ln or path.name in ln]
    assert len(lines) == 1, output
    return lines[0]


# --- annotate: files that are not JSON ------------------------------------------------------------

def test_agree_with_a_file_that_is_not_json_names_the_file_and_the_place(tmp_path: Path) -> None:
    bad = tmp_path / "second.json"
    bad.write_text("claims of annotator B\n", encoding="utf-8")
    res = runner.invoke(ann_cli.annotate_app, ["agree", str(bad)])
    assert res.exit_code != 0 and "Traceback" not in res.output
    line = _line_naming(res.output, bad)
    assert "not JSON: line 1 column 1" in line and "(char 0)" not in line


def test_agree_with_a_file_cut_short_gives_its_line_and_column(tmp_path: Path) -> None:
    bad = tmp_path / "second.json"
    bad.write_text('{"annotator": "b",\n "docs": [\n', encoding="utf-8")  # a hand edit saved half-way
    res = runner.invoke(ann_cli.annotate_app, ["agree", str(bad)])
    assert res.exit_code != 0
    assert "not JSON: line 3 column 1" in _line_naming(res.output, bad)


def test_agree_with_a_file_that_is_not_utf8(tmp_path: Path) -> None:
    bad = tmp_path / "second.json"
    bad.write_bytes('{"annotator": "审核员"}'.encode("gbk"))
    res = runner.invoke(ann_cli.annotate_app, ["agree", str(bad)])
    assert res.exit_code != 0 and "not UTF-8" in _line_naming(res.output, bad)


def test_agree_with_json_of_the_wrong_shape_says_what_it_wanted(tmp_path: Path) -> None:
    standoff = tmp_path / "one.json"  # a single stand-off file instead of its folder
    standoff.write_text('{"source": "project:x.txt", "sha256": "0", "spans": []}', encoding="utf-8")
    res = runner.invoke(ann_cli.annotate_app, ["agree", str(standoff)])
    assert res.exit_code != 0 and "give the folder" in _line_naming(res.output, standoff)
    listing = tmp_path / "list.json"
    listing.write_text("[1, 2]", encoding="utf-8")
    res = runner.invoke(ann_cli.annotate_app, ["agree", str(listing)])
    assert res.exit_code != 0 and "authoring file" in _line_naming(res.output, listing)
    assert "Traceback" not in res.output and "'docs'" not in res.output


def test_agree_with_a_missing_file(tmp_path: Path) -> None:
    res = runner.invoke(ann_cli.annotate_app, ["agree", str(tmp_path / "nope.json")])
    assert res.exit_code != 0 and "cannot read" in res.output and "No such file" in res.output
    assert "[Errno" not in res.output


def test_validate_and_agree_on_a_gold_folder_with_a_broken_file(tmp_path: Path) -> None:
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "broken.json").write_text('{"source": "x",\n "sha256": }', encoding="utf-8")
    res = runner.invoke(ann_cli.annotate_app, ["validate", str(gold)])
    assert res.exit_code == 1
    line = _line_naming(res.output, gold / "broken.json")
    assert line.count("broken.json") == 1  # the name once, not its name and then its path
    assert "not a stand-off file" in line and "not JSON: line 2 column" in line
    assert re.search(r"^0 documents$", res.output, re.M)  # no dangling "; " when no label was counted
    res = runner.invoke(ann_cli.annotate_app, ["agree", str(gold), "--gold", str(gold)])
    assert res.exit_code != 0 and "not JSON: line 2 column" in _line_naming(res.output, gold / "broken.json")


def test_push_of_a_jsonl_with_a_broken_line_names_the_file_and_the_line(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("NIANBAO_SHARED", str(tmp_path))  # sources must lie under ../shared or the repo
    src = tmp_path / "texts.jsonl"
    src.write_text('{"id": "a", "text": "本年度共受理申请5件。"}\n{"id": "b", "text": 本年度}\n', encoding="utf-8")
    # port 9 (discard): nothing is sent, the sources are read before the server is asked anything
    res = runner.invoke(ann_cli.annotate_app, ["push", str(src), "--token", "t", "--url", "http://127.0.0.1:9", "--no-model"])
    assert res.exit_code == 2 and "Traceback" not in res.output
    line = _line_naming(res.output, src)
    assert "line 2: not JSON: column" in line and "(char " not in line


# --- usage lines ------------------------------------------------------------------------------------

@pytest.mark.parametrize("argv, name", [
    (["extract"], "FILE"),
    (["batch"], "INPUT"),
    (["annotate", "push"], "SOURCE"),
    (["annotate", "validate"], "GOLD_DIR"),
    (["annotate", "agree"], "OTHER"),
])
def test_usage_line_shows_a_readable_argument_name(argv: list[str], name: str) -> None:
    res = runner.invoke(app, [*argv, "--help"], env={"COLUMNS": "200"})
    assert res.exit_code == 0
    usage = next(ln for ln in res.output.splitlines() if "Usage:" in ln)
    after = usage.split("[OPTIONS]", 1)[1]
    assert name in after, usage
    assert not re.search(r"[a-z_]{3,}", after), usage  # no lower-case Python parameter name
    assert "...}" not in after and "......" not in after, usage  # no doubled ellipsis


def test_missing_argument_error_uses_the_same_name() -> None:
    res = runner.invoke(app, ["extract"])
    assert res.exit_code == 2 and "Missing argument 'FILE'" in res.output


# --- batch --resume with nothing left to do ------------------------------------------------------

def _batch(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "service.cli", "batch", *args, "--workers", "1", "--no-model", "--no-progress"],
                          capture_output=True, text=True, timeout=300, cwd=REPO)


def _totals(text: str) -> dict[str, int]:
    return {k: int(v) for k, v in re.findall(r"(tables found|claims|checks failed|errors):? (\d+)", text)}


def test_resume_when_everything_is_done_reports_the_skipped_documents(tmp_path: Path) -> None:
    d = tmp_path / "in"
    d.mkdir()
    for name in ("2021_base_pipe_simplified.txt", "2019_base_space_traditional.txt"):
        shutil.copy(REPORTS / name, d / name)
    (d / "empty.txt").write_bytes(b"")  # an error record
    out = tmp_path / "out.jsonl"
    first = _batch(str(d), "-o", str(out))
    assert first.returncode == 0, first.stderr[-2000:]
    ran = _totals(first.stderr)
    assert ran["tables found"] > 0 and ran["claims"] > 0 and ran["errors"] == 1

    again = _batch(str(d), "-o", str(out), "--resume")
    assert again.returncode == 0, again.stderr[-2000:]
    assert "0 processed, 3 skipped" in again.stderr and "nothing was run" in again.stderr
    assert _totals(again.stderr) == ran  # the skipped documents' totals, not zeros
    assert "--retry-failed" in again.stderr  # the failed one can be read again

    (d / "more.txt").write_bytes((REPORTS / "2021_base_pipe_simplified.txt").read_bytes() + "\n附件：无。\n".encode())
    third = _batch(str(d), "-o", str(out), "--resume")
    assert "1 processed, 3 skipped" in third.stderr and "nothing was run" not in third.stderr
    skipped_line = next(ln for ln in third.stderr.splitlines() if ln.startswith("skipped documents"))
    assert _totals(skipped_line) == ran


# --- /docs and /redoc offline ------------------------------------------------------------------------

@pytest.mark.parametrize("page", ["/docs", "/redoc"])
def test_docs_pages_load_their_scripts_from_the_service(page: str) -> None:
    client = TestClient(create_app(model=None))
    r = client.get(page)
    assert r.status_code == 200
    assert not re.search(r"https?://", r.text), "the page fetches something from the internet"
    assets = re.findall(r'(?:src|href)\s*=\s*["\'](/[^"\']+)', r.text)
    assert any(a.endswith(".js") for a in assets), r.text
    for a in assets:
        got = client.get(a)
        assert got.status_code == 200 and len(got.content) > 1000, a
    spec = re.findall(r"""(?:url:\s*'|spec-url=["'])(/[^'"]+)""", r.text)
    assert spec and client.get(spec[0]).json()["info"]["title"] == "nianbao"
