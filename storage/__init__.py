"""Persistence shared by the scheduler and the bot: models, queries and migrations."""
