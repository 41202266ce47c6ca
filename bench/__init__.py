"""Benchmarks: Within's delivery against a one-job-per-subscriber reference bot."""
