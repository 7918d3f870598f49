"""The lessons' words, one module per section of the lecture (lesson_text.py joins them)."""
