"""The Matrix adapter (matrix-nio): rooms, direct chats and encrypted rooms, one small module a concern."""

PLATFORM = "matrix"
