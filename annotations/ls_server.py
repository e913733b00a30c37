"""Start and stop a local Label Studio server from its own venv (`.venv-ls`, made by
`.ci/install-labelstudio.sh`), for tests and for developers.

The server runs with a known user and legacy API token, a data dir of its own (copied from a
pre-initialised template when one exists: ~3 s to /health instead of ~30 s), bound to 127.0.0.1,
and with a minimal environment: Label Studio also reads unprefixed HOST, PORT, USERNAME,
PASSWORD..., so nothing of the caller's environment is passed through except PATH/HOME/locale.

    python -m annotations.ls_server init-template     # once, done by the install script
    python -m annotations.ls_server start [--port P]  # prints URL and token, Ctrl-C stops
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
LS_VENV = Path(os.environ.get("NIANBAO_LS_VENV", REPO / ".venv-ls"))
TEMPLATE_DIR = LS_VENV / "ls-template"
TEMPLATE_META = "nianbao-template.json"

DEFAULT_USERNAME = "nianbao@example.com"
DEFAULT_PASSWORD = "nianbao-dev-password"
DEFAULT_TOKEN = "nianbao-dev-token-0123456789"  # Label Studio wants 6–40 characters


class LabelStudioServerError(RuntimeError):
    pass


def ls_executable() -> Path | None:
    """`.venv-ls/bin/label-studio`, or None when the server is not installed."""
    exe = LS_VENV / "bin" / "label-studio"
    return exe if exe.exists() else None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_env(
    data_dir: Path,
    username: str = DEFAULT_USERNAME,
    password: str = DEFAULT_PASSWORD,
    token: str = DEFAULT_TOKEN,
    allow_local_ml_backend: bool = True,
) -> dict[str, str]:
    """The whole environment of the server process (built from scratch, see module doc)."""
    if not 6 <= len(token) <= 40:
        raise ValueError("Label Studio user tokens must have 6 to 40 characters")
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "TZ")}
    env.update(
        LABEL_STUDIO_BASE_DATA_DIR=str(data_dir),
        LABEL_STUDIO_USERNAME=username,
        LABEL_STUDIO_PASSWORD=password,
        LABEL_STUDIO_USER_TOKEN=token,
        LABEL_STUDIO_ENABLE_LEGACY_API_TOKEN="true",  # else the known token gets 401
        LATEST_VERSION_CHECK="false",
        COLLECT_ANALYTICS="false",
        SENTRY_DSN="",
        FRONTEND_SENTRY_DSN="",
        LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
    )
    if allow_local_ml_backend:
        # Label Studio refuses an ML backend on 127.0.0.1 unless both are off.
        env.update(LABEL_STUDIO_ML_BLOCK_LOCAL_IP="false", LABEL_STUDIO_SSRF_PROTECTION_ENABLED="false")
    return env


def _require_exe() -> Path:
    exe = ls_executable()
    if exe is None:
        raise LabelStudioServerError(f"{LS_VENV}/bin/label-studio not found: run .ci/install-labelstudio.sh")
    return exe


def init_template(
    template_dir: Path = TEMPLATE_DIR,
    username: str = DEFAULT_USERNAME,
    password: str = DEFAULT_PASSWORD,
    token: str = DEFAULT_TOKEN,
) -> Path:
    """Run `label-studio init` once (migrations, user, token, organisation) into `template_dir`."""
    exe = _require_exe()
    tmp = Path(tempfile.mkdtemp(prefix="ls-template-", dir=template_dir.parent))
    env = server_env(tmp, username, password, token)
    proc = subprocess.run(
        [str(exe), "init", "--no-browser", "--enable-legacy-api-token", "--quiet"],
        env=env, cwd=tmp, capture_output=True, text=True, timeout=600,
    )
    if proc.returncode != 0 or not (tmp / "label_studio.sqlite3").exists():
        shutil.rmtree(tmp, ignore_errors=True)
        raise LabelStudioServerError(f"label-studio init failed:\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}")
    (tmp / TEMPLATE_META).write_text(
        json.dumps({"username": username, "password": password, "token": token}), encoding="utf-8"
    )
    if template_dir.exists():
        shutil.rmtree(template_dir)
    tmp.rename(template_dir)
    return template_dir


def _template_matches(template_dir: Path, username: str, password: str, token: str) -> bool:
    meta = template_dir / TEMPLATE_META
    if not (template_dir / "label_studio.sqlite3").exists() or not meta.exists():
        return False
    return json.loads(meta.read_text(encoding="utf-8")) == {"username": username, "password": password, "token": token}


def _get(url: str, token: str | None = None, timeout: float = 2.0) -> tuple[int, bytes]:
    req = urllib.request.Request(url, headers={"Authorization": f"Token {token}"} if token else {})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


@dataclass
class LabelStudioServer:
    url: str
    token: str
    username: str
    password: str
    data_dir: Path
    process: subprocess.Popen
    own_data_dir: bool = False
    log_path: Path | None = None
    _log: object = field(default=None, repr=False)

    def log_tail(self, n: int = 3000) -> str:
        if self.log_path and self.log_path.exists():
            return self.log_path.read_text(encoding="utf-8", errors="replace")[-n:]
        return ""

    def stop(self, timeout: float = 15.0) -> None:
        """SIGTERM the server by PID (SIGKILL after `timeout`), then drop a temporary data dir."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=timeout)
        if self._log is not None:
            self._log.close()
            self._log = None
        if self.own_data_dir:
            shutil.rmtree(self.data_dir, ignore_errors=True)

    def __enter__(self) -> "LabelStudioServer":
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def start(
    port: int | None = None,
    data_dir: Path | str | None = None,
    username: str = DEFAULT_USERNAME,
    password: str = DEFAULT_PASSWORD,
    token: str = DEFAULT_TOKEN,
    timeout: float = 180.0,
    use_template: bool = True,
    allow_local_ml_backend: bool = True,
) -> LabelStudioServer:
    """Start a server on 127.0.0.1 and wait until it answers /health and accepts the token.

    Without `data_dir` a temporary one is made (and removed by `stop()`); it starts as a copy of
    the pre-initialised template when the template's credentials match."""
    exe = _require_exe()
    port = port or free_port()
    own = data_dir is None
    if own:
        ddir = Path(tempfile.mkdtemp(prefix="nianbao-ls-"))
        if use_template and _template_matches(TEMPLATE_DIR, username, password, token):
            shutil.copytree(TEMPLATE_DIR, ddir, dirs_exist_ok=True)
    else:
        ddir = Path(data_dir).resolve()
        ddir.mkdir(parents=True, exist_ok=True)
    log_path = ddir / "nianbao-ls-server.log"
    log = open(log_path, "ab")
    cmd = [str(exe), "start", "--no-browser", "--internal-host", "127.0.0.1", "--port", str(port),
           "--enable-legacy-api-token"]
    proc = subprocess.Popen(
        cmd, env=server_env(ddir, username, password, token, allow_local_ml_backend),
        cwd=ddir, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
    )
    srv = LabelStudioServer(f"http://127.0.0.1:{port}", token, username, password, ddir, proc, own, log_path, log)
    deadline = time.monotonic() + timeout
    try:
        while True:
            if proc.poll() is not None:
                raise LabelStudioServerError(f"label-studio exited with {proc.returncode}:\n{srv.log_tail()}")
            if time.monotonic() > deadline:
                raise LabelStudioServerError(f"no /health on {srv.url} after {timeout:.0f} s:\n{srv.log_tail()}")
            try:
                status, _ = _get(f"{srv.url}/health")
            except OSError:
                status = 0
            if status == 200:
                # A busy port makes label-studio silently move to port+1: make sure the server on
                # our port is ours by checking our token.
                status, body = _get(f"{srv.url}/api/current-user/whoami", token=token, timeout=10)
                if status != 200:
                    raise LabelStudioServerError(f"{srv.url} answers /health but rejects our token ({status}): "
                                                 f"{body[:300]!r}\n{srv.log_tail()}")
                return srv
            time.sleep(0.5)
    except BaseException:
        srv.stop()
        raise


def _interrupt(*_: object) -> None:
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m annotations.ls_server", description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    sub.add_parser("init-template", help=f"pre-initialise the template data dir ({TEMPLATE_DIR})")
    st = sub.add_parser("start", help="start a server and keep it running until Ctrl-C")
    st.add_argument("--port", type=int, default=8080)
    st.add_argument("--data-dir", type=Path, default=None, help="persistent data dir (default: a temporary one)")
    st.add_argument("--username", default=DEFAULT_USERNAME)
    st.add_argument("--password", default=DEFAULT_PASSWORD)
    st.add_argument("--token", default=DEFAULT_TOKEN)
    args = ap.parse_args(argv)
    if args.cmd == "init-template":
        print(f"template data dir: {init_template()}")
        return 0
    t0 = time.monotonic()
    srv = start(port=args.port, data_dir=args.data_dir, username=args.username, password=args.password,
                token=args.token)
    print(f"Label Studio up in {time.monotonic() - t0:.1f} s (pid {srv.process.pid})\n"
          f"  url:   {srv.url}\n  user:  {srv.username} / {srv.password}\n  token: {srv.token}\n"
          f"  data:  {srv.data_dir}{' (temporary)' if srv.own_data_dir else ''}\nCtrl-C stops it.", flush=True)
    signal.signal(signal.SIGTERM, _interrupt)  # SIGTERM stops the server like Ctrl-C
    try:
        srv.process.wait()
    except KeyboardInterrupt:
        pass
    finally:
        srv.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
