"""Plain-Python domain layer: no Qt, no SQL. Takes and returns dataclasses."""
