"""Old home of the staff console (now console/): `python -m ivr.console.accounts` still works."""
