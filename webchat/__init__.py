"""The website chat API (/api/chat, /api/feedback): what the widget talks to."""
