"""The phone and web gateway (FastAPI)."""
