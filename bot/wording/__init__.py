"""The bot's own words: wording.yaml, and the messages composed from it in Telegram HTML."""
