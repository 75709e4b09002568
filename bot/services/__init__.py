"""Services: the rules that read and write the database, one class per feature.

Handlers reach the database only through these (`container.Services`): docs/architecture.md.
"""
