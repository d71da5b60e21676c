"""Issue 14's console contract for focal points, RSVPs and participation: `focbot console --json`, run in this
process."""

from __future__ import annotations

import json
from pathlib import Path

from tests.support.databases import SqliteTemplate
from tests.support.meetings import TROIKA
from tests.support.processes import focbot_in_process
from tests.support.surveys import png_size


def test_focal_rsvp_and_participation_in_the_console(tmp_path: Path, sqlite_template: SqliteTemplate) -> None:
    script = "\n".join(
        [
            "focal Estonia add kadri",
            "focal Switzerland add alice",
            "focal Narnia add bob",
            TROIKA,
            ":as kadri",
            "meeting rsvp 1 yes",
            ":as alice",
            "meeting rsvp 1 2027-01-12 maybe",
            "meeting show 1",
            ":as admin",
            "participation",
        ]
    )
    result = focbot_in_process(
        tmp_path, "console", "--json", stdin=script + "\n", database_url=sqlite_template.copy(tmp_path)
    )
    assert result.returncode == 0, result.stderr
    objects = [json.loads(line) for line in result.stdout.splitlines()]
    replies = [o for o in objects if "notification" not in o and "as" not in (o.get("data") or {})]
    estonia, swiss, narnia, new, kadri, alice, show, participation = replies
    assert estonia["data"]["user"] == "console:kadri" and swiss["data"]["member"] == "Switzerland"
    assert narnia["status"] == "error"
    assert new["data"]["series"] == 1
    assert kadri["data"]["answer"] == "yes" and alice["data"]["answer"] == "maybe"
    assert [(r["user"], r["member"], r["answer"]) for r in show["data"]["rsvps"]] == [
        ("console:alice", "Switzerland", "maybe"),
        ("console:kadri", "Estonia", "yes"),
    ]
    members = participation["data"]["members"]
    assert members[0]["inactive"] is True and {"country", "inactive"} <= set(members[0])
    assert [m["country"] for m in members[-2:]] == ["Estonia", "Switzerland"]
    assert not any(m["inactive"] for m in members[-2:])
    (chart,) = participation["files"].values()
    assert png_size((tmp_path / chart).read_bytes())[0] == 800
