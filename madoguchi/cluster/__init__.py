"""`make cluster`: several Rasa servers on PostgreSQL and Redis behind nginx, on loopback."""
