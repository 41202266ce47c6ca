"""Everything that talks to Telegram: the application, handlers, keyboards, wording, sending."""
