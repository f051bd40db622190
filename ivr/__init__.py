"""The phone channel: Twilio's voice webhooks (voice.py), the call flow (calls.py), the menu
(menu.yml), TwiML (twiml.py), signatures (security.py) and the SMS outbox (sms.py)."""
