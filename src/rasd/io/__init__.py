"""Readers (text, HTML, JSON Lines, encodings) and writers (JSON, JSONL, table)."""
