"""Keeping runs of one direction where they belong in a line of the other.

A Latin run (a phone number, an e-mail, a link, a code, a typed example) inside a Persian
line can pull its neighbours across it, and a Persian name inside an English line the same
the other way. Unicode's isolates stop that: the run is laid out on its own and the line
around it is laid out as if the run were one neutral character. They are invisible.
"""

from __future__ import annotations

LRI = "\u2066"  # left-to-right isolate: what follows is Latin, whatever it starts with
FSI = "\u2068"  # first-strong isolate: the run's own first letter decides its direction
PDI = "\u2069"  # pop directional isolate: the run ends


def isolate(text: str) -> str:
    """A run of unknown direction (anything a person or a call file wrote)."""
    return f"{FSI}{text}{PDI}" if text else text


def ltr(text: str) -> str:
    """A run that is always left to right (`2027-01-10T18:00`, `user-rights-1405`)."""
    return f"{LRI}{text}{PDI}"
