"""Exceptions for broken inputs. Bad *data* (a table not found, a sum that fails) is never an
exception: it is a result with an issue code (see :mod:`extractor.record`)."""

from __future__ import annotations


class ExtractorError(Exception):
    """Base class of the errors this package raises on purpose."""


class LoadError(ExtractorError):
    """The input cannot be read as a document (empty, truncated, junk, too large, encrypted…).

    ``code`` is a stable machine-readable reason such as ``EMPTY_FILE`` or ``TOO_LARGE``.
    """

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class FetchError(ExtractorError):
    """A download failed for good (after the retries the policy allows)."""


class LayoutError(ExtractorError):
    """A layout file in ``layouts/`` is malformed. Names the file and key."""
