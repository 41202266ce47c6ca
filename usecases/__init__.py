"""What a person or the scheduler does, one function each, between the bot and storage.

Each use case runs in one transaction of the update's unit of work (`usecases.work`), takes
plain values and returns frozen results, never database rows; the rules live here.
"""
