"""A full survey in the console (`focbot console --json`, run in this process): create, open, answer as two
people, close, results, export."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from tests.support.databases import SqliteTemplate
from tests.support.processes import focbot_in_process
from tests.support.surveys import FULL_ANSWERS, png_size


def test_full_survey_in_the_console(tmp_path: Path, sqlite_template: SqliteTemplate) -> None:
    script = "\n".join(
        [
            "survey new support-unit",
            "survey open 1 to=alice,bob,carol deadline=2099-12-31 reminders=1d",
            ":as alice",
            f"survey answer 1 {FULL_ANSWERS}",
            ":as bob",
            "survey answer 1 6=9",
            "survey answer 1 " + FULL_ANSWERS.replace("14=4", "14=2"),
            ":as admin",
            "survey status 1",
            "survey close 1",
            "survey results 1",
            "survey chart 1 14",
            "survey export 1",
            "activity 3B.3",
        ]
    )
    result = focbot_in_process(
        tmp_path, "console", "--json", stdin=script + "\n", database_url=sqlite_template.copy(tmp_path)
    )
    assert result.returncode == 0, result.stderr
    objects = [json.loads(line) for line in result.stdout.splitlines()]
    replies = [o for o in objects if "notification" not in o and "as" not in (o.get("data") or {})]
    notices = [o for o in objects if "notification" in o]
    assert [n["notification"] for n in notices if n["data"]["kind"] == "survey_invitation"] == [
        "to alice",
        "to bob",
        "to carol",
    ]
    new, opened, alice, bad, bob, status, closed, results, chart, export, activity = replies
    assert new["data"]["survey"] == 1 and len(new["data"]["questions"]) == 15
    assert opened["data"]["audience"] == 3
    assert alice["data"]["complete"] is True
    assert bad["status"] == "error" and "out of range" in bad["data"]["errors"]["6"]
    assert bob["data"]["answers"]["14"] == 2
    assert status["data"]["responses"] == 2 and status["data"]["missing"] == ["console:carol"]
    assert closed["data"]["responses"] == 2
    assert results["data"]["responses"] == 2
    q14 = next(q for q in results["data"]["questions"] if q["number"] == 14)
    assert q14["mean"] == 3.0 and q14["counts"]["2 (Dissatisfied)"] == 1
    (charts,) = results["files"].values()  # the 12 charts in one image
    (one,) = chart["files"].values()
    assert charts.endswith("survey-1-charts.png") and one.endswith("survey-1-q14.png")
    width, height = png_size((tmp_path / charts).read_bytes())
    assert width == 800 and height > 12 * 200
    assert png_size((tmp_path / one).read_bytes())[0] == 800
    (csv_path,) = export["files"].values()
    table = list(csv.reader(io.StringIO((tmp_path / csv_path).read_text(encoding="utf-8-sig"))))
    assert [row[0] for row in table[1:]] == ["console:alice", "console:bob"]
    assert any("2/3 responded (67%)" in line for line in activity["data"]["related"])
