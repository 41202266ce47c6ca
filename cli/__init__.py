"""The command line behind main.py: run, worker, check, db, keys, content, safety, console."""
