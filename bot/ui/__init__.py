"""What people read: screens, the catalogs of texts, and the payloads of buttons."""
