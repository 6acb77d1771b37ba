"""The documented JSON Schema agrees with what the exporter writes."""

from __future__ import annotations

import json
from pathlib import Path

from app.store.transfer import FORMAT_NAME, FORMAT_VERSION

SCHEMA = Path(__file__).resolve().parents[2] / "docs" / "export-schema.json"


def test_schema_matches_the_format_constants() -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert schema["properties"]["format"]["const"] == FORMAT_NAME
    assert schema["properties"]["version"]["const"] == FORMAT_VERSION
    check_in = schema["$defs"]["check_in"]["required"]
    assert set(check_in) == {"uid", "taken_at", "overall_pain", "note", "marks", "tight_muscles"}
