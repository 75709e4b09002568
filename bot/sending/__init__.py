"""Sending: the outbox and what rides on it (outgoing messages, notices, progress), and the
Bot class the application replies with."""
