"""focbot: adapters, dispatcher, configuration and wiring."""
