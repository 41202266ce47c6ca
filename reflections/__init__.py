"""The content and the journey: the source document and the reflections drawn from it."""
