"""Developer tools, never imported by what runs in production: the runner (`make run`), test
servers, the phone simulator and its fake Twilio API, evaluation, benchmarks and test data."""
