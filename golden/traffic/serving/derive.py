#!/usr/bin/env python3
"""The golden serving answer of `sluice serve traffic`, derived from expected/stg_traffic.csv (stdlib only).

Writes, beside this script:
  dim_sensor.csv           curated.dim_sensor as serve must build it, by the rule below
  sensors_within_5km.csv   the sensors of dim_sensor within 5 km of POINT, nearest first

dim_sensor rule (the same as the SQL of Sources/Platform/Serving/TrafficServingSQL.swift), over the STG
rows with a sensor_id:
  position    the sensor's most frequent (lat, lon) pair among rows where both are non-NULL; ties broken
              by the smallest lat, then the smallest lon; NULL when no row has both
  city, road  the most frequent non-NULL value; ties broken by the smallest (code point order)
  readings    the number of STG rows of the sensor
  first_seen, last_seen   min and max of the non-NULL measured_at_utc (NULL when none)

Distances are great-circle distances on a sphere of radius 6,371,008.8 m (haversine). PostGIS measures
geography on the WGS 84 spheroid, which differs by well under 0.5 % (25 m at 5 km); POINT is chosen so no
sensor is within MARGIN_M (50 m) of the 5 km boundary, so both measures give the same set, and the
script refuses to write an answer when that stops being true.
"""
import csv
import math
import os
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
STG = os.path.join(HERE, "..", "expected", "stg_traffic.csv")
POINT = (52.52, 13.40)  # (lat, lon): central Berlin
RADIUS_M = 5000.0
MARGIN_M = 50.0
EARTH_RADIUS_M = 6371008.8


def most_frequent(values):
    """The most frequent value, the smallest among equally frequent ones; None for no values."""
    counts = Counter(values)
    if not counts:
        return None
    return min(counts, key=lambda value: (-counts[value], value))


def distance_m(lat1, lon1, lat2, lon2):
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(a))


def derive_sensors(rows):
    by_sensor = {}
    for row in rows:
        if row["sensor_id"]:
            by_sensor.setdefault(row["sensor_id"], []).append(row)
    sensors = []
    for sensor_id in sorted(by_sensor):
        readings = by_sensor[sensor_id]
        position = most_frequent(
            (float(r["lat"]), float(r["lon"])) for r in readings if r["lat"] and r["lon"])
        times = [r["measured_at_utc"] for r in readings if r["measured_at_utc"]]
        sensors.append({
            "sensor_id": sensor_id,
            "city": most_frequent(r["city"] for r in readings if r["city"]),
            "road": most_frequent(r["road"] for r in readings if r["road"]),
            "lat": position[0] if position else None,
            "lon": position[1] if position else None,
            "readings": len(readings),
            # canonical timestamps have a fixed width, so text order is time order
            "first_seen": min(times) if times else None,
            "last_seen": max(times) if times else None,
        })
    return sensors


def text(value):
    return "" if value is None else repr(value) if isinstance(value, float) else str(value)


def write(path, header, rows):
    with open(path, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow([text(row[column]) for column in header])


def main():
    with open(STG, newline="", encoding="utf-8") as source:
        sensors = derive_sensors(csv.DictReader(source))
    write(os.path.join(HERE, "dim_sensor.csv"),
          ["sensor_id", "city", "road", "lat", "lon", "readings", "first_seen", "last_seen"], sensors)

    near = []
    for sensor in sensors:
        if sensor["lat"] is None:
            continue
        distance = distance_m(POINT[0], POINT[1], sensor["lat"], sensor["lon"])
        if abs(distance - RADIUS_M) <= MARGIN_M:
            raise SystemExit(f"{sensor['sensor_id']} is {distance:.0f} m from {POINT}: within {MARGIN_M} m of "
                             f"the boundary, where sphere and spheroid may disagree; choose another point")
        if distance < RADIUS_M:
            near.append(dict(sensor, distance_m=round(distance)))
    near.sort(key=lambda sensor: (sensor["distance_m"], sensor["sensor_id"]))
    write(os.path.join(HERE, "sensors_within_5km.csv"),
          ["sensor_id", "city", "road", "lat", "lon", "distance_m"], near)


if __name__ == "__main__":
    main()
