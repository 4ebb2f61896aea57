"""Event stages: PLOVER coding, dates, quotes and framing."""
