"""Errors the services raise; each message is a sentence a person can act on."""

from __future__ import annotations


class StaleEditError(RuntimeError):
    """The record changed (or was deleted) since the edit began."""


class NotFoundError(LookupError):
    """No record with that id (it may have been deleted meanwhile)."""
