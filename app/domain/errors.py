"""Errors the domain raises for bad input; every layer above shows their message as is."""

from __future__ import annotations


class ValidationError(ValueError):
    """Input that must never reach the database; the message is written for the person."""
