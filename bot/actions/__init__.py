"""Custom actions of the city assistant (run by `rasa run actions --actions bot.actions`)."""
