"""Pictures the bot sends, drawn without Telegram: the weeks of check-ins."""
