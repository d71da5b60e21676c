"""Benchmark: start-up cost of the bot process, beside a bare interpreter.

Each sample is a fresh process of this script's interpreter, run from the repository root (so it runs the
code here). Measured, interleaved so a noisy machine hits all of them alike:

- `python -c pass`: the baseline, an interpreter that starts and ends;
- `import bot.app`: what every test process and pytest-xdist worker pays; `import bot.cli`: what every
  `focbot` command pays before it parses its arguments (both timed inside the process, around the import);
- `import bot.platforms`: what `focbot run` loads before it starts (the platform SDKs when configured);
- `python -m bot --help`: a cheap command, from spawn to exit.

Prints per line the median and the min wall time and the median CPU time (user + system of the process:
steadier than the wall time on a shared machine), and how many modules the import loads (a count that
does not depend on the machine). The project's bytecode is written first (as `make unit` does), so no
sample compiles sources. `--importtime` adds the 25 slowest modules of one `python -X importtime -c
"import bot.cli"` (own time, microseconds).

Usage, from the repository root: .venv/bin/python bench/startup.py [--runs 15] [--importtime]
"""

from __future__ import annotations

import argparse
import compileall
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("bot", "handlers", "storage", "schedules")

_TIMED_IMPORT = (
    "import sys, time; before = len(sys.modules); t = time.perf_counter(); import {module}; "
    "print(time.perf_counter() - t, len(sys.modules) - before)"
)


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FOCBOT_", "SLACK_", "MATRIX_"))}
    env["PYTHONDONTWRITEBYTECODE"] = "1"  # every sample reads the same bytecode, none writes any
    env.pop("PYTHONPROFILEIMPORTTIME", None)
    return env


def _run(args: list[str]) -> tuple[float, float, str]:
    """Wall seconds, CPU seconds (user + system) and standard output of `python args`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=_env(), check=True, capture_output=True, text=True
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done.stdout


def _importtime(top: int) -> None:
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import bot.cli"],
        cwd=ROOT,
        env=_env(),
        check=True,
        capture_output=True,
        text=True,
    )
    rows: list[tuple[int, int, str]] = []
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        own_us, cumulative_us, module = line.removeprefix("import time:").split("|", 2)
        rows.append((int(own_us), int(cumulative_us), module.strip()))
    print(f"\nslowest modules by own time (of {len(rows)} imported by bot.cli), microseconds:")
    for own, cumulative, name in sorted(rows, reverse=True)[:top]:
        print(f"  {own:>8} own {cumulative:>9} cumulative  {name}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--importtime", action="store_true", help="the slowest modules of one import")
    args = parser.parse_args()

    for package in PACKAGES:
        compileall.compile_dir(ROOT / package, quiet=1)
    commands: dict[str, list[str]] = {
        "python -c pass (baseline)": ["-c", "pass"],
        "import bot.app": ["-c", _TIMED_IMPORT.format(module="bot.app")],
        "import bot.cli": ["-c", _TIMED_IMPORT.format(module="bot.cli")],
        "import bot.platforms (run)": ["-c", _TIMED_IMPORT.format(module="bot.cli, bot.platforms")],
        "python -m bot --help": ["-m", "bot", "--help"],
    }
    _run(commands["python -m bot --help"])  # warm the file cache once
    wall: dict[str, list[float]] = {name: [] for name in commands}
    cpu: dict[str, list[float]] = {name: [] for name in commands}
    inside: dict[str, list[float]] = {name: [] for name in commands}
    modules: dict[str, int] = {}
    for _ in range(args.runs):
        for name, command in commands.items():
            seconds, cpu_seconds, out = _run(command)
            wall[name].append(seconds)
            cpu[name].append(cpu_seconds)
            if out and name.startswith("import"):
                imported, count = out.split()
                inside[name].append(float(imported))
                modules[name] = int(count)

    def ms(values: list[float]) -> str:
        return f"{statistics.median(values) * 1000:8.0f}" if values else f"{'':8}"

    print(f"{args.runs} runs each, Python {sys.version.split()[0]}, milliseconds (medians, min wall):")
    print(f"  {'':28} {'wall':>8} {'min':>8} {'cpu':>8} {'import':>8} {'modules':>8}")
    for name in commands:
        count = f"{modules[name]:8d}" if name in modules else f"{'':8}"
        low = f"{min(wall[name]) * 1000:8.0f}"
        print(f"  {name:28} {ms(wall[name])} {low} {ms(cpu[name])} {ms(inside[name])} {count}")
    base_wall = statistics.median(wall["python -c pass (baseline)"])
    base_cpu = statistics.median(cpu["python -c pass (baseline)"])
    help_wall = statistics.median(wall["python -m bot --help"])
    help_cpu = statistics.median(cpu["python -m bot --help"])
    print(
        f"  `--help` above the baseline: {(help_wall - base_wall) * 1000:.0f} ms wall, "
        f"{(help_cpu - base_cpu) * 1000:.0f} ms CPU"
    )
    if args.importtime:
        _importtime(25)


if __name__ == "__main__":
    main()
