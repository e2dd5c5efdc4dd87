#!/usr/bin/env python3
"""Generates the golden sales-orders input and computes what `sluice etl sales-orders` must make of it.

    python3 golden/sales_orders/generate.py     # rewrites input/ and expected/ beside this file

Deterministic: one random.Random with a fixed seed, standard library only, so the same Python 3 writes
the same bytes. The expected outputs are computed here in plain Python from the rules README.md restates
(the dataset's declared field rules, PII masking with the golden salt, last row of a key wins), without
PostgreSQL; the Swift tests and `smoke pipelines` hold the ETL to these files.
"""

from __future__ import annotations

import csv
import datetime
import decimal
import hashlib
import io
import random
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = 20260301
# A test value, written here on purpose so anyone can recompute the hashes; never a deployment's salt.
SALT = "golden-sales-orders-salt"
COLUMNS = ["order_id", "order_date", "customer_id", "customer_name", "email", "phone", "street_address", "city",
           "country", "product_id", "product_name", "category", "channel", "quantity", "unit_price", "unit_cost"]
REDACTED = "[REDACTED]"

# The rules of BatchDataset.salesOrders (Sources/Platform/BatchETL/BatchDataset.swift), in column order:
# (name, type, required, range, pattern, allowed, max length).
COUNTRIES = ["BE", "DE", "ES", "FR", "GB", "IE", "IT", "NL", "PT", "US"]
CATEGORIES = ["Clothing", "Electronics", "Furniture", "Grocery", "Office Supplies"]
CHANNELS = ["online", "phone", "store"]
RULES = [
    ("order_id", "text", True, None, r"^SO-[0-9]{6,12}$", None, None),
    ("order_date", "date", True, None, None, None, None),
    ("customer_id", "text", True, None, r"^C[0-9]{1,9}$", None, None),
    ("customer_name", "text", True, None, None, None, 200),
    ("email", "text", True, None, r"^[^@\s,]+@[^@\s,]+\.[A-Za-z]{2,}$", None, 254),
    ("phone", "text", False, None, r"^\+?[0-9 ()-]{6,20}$", None, None),
    ("street_address", "text", False, None, None, None, 200),
    ("city", "text", True, None, None, None, 100),
    ("country", "text", True, None, None, COUNTRIES, None),
    ("product_id", "text", True, None, r"^P[0-9]{1,9}$", None, None),
    ("product_name", "text", True, None, None, None, 200),
    ("category", "text", True, None, None, CATEGORIES, None),
    ("channel", "text", True, None, None, CHANNELS, None),
    ("quantity", "integer", True, (1, 10000), None, None, None),
    ("unit_price", "decimal", True, (0.01, 1000000), None, None, None),
    ("unit_cost", "decimal", True, (0, 1000000), None, None, None),
]

CUSTOMERS = [  # id, name, email, phone, street address, city, country
    ("C77000001", "Alice Martins", "alice.martins@example.com", "+351 912 345 678", "12 Rua Augusta, 3º", "Lisbon", "PT"),
    ("C77000002", "Bruno Costa", "Bruno.Costa@Example.com", "+351 913 000 111", "5 Avenida da Liberdade", "Lisbon", "PT"),
    ("C77000003", "Carla Dias", "carla.dias@example.pt", "", "9 Rua do Ouro", "Porto", "PT"),
    ("C77000004", "Dieter Krause", "d.krause@example.de", "+49 30 1234567", "Unter den Linden 7", "Berlin", "DE"),
    ("C77000005", "Emma O'Brien", "emma.obrien@example.ie", "+353 (1) 555-0101", "3 \"The\" Quay", "Dublin", "IE"),
    ("C77000006", "François Petit", "francois@example.fr", "+33 1 44 55 66 77", "", "Paris", "FR"),
    ("C77000007", "Giulia Rossi", "giulia.rossi@example.it", "+39 06 1234 5678", "Via Roma 1\nScala B", "Rome", "IT"),
    ("C77000008", "Hannah Smith", "hannah@example.co.uk", "+44 20 7946 0000", "221B Baker Street", "London", "GB"),
]
PRODUCTS = [  # id, name, category, unit price, unit cost
    ("P7701", "Desk Lamp", "Furniture", "19.90", "7.50"),
    ("P7702", "USB Hub", "Electronics", "25.00", "10.00"),
    ("P7703", "Notebook A5", "Office Supplies", "3.49", "1.10"),
    ("P7704", "Rain Jacket", "Clothing", "89.00", "41.25"),
    ("P7705", "Olive Oil 1 L", "Grocery", "11.75", "6.80"),
    ("P7706", "Office Chair", "Furniture", "249.00", "120.00"),
]


def check(rule, value: str) -> str | None:
    """The first broken part of one rule, in FieldRule.check's order, or None."""
    name, kind, required, bounds, pattern, allowed, max_length = rule
    if value == "":
        return "required value is missing" if required else None
    if max_length is not None and len(value) > max_length:
        return f"longer than {max_length} characters"
    if kind == "integer":
        if not re.fullmatch(r"[+-]?[0-9]+", value):
            return "not an integer"
        number = float(int(value))
    elif kind == "decimal":
        if not re.fullmatch(r"-?[0-9.]*", value) or not re.search(r"[0-9]", value) or value.count(".") > 1:
            return "not a decimal number"
        number = float(value)
    else:
        number = None
    if kind == "date" and not is_date(value):
        return "not a calendar date (YYYY-MM-DD)"
    if number is not None and bounds is not None and not bounds[0] <= number <= bounds[1]:
        return f"outside {bound(bounds[0])}…{bound(bounds[1])}"
    if pattern is not None and not re.search(pattern, value):
        return f"does not match {pattern}"
    if allowed is not None and value not in allowed:
        return "not one of " + ", ".join(allowed)
    return None


def bound(value) -> str:
    return str(int(value)) if float(value) == int(value) else repr(float(value))


def is_date(value: str) -> bool:
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        return False
    try:
        return datetime.date.fromisoformat(value).year >= 1
    except ValueError:
        return False


def mask(record: dict) -> dict:
    """PII as the ETL masks it on reading: the email salted and hashed, phone and address redacted."""
    masked = dict(record)
    if masked["email"]:
        masked["email"] = hashlib.sha256((SALT + masked["email"].strip(" \t").lower()).encode()).hexdigest()
    for name in ("phone", "street_address"):
        if masked[name]:
            masked[name] = REDACTED
    return masked


def order(number: int, day: datetime.date, customer, product, channel: str, quantity: int, **changes) -> dict:
    record = dict(zip(COLUMNS, [
        f"SO-77{number:08d}", day.isoformat(), customer[0], customer[1], customer[2], customer[3], customer[4],
        customer[5], customer[6], product[0], product[1], product[2], channel, str(quantity), product[3], product[4]]))
    record.update(changes)
    return record


def make_input(rng: random.Random) -> list[dict]:
    start = datetime.date(2026, 3, 1)
    rows = []
    for number in range(1, 61):
        rows.append(order(number, start + datetime.timedelta(days=rng.randrange(14)), rng.choice(CUSTOMERS),
                          rng.choice(PRODUCTS), rng.choice(CHANNELS), rng.randint(1, 9)))
    # Dirt: each replaces a good order's values, one or more rules broken.
    dirt = [
        {"quantity": "0"}, {"quantity": "-2"}, {"quantity": "2.5"}, {"quantity": "10001"}, {"quantity": ""},
        {"email": "carla.dias-at-example.com"}, {"email": " Alice.Martins@Example.com "}, {"email": "a@b,c.com"},
        {"order_date": ""}, {"order_date": "2026-02-30"}, {"order_date": "01/03/2026"},
        {"country": "XX"}, {"country": "pt"}, {"category": "Toys"}, {"channel": "ONLINE"},
        {"unit_price": "12,50"}, {"unit_price": "0"}, {"unit_price": "1e3"}, {"unit_cost": "-1.00"},
        {"order_id": "SO-12"}, {"customer_id": "X77000001"}, {"product_id": "p7701"},
        {"phone": "call me maybe"}, {"customer_name": "N" * 201},
        {"quantity": "0", "email": "no-at-sign", "country": "Atlantis"},
    ]
    for index, changes in zip(rng.sample(range(len(rows)), len(dirt)), dirt):
        rows[index].update(changes)
    # Later rows of a key win: a corrected re-send of an order, a customer who moved, a renamed product,
    # and a re-send that is itself broken (quarantined, so the earlier good row stays).
    good = [r for r in rows if all(check(rule, r[rule[0]]) is None for rule in RULES)]
    resent = dict(good[0], quantity=str(int(good[0]["quantity"]) + 1), channel="phone")
    moved = dict(good[1], order_id="SO-7700000090", city="Coimbra")
    renamed = dict(good[2], order_id="SO-7700000091", product_name=good[2]["product_name"] + " v2")
    broken_resend = dict(good[3], quantity="zero")
    unit_price_spelling = dict(good[4], order_id="SO-7700000092", unit_price="19.9", unit_cost="7.5")
    rows += [resent, renamed, broken_resend, unit_price_spelling, moved]
    short = [good[5][name] for name in COLUMNS[:10]]
    return rows, short


def write_input(rows: list[dict], short: list[str]) -> list[tuple[int, int, dict, list[tuple[str, str]]]]:
    """Writes input/sales_orders.csv; returns per data row its row number, start line, record and violations."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    seen = []
    line = 2
    for number, record in enumerate(rows, 1):
        if number == 40:  # this order cut short: 10 fields where the header has 16
            before = out.tell()
            writer.writerow(short)
            partial = dict(zip(COLUMNS, short + [""] * 6))
            violations = [("*", "10 fields where the header has 16")] + [
                (rule[0], reason) for rule in RULES if (reason := check(rule, partial[rule[0]]))]
            seen.append((number, line, partial, violations))
            line += out.getvalue()[before:].count("\n")
            continue
        before = out.tell()
        writer.writerow([record[c] for c in COLUMNS])
        violations = [(rule[0], reason) for rule in RULES if (reason := check(rule, record[rule[0]]))]
        seen.append((number, line, record, violations))
        line += out.getvalue()[before:].count("\n")
    (HERE / "input").mkdir(exist_ok=True)
    (HERE / "input" / "sales_orders.csv").write_text(out.getvalue(), encoding="utf-8")
    return seen


def to_csv(columns: list[str], rows: list[list]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(rows)
    return out.getvalue()


def money(value: decimal.Decimal) -> str:
    return str(value.quantize(decimal.Decimal("0.01"), rounding=decimal.ROUND_HALF_UP))


def main() -> None:
    rows, short = make_input(random.Random(SEED))
    seen = write_input(rows, short)
    expected = HERE / "expected"
    expected.mkdir(exist_ok=True)

    quarantine = [[number, line, violations[0][0], violations[0][1], " | ".join(f"{f}: {r}" for f, r in violations),
                   masked["order_id"], masked["email"], masked["phone"], masked["street_address"]]
                  for number, line, record, violations in seen if violations for masked in [mask(record)]]
    (expected / "quarantine.csv").write_text(to_csv(
        ["row", "line", "field", "reason", "violations", "order_id", "email", "phone", "street_address"], quarantine))

    good = [mask(record) for _, _, record, violations in seen if not violations]
    customers, products, dates, facts = {}, {}, {}, {}
    for r in good:  # file order: the last row of a key wins
        customers[r["customer_id"]] = [r["customer_id"], r["customer_name"], r["email"], r["city"], r["country"]]
        products[r["product_id"]] = [r["product_id"], r["product_name"], r["category"]]
        day = datetime.date.fromisoformat(r["order_date"])
        dates.setdefault(day, [day.isoformat(), day.year, (day.month - 1) // 3 + 1, day.month, day.day, day.isoweekday()])
        quantity, price, cost = int(r["quantity"]), decimal.Decimal(r["unit_price"]), decimal.Decimal(r["unit_cost"])
        facts[r["order_id"]] = [r["order_id"], day.isoformat(), r["customer_id"], r["product_id"], r["channel"], quantity,
                                money(price), money(cost), money(quantity * price), money(quantity * (price - cost))]
    (expected / "dim_customer.csv").write_text(to_csv(
        ["customer_id", "customer_name", "email_sha256", "city", "country"], [customers[k] for k in sorted(customers)]))
    (expected / "dim_product.csv").write_text(to_csv(
        ["product_id", "product_name", "category"], [products[k] for k in sorted(products)]))
    (expected / "dim_date.csv").write_text(to_csv(
        ["date_key", "year", "quarter", "month", "day", "iso_weekday"], [dates[k] for k in sorted(dates)]))
    (expected / "fact_sales.csv").write_text(to_csv(
        ["order_id", "date_key", "customer_id", "product_id", "channel", "quantity", "unit_price", "unit_cost", "revenue",
         "profit"], [facts[k] for k in sorted(facts)]))
    print(f"{len(seen)} rows: {len(good)} good, {len(quarantine)} quarantined; {len(customers)} customers, "
          f"{len(products)} products, {len(dates)} dates, {len(facts)} facts")


if __name__ == "__main__":
    main()
