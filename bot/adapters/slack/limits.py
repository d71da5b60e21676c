"""Slack's Block Kit limits (https://docs.slack.dev/reference/block-kit), in one place."""

MESSAGE_BLOCKS = 50
VIEW_BLOCKS = 100
SECTION_TEXT = 3000
FIELD_TEXT = 2000
SECTION_FIELDS = 10
CONTEXT_ELEMENTS = 10
ACTIONS_ELEMENTS = 25
SELECT_OPTIONS = 100
CHECKBOX_OPTIONS = 10
OPTION_TEXT = 75
OPTION_VALUE = 150
BUTTON_TEXT = 75
BUTTON_VALUE = 2000
BLOCK_ID = 255
ACTION_ID = 255
HEADER_TEXT = 150
FALLBACK_TEXT = 3000  # the message `text` (notifications); Slack truncates far longer ones
VIEW_TITLE = 24
PRIVATE_METADATA = 3000
INPUT_LABEL = 2000
MESSAGE_CHARS = 12_000  # block text per message: long ones stay readable (and under msg_too_long)
MESSAGES_PER_REPLY = 4  # a response_url takes 5 posts; longer replies are sent as a file
