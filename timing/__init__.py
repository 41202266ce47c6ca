"""Time in a person's own zone: local dates and instants, chosen days, when the next is due.

Pure: no Telegram, no database. Below the use cases, so their rules (pauses, skips, the next
delivery) and the scheduler's engine share one piece of arithmetic.
"""
