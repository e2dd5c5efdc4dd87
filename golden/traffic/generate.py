#!/usr/bin/env python3
"""Generates the golden traffic input and computes the expected STG and CURATED tables.

    python3 golden/traffic/generate.py                  # rewrites input/ and expected/ beside this file
    python3 golden/traffic/generate.py --rows N --out F # only an input CSV of about N rows (benchmarks)

Deterministic: one random.Random with a fixed seed, standard library only, so the same Python 3 writes
the same bytes. The expected outputs are computed here in plain Python, from the rules of
infra/dbt/models/staging/stg_traffic.sql and infra/dbt/models/marts/fct_traffic_daily.sql (restated in
README.md), without any SQL engine; scripts/checks/infra-compose then holds the dbt SQL on DuckDB to
these files, and the Swift tests hold the Swift engine to them.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import math
import random
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import canonical  # noqa: E402

SEED = 20240304
RAW_COLUMNS = ["reading_id", "sensor_id", "road", "direction", "road_segment_id", "city", "lat", "lon",
               "measured_at_utc", "vehicle_count", "avg_speed_kmh", "occupancy_pct", "congestion_level",
               "incident_flag", "source_system"]
CITIES = [("Berlin", 52.5200, 13.4050), ("Hamburg", 53.5511, 9.9937), ("Munich", 48.1372, 11.5755),
          ("Cologne", 50.9375, 6.9603)]
ROADS = ["A100", "B96", "A7", "B75", "A9", "B2R", "A3", "B55", "Ring 1, Innenstadt", 'Am "Tor"']
DIRECTIONS = ["N", "S", "E", "W"]
SYSTEMS = ["loop", "camera", "radar"]
FIRST_DAY = datetime.date(2024, 3, 4)
DAYS = 7
READINGS_PER_DAY = 36          # one every 40 minutes
SENSORS_PER_CITY = 10


# ------------------------------------------------------------------------------------------ input

class Sensor:
    def __init__(self, rng: random.Random, number: int, city: tuple[str, float, float]):
        name, lat, lon = city
        self.sensor_id = f"S{number:03d}"
        self.city = name
        self.road = ROADS[number % len(ROADS)]
        self.direction = DIRECTIONS[number % 4]
        self.segment = f"SEG-{name[:3].upper()}-{number:03d}"
        # A fixed home position per sensor (serving turns it into a point).
        self.lat = round(lat + rng.uniform(-0.08, 0.08), 6)
        self.lon = round(lon + rng.uniform(-0.12, 0.12), 6)
        self.system = SYSTEMS[number % 3]


def sensors(rng: random.Random, per_city: int) -> list[Sensor]:
    result = []
    for index in range(per_city * len(CITIES)):
        result.append(Sensor(rng, index + 1, CITIES[index % len(CITIES)]))
    return result


def mixed_case(rng: random.Random, text: str) -> str:
    choice = rng.random()
    if choice < 0.4:
        return text.lower()
    if choice < 0.7:
        return text.capitalize()
    return "".join(c.upper() if rng.random() < 0.5 else c.lower() for c in text)


def category(rng: random.Random, text: str, dirt: float) -> str:
    """Upper case mostly; mixed case, space padding or a blank with probability `dirt`."""
    roll = rng.random()
    if roll < dirt * 0.5:
        return mixed_case(rng, text)
    if roll < dirt * 0.8:
        return rng.choice([" ", "  ", ""]) + text + rng.choice([" ", "   ", ""])
    if roll < dirt * 0.85:
        return rng.choice(["", "   "])
    return text


def number(rng: random.Random, value: float, decimals: int, broken: float) -> str:
    roll = rng.random()
    if roll < broken:
        return rng.choice(["", "n/a", "abc", "12,5", "--", "NaN", "inf", " ", "1.2.3", "-", "1e999", "0x1F"])
    if roll < broken * 1.3:
        return f" {value:.{decimals}f} "
    if roll < broken * 1.5:
        return f"{value:.{decimals + 2}f}"
    return f"{value:.{decimals}f}"


def count_text(rng: random.Random, count: int) -> str:
    roll = rng.random()
    if roll < 0.01:
        return rng.choice(["", "n/a", "twelve", "1,200", "-", "7 cars"])
    if roll < 0.02:
        return f"{count}.0"
    if roll < 0.025:
        return f"{count}.5"
    if roll < 0.028:
        return f"{count / 100:.2f}e2" if count else "0e0"
    if roll < 0.03:
        return f"-{count}"
    if roll < 0.035:
        return f" {count} "
    return str(count)


def timestamp_text(rng: random.Random, moment: datetime.datetime) -> str:
    roll = rng.random()
    day = moment.strftime("%Y-%m-%d")
    clock = moment.strftime("%H:%M:%S")
    if roll < 0.025:
        return rng.choice([
            f"{day} 25:00:00", "2024-02-30 10:00:00", moment.strftime("%d/%m/%Y %H:%M"),
            f"{day}T{clock}+01:00", f"{day}T{clock}-05:00", day, "", "yesterday", f"{day} 24:00:00",
            f"{day.replace('-', '/')} {clock}", f"{day} {clock}.1234567", f"{day}T{clock}z", f"{day} {clock[:6]}60",
            "   ", f"{day} {clock[:5]}", f"{day}t{clock}", f"{day}  {clock}", f"{day} {clock}.", f"{day} {clock} UTC",
            f"0000-01-01 {clock}", f"{day} {clock}ZZ",
        ])
    if roll < 0.45:
        return f"{day}T{clock}Z"
    if roll < 0.85:
        return f"{day} {clock}"
    if roll < 0.9:
        return f"{day}T{clock}.{moment.microsecond:06d}Z"
    if roll < 0.95:
        return f"{day} {clock}.{moment.microsecond // 1000:03d}"
    return f" {day}T{clock} "


def flag_text(rng: random.Random, flag: bool) -> str:
    if rng.random() < 0.015:
        return rng.choice(["maybe", "", "2", "?", " "])
    words = ["true", "TRUE", "True", " t ", "1", "yes", "Y", "T"] if flag else \
            ["false", "FALSE", "False", " f", "0", "no", "N", "F", "n"]
    return rng.choice(words)


def coordinate(rng: random.Random, value: float, limit: float) -> str:
    roll = rng.random()
    if roll < 0.01:
        return f"{rng.choice([1, -1]) * rng.uniform(limit + 0.1, limit * 2.5):.4f}"
    if roll < 0.017:
        return rng.choice(["", "n/a", "52,5", "north", " "])
    if roll < 0.02:
        return f"{value:.6f}"
    return repr(value)


def base_readings(rng: random.Random, sensor_list: list[Sensor], days: int, per_day: int):
    """One clean reading per sensor and slot, dirt applied field by field."""
    reading = 0
    step = 24 * 60 * 60 // per_day
    for day_index in range(days):
        day = FIRST_DAY + datetime.timedelta(days=day_index)
        for slot in range(per_day):
            for sensor in sensor_list:
                reading += 1
                moment = datetime.datetime.combine(day, datetime.time()) + datetime.timedelta(
                    seconds=slot * step + rng.randrange(0, step), microseconds=rng.randrange(0, 1_000_000))
                hour = moment.hour
                rush = 1.0 + (0.8 if hour in (7, 8, 16, 17) else 0.0)
                count = max(0, int(rng.gauss(30 * rush, 8)))
                occupancy = min(100.0, max(0.0, rng.gauss(18 * rush, 6)))
                speed = max(3.0, rng.gauss(70 - occupancy, 6))
                level = "LOW" if occupancy < 20 else "MEDIUM" if occupancy < 32 else "HIGH"
                if rng.random() < 0.006:
                    level = rng.choice(["SEVERE", "unknown", "n/a"])
                incident = rng.random() < 0.03
                system = sensor.system if rng.random() > 0.002 else "Loop\ncounter v2"
                yield [
                    f"R{reading:06d}" if rng.random() > 0.003 else rng.choice(["", "  "]),
                    sensor.sensor_id if rng.random() > 0.003 else rng.choice(["", f" {sensor.sensor_id} "]),
                    category(rng, sensor.road, 0.06),
                    category(rng, sensor.direction, 0.05),
                    sensor.segment if rng.random() > 0.004 else rng.choice(["", f"  {sensor.segment}"]),
                    category(rng, sensor.city, 0.12),
                    coordinate(rng, sensor.lat, 90.0),
                    coordinate(rng, sensor.lon, 180.0),
                    timestamp_text(rng, moment),
                    count_text(rng, count),
                    number(rng, speed, 1, 0.01),
                    number(rng, occupancy, 1, 0.01) if rng.random() > 0.004 else f"{occupancy:.0f}%",
                    category(rng, level, 0.15),
                    flag_text(rng, incident),
                    category(rng, system, 0.04),
                ]


def with_duplicates(rng: random.Random, rows: list[list[str]]) -> list[list[str]]:
    """About 2 % more rows re-using earlier reading ids: exact re-deliveries, later corrections, ties."""
    result = list(rows)
    candidates = [row for row in rows if row[0].strip()]
    for _ in range(len(rows) // 50):
        original = rng.choice(candidates)
        copy = list(original)
        kind = rng.random()
        if kind < 0.35:
            pass                                                 # the same bytes again
        elif kind < 0.6:
            copy[8] = shift_text(copy[8], minutes=rng.choice([5, 40, -3]))   # re-sent with another time
            copy[9] = str(rng.randrange(0, 90))
        elif kind < 0.8:
            copy[9] = str(rng.randrange(0, 90))                  # same time, another count: a tie to break
            copy[10] = f"{rng.uniform(20, 90):.1f}"
        elif kind < 0.9:
            copy[8] = rng.choice(["", "not a time"])             # a broken re-delivery
        else:
            copy[5] = mixed_case(rng, copy[5].strip() or "Berlin")   # same row, other spelling
            copy[12] = rng.choice(["low", "SEVERE", "High ", ""])
        result.append(copy)
    rng.shuffle(result)
    return result


def shift_text(text: str, minutes: int) -> str:
    moment = parse_timestamp(text.strip())
    if moment is None:
        return text
    return (moment + datetime.timedelta(minutes=minutes)).strftime("%Y-%m-%d %H:%M:%S.%f")


def generate_input(per_city: int = SENSORS_PER_CITY, days: int = DAYS) -> list[list[str]]:
    rng = random.Random(SEED)
    sensor_list = sensors(rng, per_city)
    rows = list(base_readings(rng, sensor_list, days, READINGS_PER_DAY))
    return with_duplicates(rng, rows)


# ---------------------------------------------------------------------------------- the STG rules

NUMBER = re.compile(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?")
TIMESTAMP_SHAPE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,6})?")
RANKS = {"LOW": 1, "MEDIUM": 2, "HIGH": 3}
TRUE_WORDS = {"TRUE", "T", "1", "YES", "Y"}
FALSE_WORDS = {"FALSE", "F", "0", "NO", "N"}


def trim(text: str | None) -> str | None:
    """SQL trim as the golden data needs it: spaces (U+0020) at both ends."""
    return None if text is None else text.strip(" ")


def text_or_null(text: str | None, upper: bool = False) -> str | None:
    value = trim(text)
    if value is None or value == "":
        return None
    return value.upper() if upper else value


def double(text: str | None) -> float | None:
    """try_cast(trim(x) as double): decimal or scientific notation, else NULL."""
    value = trim(text)
    if value is None or not NUMBER.fullmatch(value):
        return None
    return float(value)


def in_range(value: float | None, low: float, high: float) -> float | None:
    return value if value is not None and low <= value <= high else None


def parse_timestamp(text: str | None) -> datetime.datetime | None:
    """'YYYY-MM-DD[T ]HH:MM:SS[.f{1,6}][Z]' (after trim) with hour <= 23, minute and second <= 59 and a
    real calendar date from year 0001 on; everything else NULL."""
    value = trim(text)
    if value is None:
        return None
    if value.endswith("Z"):
        value = value[:-1]
    if not TIMESTAMP_SHAPE.fullmatch(value):
        return None
    year, month, day = int(value[0:4]), int(value[5:7]), int(value[8:10])
    hour, minute, second = int(value[11:13]), int(value[14:16]), int(value[17:19])
    fraction = value[20:]
    if year < 1 or hour > 23 or minute > 59 or second > 59:
        return None
    try:
        return datetime.datetime(year, month, day, hour, minute, second, int((fraction + "000000")[:6]))
    except ValueError:
        return None


def whole_count(text: str | None) -> int | None:
    value = in_range(double(text), -1e15, 1e15)
    if value is None or value != math.floor(value):
        return None
    return int(value)


def flag(text: str | None) -> bool | None:
    value = trim(text)
    if value is None:
        return None
    value = value.upper()
    return True if value in TRUE_WORDS else False if value in FALSE_WORDS else None


def typed(raw: dict[str, str]) -> dict:
    level = text_or_null(raw["congestion_level"], upper=True)
    moment = parse_timestamp(raw["measured_at_utc"])
    return {
        "reading_id": text_or_null(raw["reading_id"]),
        "sensor_id": text_or_null(raw["sensor_id"]),
        "road": text_or_null(raw["road"], upper=True),
        "direction": text_or_null(raw["direction"], upper=True),
        "road_segment_id": text_or_null(raw["road_segment_id"]),
        "city": text_or_null(raw["city"], upper=True),
        "lat": in_range(double(raw["lat"]), -90, 90),
        "lon": in_range(double(raw["lon"]), -180, 180),
        "measured_at_utc": moment,
        "traffic_date": moment.date() if moment else None,
        "vehicle_count": whole_count(raw["vehicle_count"]),
        "avg_speed_kmh": in_range(double(raw["avg_speed_kmh"]), -1e300, 1e300),
        "occupancy_pct": in_range(double(raw["occupancy_pct"]), -1e300, 1e300),
        "congestion_level": level,
        "congestion_level_rank": RANKS.get(level),
        "incident_flag": flag(raw["incident_flag"]),
        "source_system": text_or_null(raw["source_system"], upper=True),
    }


# The dedup order of stg_traffic.sql, every key ascending with NULLs last.
DEDUP_ORDER = ["measured_at_utc", "sensor_id", "vehicle_count", "avg_speed_kmh", "occupancy_pct",
               "congestion_level_rank", "city", "road", "direction", "road_segment_id", "lat", "lon",
               "source_system", "congestion_level", "incident_flag"]


def dedup_key(row: dict) -> tuple:
    return tuple((1,) if row[column] is None else (0, row[column]) for column in DEDUP_ORDER)


def stg(raw_rows: list[dict[str, str]]) -> list[dict]:
    kept: dict[str, dict] = {}
    for raw in raw_rows:
        row = typed(raw)
        if row["reading_id"] is None:
            continue
        best = kept.get(row["reading_id"])
        if best is None or dedup_key(row) < dedup_key(best):
            kept[row["reading_id"]] = row
    return [kept[key] for key in sorted(kept)]


def fct(stg_rows: list[dict]) -> list[dict]:
    groups: dict[tuple, list[dict]] = {}
    for row in stg_rows:
        if row["traffic_date"] is None or row["sensor_id"] is None:
            continue
        groups.setdefault((row["traffic_date"], row["sensor_id"], row["city"]), []).append(row)

    def average(values):
        values = [v for v in values if v is not None]
        return math.fsum(values) / len(values) if values else None

    result = []
    for (day, sensor, city), rows in groups.items():
        counts = [r["vehicle_count"] for r in rows if r["vehicle_count"] is not None]
        ranked = [r for r in rows if r["congestion_level_rank"] is not None]
        top = max(ranked, key=lambda r: r["congestion_level_rank"]) if ranked else None
        result.append({
            "sensor_id": sensor, "city": city, "readings": len(rows),
            "total_vehicle_count": sum(counts) if counts else None,
            "avg_vehicle_count": average([float(c) for c in counts]),
            "avg_speed_kmh": average([r["avg_speed_kmh"] for r in rows]),
            "avg_occupancy_pct": average([r["occupancy_pct"] for r in rows]),
            "congestion_level_max": top["congestion_level"] if top else None,
            "congestion_level_rank_max": top["congestion_level_rank"] if top else None,
            "incident_count": sum(1 for r in rows if r["incident_flag"] is True),
            "traffic_date": day,
        })
    # Sorted by traffic_date, sensor_id, city (NULL city last).
    result.sort(key=lambda r: (r["traffic_date"], r["sensor_id"], r["city"] is None, r["city"] or ""))
    return result


# ------------------------------------------------------------------------------------------- main

def write_input(path: Path, rows: list[list[str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        writer.writerow(RAW_COLUMNS)
        writer.writerows(rows)


def write_large_input(path: Path, rows: int) -> None:
    """The same readings and dirt at any size, streamed: more sensors per city, duplicates drawn from the
    last 1000 rows instead of the whole file, no shuffle (memory stays flat)."""
    rng = random.Random(SEED)
    per_city = max(SENSORS_PER_CITY, rows // (READINGS_PER_DAY * DAYS * len(CITIES)))
    recent: list[list[str]] = []
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        writer.writerow(RAW_COLUMNS)
        written = 0
        for row in base_readings(rng, sensors(rng, per_city), DAYS, READINGS_PER_DAY):
            writer.writerow(row)
            written += 1
            if len(recent) < 1000:
                recent.append(row)
            else:
                recent[written % 1000] = row
            if rng.random() < 0.02:
                writer.writerow(rng.choice(recent))
                written += 1
            if written >= rows:
                break


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, help="only write an input CSV of about this many rows")
    parser.add_argument("--out", type=Path, help="where --rows writes")
    arguments = parser.parse_args()
    if arguments.rows is not None:
        if arguments.out is None:
            parser.error("--rows needs --out")
        write_large_input(arguments.out, arguments.rows)
        return 0

    raw_rows = generate_input()
    write_input(HERE / "input" / "traffic.csv", raw_rows)
    stg_rows = stg([dict(zip(RAW_COLUMNS, row)) for row in raw_rows])
    fct_rows = fct(stg_rows)
    expected = HERE / "expected"
    expected.mkdir(exist_ok=True)
    (expected / "stg_traffic.csv").write_text(
        canonical.to_text(canonical.STG_COLUMNS, ([r[c] for c in canonical.STG_COLUMNS] for r in stg_rows)))
    (expected / "fct_traffic_daily.csv").write_text(
        canonical.to_text(canonical.FCT_COLUMNS, ([r[c] for c in canonical.FCT_COLUMNS] for r in fct_rows)))
    print(f"{len(raw_rows)} input rows, {len(stg_rows)} STG rows, {len(fct_rows)} CURATED rows")
    return 0


if __name__ == "__main__":
    sys.exit(main())
