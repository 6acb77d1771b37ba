"""Errors the store raises; their messages tell the person what is wrong and what to do."""

from __future__ import annotations


class StoreError(Exception):
    """The journal cannot be opened or written; nothing was changed."""


class NotFoundError(StoreError):
    """The requested entry does not exist (deleted elsewhere, or a wrong id)."""
