"""The states and kinds Within speaks of: plain values, shared by storage, use cases and the bot.

Nothing here knows of Telegram or of the database.
"""
