"""The staff console: what residents asked and could not get answered, and the corpus tools."""
