"""The domain: calls, forms, answers, steps, records and rules, with no I/O of the bot's own.

Imports only the standard library and kept libraries (pydantic, jdatetime, PyYAML, ...), never
PTB, SQL or any other layer of ours: `make lint` checks.
"""
