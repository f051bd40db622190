"""The gateway: one FastAPI app (app.py) mounting the phone, the website chat, the widget and
the staff console, with what they share: settings, the Rasa client and the gateway's store."""
