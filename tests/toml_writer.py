"""A minimal TOML writer for test fixtures (the standard library only reads TOML)."""

from __future__ import annotations

import json
from typing import Any


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    raise TypeError(f"cannot write {value!r}")


def _is_table_array(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def _table(lines: list[str], prefix: str, table: dict[str, Any]) -> None:
    for key, value in table.items():
        if not _is_table_array(value):
            lines.append(f"{key} = {_value(value)}")
    for key, value in table.items():
        if _is_table_array(value):
            for item in value:
                lines.append(f"\n[[{prefix}{key}]]")
                _table(lines, f"{prefix}{key}.", item)


def dumps(document: dict[str, Any]) -> str:
    """Serialise nested tables, arrays of tables and scalars back to TOML."""
    lines: list[str] = []
    _table(lines, "", document)
    return "\n".join(lines) + "\n"
