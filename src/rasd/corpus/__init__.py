"""Corpus: the DuckDB store, ingest, duplicate reports merged, digests and exports."""
