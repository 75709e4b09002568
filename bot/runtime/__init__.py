"""The runtime: the composition root (`app.py`), update processing, webhook, logs, signals."""
