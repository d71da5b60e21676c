"""The Slack adapter: a slack-bolt AsyncApp over HTTP (signed requests) or Socket Mode.

Small modules: `app` (builds it all), `runner` (`focbot run`: Socket Mode or HTTP), `http` (the route),
`client` (Web API client and retries), `guard` (replays and event retries), `tasks` (work after the ack),
`runtime` (what listeners share), `commands` (/foc), `actions` (buttons and menus), `events` (DMs, mentions),
`mentions` (Slack references made plain), `render`/`text`/`limits` (Reply -> Block Kit), `delivery` (posting),
`notifier` (the Notifier port), `outbox` (replies kept until delivered), `users` (names and time zones),
`roster` (who is in a channel), `modals` (form parts), `home` (App Home), `activity_form`, `meetings` and
`surveys` (their forms and home sections).
"""

PLATFORM = "slack"
