"""Real `python -m bot` processes for fault tests: start, poll /healthz, kill -9, read what they printed."""

from __future__ import annotations

import contextlib
import io
import json
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from concurrent.futures.thread import _worker as _pool_worker
from pathlib import Path
from typing import IO, Any

REPO = Path(__file__).resolve().parents[2]


CORE_KINDS = (
    "checkin_digest",
    "checkin_dm",
    "checkin_reminder",
    "checkin_round",
    "meeting_minutes",
    "meeting_reminder",
    "personal_reminder",
    "survey_deadline",
    "survey_reminder",
)
"""Every kind of due work the core registers (a platform adds its own: Slack's outbox), as /healthz lists
them for a process with no platform."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def bot_env(database_url: str, **env: str) -> dict[str, str]:
    """The environment of a bot process: ours without any FOCBOT_/SLACK_/MATRIX_ setting, plus ``env``."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("FOCBOT_", "SLACK_", "MATRIX_"))}
    return environment | {"FOCBOT_DATABASE_URL": database_url, "PYTHONPATH": str(REPO), **env}


def focbot_in_process(
    workdir: Path, *args: str, stdin: str = "", database_url: str | None = None, **env: str
) -> subprocess.CompletedProcess[str]:
    """`focbot <args>` as `bot.cli.main`, in this process: what a `focbot` process started in ``workdir`` with
    the environment `bot_env` gives (the database ``database_url``, else ``workdir``/cli.db) would print and
    return, without the 1.6 s of starting Python and importing the app. A `SystemExit` ends as Python ends
    a process (a message on standard error, status 1); the threads the command started (not a pool's idle
    workers) are waited for, as at the end of a process, and what they print is kept. The environment,
    working directory, standard streams and logging are put back after."""
    from bot.cli import main  # imported here: a test module that only starts processes does not load the app

    url = database_url or f"sqlite+aiosqlite:///{workdir / 'cli.db'}"
    out, err = io.StringIO(), io.StringIO()
    before = set(threading.enumerate())
    with _process_like(bot_env(url, **env), workdir, stdin, out, err):
        try:
            status = main(list(args))
        except SystemExit as exc:
            status = _exit_status(exc.code, err)
        for thread in set(threading.enumerate()) - before:
            if not thread.daemon and getattr(thread, "_target", None) is not _pool_worker:
                thread.join(10)  # a pool's idle worker is stopped at exit, not waited for
    return subprocess.CompletedProcess(["focbot", *args], status, out.getvalue(), err.getvalue())


def _exit_status(code: object, err: IO[str]) -> int:
    """The exit status of a process ended by ``SystemExit(code)``, with what Python prints for it."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=err)
    return 1


@contextlib.contextmanager
def _process_like(
    environment: dict[str, str], workdir: Path, stdin: str, out: IO[str], err: IO[str]
) -> Iterator[None]:
    from bot.logging_setup import THIRD_PARTY

    saved_env, saved_cwd = dict(os.environ), Path.cwd()
    streams = sys.stdin, sys.stdout, sys.stderr
    named = {
        *THIRD_PARTY,
        "aiosqlite",
        "asyncio",
        "sqlalchemy.engine",
        "alembic.runtime.migration",
        "matplotlib",
    }
    named |= set(logging.root.manager.loggerDict)  # configure_logging sets the levels of these
    loggers = [logging.getLogger(), *(logging.getLogger(name) for name in sorted(named))]
    levels = [(logger, logger.level) for logger in loggers]
    handlers = list(logging.getLogger().handlers)
    os.environ.clear()
    os.environ.update(environment)
    os.chdir(workdir)
    sys.stdin, sys.stdout, sys.stderr = io.StringIO(stdin), out, err
    try:
        yield
    finally:
        sys.stdin, sys.stdout, sys.stderr = streams
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_env)
        logging.getLogger().handlers[:] = handlers
        for logger, level in levels:
            logger.setLevel(level)


def wait_for(predicate: Callable[[], Any], timeout: float, what: str, every: float = 0.05) -> Any:
    """Poll ``predicate`` until it returns something truthy; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(every)


class BotProcess:
    """One replica: `focbot <args>` in its own process group, stdout and stderr to files."""

    def __init__(
        self,
        name: str,
        args: list[str],
        env: dict[str, str],
        workdir: Path,
        port: int | None = None,
        module: str = "bot",
    ) -> None:
        self.name = name
        self.port = port
        self.stdout_path = workdir / f"{name}.out"
        self.stderr_path = workdir / f"{name}.err"
        self._out = self.stdout_path.open("w")
        self._err = self.stderr_path.open("w")
        self._read = 0
        self._parsed: list[dict[str, Any]] = []
        self.proc = subprocess.Popen(
            [sys.executable, "-m", module, *args],
            stdin=subprocess.PIPE,
            stdout=self._out,
            stderr=self._err,
            cwd=workdir,
            env=env,
            text=True,
            start_new_session=True,
        )

    @classmethod
    def headless(cls, name: str, database_url: str, workdir: Path, **env: str) -> BotProcess:
        """`focbot run` with no platform and the console off: HTTP only, on a free port."""
        port = free_port()
        defaults = {"FOCBOT_CONSOLE": "0", "FOCBOT_LOG_LEVEL": "INFO", "FOCBOT_LEADER_RETRY_SECONDS": "0.5"}
        environment = bot_env(database_url, **(defaults | env), FOCBOT_HTTP_PORT=str(port))
        return cls(name, ["run"], environment, workdir, port)

    @classmethod
    def replica(cls, name: str, database_url: str, workdir: Path, **env: str) -> BotProcess:
        """`tests.support.replica`: the real app with a JSON console on stdin/stdout, and /healthz."""
        port = free_port()
        defaults = {"FOCBOT_LOG_LEVEL": "INFO", "FOCBOT_LEADER_RETRY_SECONDS": "0.5"}
        environment = bot_env(database_url, **(defaults | env), FOCBOT_HTTP_PORT=str(port))
        return cls(name, [], environment, workdir, port, module="tests.support.replica")

    def send(self, *lines: str) -> None:
        """Type ``lines`` into the replica's console."""
        self.stdin.write("".join(line + "\n" for line in lines))
        self.stdin.flush()

    def lines(self) -> list[dict[str, Any]]:
        """Every complete JSON line printed so far (a line cut by a kill is left out). Reads only what
        is new since the last call, so polling a busy replica costs little."""
        with self.stdout_path.open("rb") as f:
            f.seek(self._read)
            chunk = f.read()
        end = chunk.rfind(b"\n") + 1
        self._read += end
        for raw in chunk[:end].splitlines():
            with contextlib.suppress(ValueError):
                self._parsed.append(json.loads(raw))
        return list(self._parsed)

    def replies(self) -> list[dict[str, Any]]:
        """The answers to typed commands, in order (notifications left out)."""
        return [line for line in self.lines() if "notification" not in line]

    def notifications(self) -> list[dict[str, Any]]:
        """What the bot sent on its own (reminders), in order."""
        return [line for line in self.lines() if "notification" in line]

    @property
    def stdin(self) -> IO[str]:
        assert self.proc.stdin is not None
        return self.proc.stdin

    def healthz(self) -> dict[str, Any] | None:
        """The /healthz body, or None while the server does not answer."""
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=2) as response:
                return dict(json.load(response))
        except urllib.error.HTTPError as exc:
            return dict(json.load(exc))
        except (OSError, ValueError):
            return None

    def get(self, path: str) -> str:
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=5) as response:
            return str(response.read().decode())

    def role(self) -> str | None:
        body = self.healthz()
        return None if body is None else str(body.get("role"))

    def wait_role(self, role: str, timeout: float = 60.0) -> None:
        self.assert_alive()
        wait_for(lambda: self._check_alive() and self.role() == role, timeout, f"{self.name} to be {role}")

    def wait_quiet(self, quiet: float, timeout: float = 60.0) -> None:
        """Wait until the process has printed nothing for ``quiet`` seconds (its burst is over)."""
        deadline = time.monotonic() + timeout
        size, since = -1, time.monotonic()
        while True:
            now, current = time.monotonic(), self.stdout_path.stat().st_size
            if current != size:
                size, since = current, now
            elif now - since >= quiet:
                return
            if now > deadline:
                raise AssertionError(f"{self.name} kept printing for {timeout:.0f} s")
            time.sleep(0.05)

    def _check_alive(self) -> bool:
        self.assert_alive()
        return True

    def assert_alive(self) -> None:
        if self.proc.poll() is not None:
            raise AssertionError(f"{self.name} exited with {self.proc.returncode}:\n{self.stderr()[-3000:]}")

    def kill(self) -> None:
        """kill -9: no clean-up of any kind runs."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=30)

    def terminate(self, timeout: float = 30.0) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout=timeout)
        finally:
            self.close()

    def close(self) -> None:
        if self.proc.poll() is None:
            self.kill()
        with contextlib.suppress(OSError):
            self.stdin.close()
        self._out.close()
        self._err.close()

    def stdout(self) -> str:
        return self.stdout_path.read_text()

    def stderr(self) -> str:
        return self.stderr_path.read_text()
