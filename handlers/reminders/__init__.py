"""Personal reminders: ``commands`` holds `remind`, `reminders` and `reminder <n> ...` (the phrase is read by
`schedules.reminder_phrases`); ``delivery`` the due-work kind that sends them (`PersonalReminderKind`)."""
