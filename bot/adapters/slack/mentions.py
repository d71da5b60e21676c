"""Slack's escaped references in typed text, as the core writes them: ``<@U123|alice>`` -> ``slack:U123``,
``<#C123|general>`` -> ``slack:C123``, ``<https://x|label>`` -> ``https://x``, entities unescaped."""

from __future__ import annotations

import re

_USER = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")
_CHANNEL = re.compile(r"<#([CGD][A-Z0-9]+)(?:\|[^>]*)?>")
_LINK = re.compile(r"<((?:https?|mailto):[^|>]+)(?:\|[^>]*)?>")
_SPECIAL = re.compile(r"<!(here|channel|everyone)(?:\|[^>]*)?>")


def plain_command(text: str) -> str:
    text = _USER.sub(r"slack:\1", text)
    text = _CHANNEL.sub(r"slack:\1", text)
    text = _LINK.sub(r"\1", text)
    text = _SPECIAL.sub(r"@\1", text)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
