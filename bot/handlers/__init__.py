"""Handlers, one module per feature; registered in order by bot.app."""
