"""The HTTP API (and, later, the dashboard) over a corpus store."""
