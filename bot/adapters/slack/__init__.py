"""The Slack adapter: a slack-bolt AsyncApp over HTTP (signed requests) or Socket Mode.

Small modules: `client` (the Web API client), `render` (Reply -> Block Kit), `commands` (/foc), `events`
(messages, mentions, de-duplication), `home` (App Home), `notifier` (the Notifier port), `users` (time zones),
`guard` (replayed requests), `http` (POST /slack/events), `app` (the Bolt app) and `runner` (`focbot run`).
"""

PLATFORM = "slack"
