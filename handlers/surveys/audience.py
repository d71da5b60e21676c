"""Reading the options of `survey open`: who is asked (``to=``, ``network=``, ``here``), the deadline and
the reminder offsets. Pure functions plus one resolver that asks the services for users and places."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from handlers.errors import Refusal
from handlers.platforms import Platforms
from schedules.errors import RuleError
from schedules.moments import MomentError, read_moment
from schedules.rules import check_date

_OFFSET = re.compile(r"^(\d{1,3})\s*(d|h|m)$")
_UNIT_MINUTES = {"d": 1440, "h": 60, "m": 1}


@dataclass(frozen=True)
class AudienceSpec:
    kind: str  # users | members | network | here
    names: tuple[str, ...] = ()
    network: str | None = None

    @property
    def label(self) -> str:
        if self.kind == "users":
            return "to=" + ",".join(self.names)
        if self.kind == "network":
            return f"network={self.network}"
        return self.kind


def audience_spec(options: dict[str, str], words: tuple[str, ...]) -> AudienceSpec:
    """From ``to=alice,bob`` / ``to=members`` / ``to=here`` / ``here`` / ``network=geneva``."""
    flags = {w.lower() for w in words}
    target = options.get("to", "").strip()
    chosen = [
        bool(target),
        "network" in options,
        "here" in flags,
        "members" in flags,
    ]
    if sum(chosen) != 1:
        raise Refusal.usage(
            "say who is asked, once: `to=NAME,NAME`, `to=members`, `network=<city>` or `here`", "to"
        )
    if "network" in options:
        city = options["network"].strip()
        if not city:
            raise Refusal.usage("`network=` needs a city, e.g. `network=geneva`", "network")
        return AudienceSpec("network", network=city)
    if "here" in flags or target.lower() == "here":
        return AudienceSpec("here")
    if "members" in flags or target.lower() in {"members", "all"}:
        return AudienceSpec("members")
    names = tuple(n.strip() for n in target.split(",") if n.strip())
    if not names:
        raise Refusal.usage("`to=` needs names: `to=alice,bob`", "to")
    return AudienceSpec("users", names=names)


def user_keys(names: tuple[str, ...], platform: str, platforms: Platforms) -> list[str]:
    """Each name as `Platforms.parse_user` reads it where it was typed (a key, a mention, a short form of
    ``platform``); any other name as ``<platform>:name``."""
    keys = [platforms.parse_user(name, platform) or f"{platform}:{name.lstrip('@')}" for name in names]
    return sorted(set(keys))


def parse_deadline(text: str, zone: ZoneInfo, now: datetime) -> datetime:
    """``2026-12-15`` (the end of that day), ``2026-12-15T17:00`` or a date in words (``friday``), in
    ``zone``; within the one window of dates and in the future."""
    stripped = text.strip()
    moment: datetime | None = None
    try:
        if "T" in stripped or " " in stripped:
            local = datetime.fromisoformat(stripped)
            if local.tzinfo is not None:
                raise ValueError("give the time without a zone")
            day, moment = local.date(), local.replace(tzinfo=zone)
        else:
            day = date.fromisoformat(stripped)
    except ValueError:
        moment = _in_words(text, zone, now)
        day = moment.date()
    try:
        check_date(day)  # the one window of dates: shown in any zone, a deadline stays a date
    except RuleError as exc:
        raise Refusal.usage(f"`deadline=` {exc}", "deadline") from None
    if moment is None:
        moment = datetime.combine(day + timedelta(days=1), time(0), zone)
    if moment.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != moment.replace(tzinfo=None):
        raise Refusal.usage(
            f"`deadline={text}` does not exist in {zone.key}: the clocks change then", "deadline"
        )
    if moment <= now:
        raise Refusal.usage(f"`deadline={text}` is in the past", "deadline")
    return moment


def _in_words(text: str, zone: ZoneInfo, now: datetime) -> datetime:
    """A deadline in the one grammar of dates and times (`schedules.moments`): ``friday`` (the end of
    that day), ``friday 17:00``, ``end of month``, ``in 3 days``."""
    try:
        found = read_moment(text.replace("_", " "), now, zone)
    except MomentError as exc:
        raise Refusal.usage(
            f"`deadline={text}`: {exc}; or write YYYY-MM-DD or YYYY-MM-DDTHH:MM", "deadline"
        ) from None
    if found.has_time:
        return found.at.astimezone(zone)
    return datetime.combine(found.at.astimezone(zone).date() + timedelta(days=1), time(0), zone)


def parse_offsets(text: str) -> list[int]:
    """``3d,1d,12h,30m`` -> minutes before the deadline, largest first."""
    minutes = []
    for part in text.split(","):
        match = _OFFSET.match(part.strip().lower())
        if not match or int(match.group(1)) == 0:
            raise Refusal.usage(
                f"`reminders={text}`: write offsets before the deadline like `3d,1d,12h,30m`", "reminders"
            )
        minutes.append(int(match.group(1)) * _UNIT_MINUTES[match.group(2)])
    return sorted(set(minutes), reverse=True)
