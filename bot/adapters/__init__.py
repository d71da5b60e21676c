"""Platform adapters: each translates its events into Commands and renders Replies. One module a platform."""
