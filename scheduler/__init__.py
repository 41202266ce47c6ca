"""Time and delivery: when each person's next reflection is due, and sending it."""
