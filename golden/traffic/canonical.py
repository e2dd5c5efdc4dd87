"""The canonical CSV form of curated traffic tables, and how two such files are compared.

Used by golden/traffic/generate.py (writing the expected files), scripts/checks/infra-compose (DuckDB's
answer against them) and the Python peers of the Swift tests. golden/traffic/README.md states the same
rules in prose; the Swift side (Tests/PlatformTests/Curation/) implements them again.

Standard library only.
"""

from __future__ import annotations

import csv
import datetime
import io
import math

STG_COLUMNS = ["reading_id", "sensor_id", "road", "direction", "road_segment_id", "city", "lat", "lon",
               "measured_at_utc", "traffic_date", "vehicle_count", "avg_speed_kmh", "occupancy_pct",
               "congestion_level", "congestion_level_rank", "incident_flag", "source_system"]
FCT_COLUMNS = ["sensor_id", "city", "readings", "total_vehicle_count", "avg_vehicle_count", "avg_speed_kmh",
               "avg_occupancy_pct", "congestion_level_max", "congestion_level_rank_max", "incident_count",
               "traffic_date"]
# Columns compared as numbers with a relative tolerance; every other column is compared as text.
DOUBLE_COLUMNS = {"lat", "lon", "avg_speed_kmh", "occupancy_pct", "avg_vehicle_count", "avg_occupancy_pct"}
RELATIVE_TOLERANCE = 1e-9


def cell(value) -> str:
    """One value in canonical text: NULL is the empty field, booleans true/false, timestamps with six
    fractional digits, dates ISO, integers in decimal, doubles as Python's shortest round-trip repr."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float):
        return repr(value)
    return str(value)


def to_text(columns: list[str], rows) -> str:
    """A header line and one line per row: RFC 4180, comma, '"' quoting only where needed, LF ends."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([cell(value) for value in row])
    return out.getvalue()


def read(path) -> tuple[list[str], list[list[str]]]:
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    return rows[0], rows[1:]


def same_double(a: str, b: str) -> bool:
    x, y = float(a), float(b)
    if x == y:
        return True
    return math.isfinite(x) and math.isfinite(y) and abs(x - y) <= RELATIVE_TOLERANCE * max(abs(x), abs(y))


def differences(expected: tuple[list[str], list[list[str]]], actual: tuple[list[str], list[list[str]]],
                limit: int = 10) -> list[str]:
    """Where `actual` differs from `expected` (both as `read` returns them), at most `limit` lines.

    Headers must be equal, row counts equal, rows are compared in file order (both sorted by the table's
    key), empty fields (NULL) only equal empty fields, DOUBLE_COLUMNS by value within RELATIVE_TOLERANCE,
    everything else as exact text."""
    (expected_header, expected_rows), (actual_header, actual_rows) = expected, actual
    if expected_header != actual_header:
        return [f"header {actual_header} != {expected_header}"]
    problems = []
    if len(expected_rows) != len(actual_rows):
        problems.append(f"{len(actual_rows)} rows, expected {len(expected_rows)}")
    for number, (want, got) in enumerate(zip(expected_rows, actual_rows), 2):
        for column, a, b in zip(expected_header, want, got):
            equal = a == b or (a != "" and b != "" and column in DOUBLE_COLUMNS and same_double(a, b))
            if not equal:
                problems.append(f"line {number} ({want[0]}, ...) {column}: {b!r}, expected {a!r}")
                break
        if len(problems) >= limit:
            break
    return problems
