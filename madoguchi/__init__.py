"""Madoguchi: shared core of the city-hall assistant (corpus, Japanese text, city profile)."""
