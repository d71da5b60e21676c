"""The platform-neutral core: commands in, replies out. Nothing here imports a chat SDK."""
