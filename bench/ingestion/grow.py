#!/usr/bin/env python3
"""Grows a benchmark's SQLite database to a number of events by copying what the app stored.

Usage: grow.py DATABASE EVENTS [IDS_RECORDS]

Filling 10 million events through the app's writer takes an hour here; copying in SQL takes minutes.
The rows are the app's own (a prefill through run.sh stores the first ones); each round copies the
event log, its interaction records and (until IDS_RECORDS, default a million) the IDS records, with
every unique key made new: a copy's messageId (and its interaction records' event id) is a scrambled
number before its own event id, so copies spread over the dedupe index as random messageIds do, and
IDS primary keys and users get a round suffix, so the per-user indexes grow as a real customer's would. Copies keep their
source's payloads and times. The app must not be running. Prints the rows and the size per million events.
"""
import os
import sqlite3
import sys
import time

EVENT_COLUMNS = ("CustomerId", "SourceId", "MessageId", "Type", "EventName", "UserId", "ReceivedAtUtc", "Status",
                 "Reason", "ConfigurationVersion", "RecordKey", "RawPayload", "ReplayedAtUtc", "EnvelopeId")
INTERACTION_COLUMNS = ("CustomerId", "Extension", "EventId", "RecipientKey", "EventType", "EventTimestampUtc",
                       "FieldsJson", "ConfigurationVersion", "IngestedEventId", "CreatedAtUtc")
IDS_COLUMNS = ("CustomerId", "PrimaryKey", "Email", "FieldsJson", "ConfigurationVersion", "LastEventAtUtc",
               "CreatedAtUtc", "UpdatedAtUtc")


def copy(db, table, columns, changed, where):
    """INSERT INTO table SELECT its rows matching where, in id order, with the changed columns' expressions."""
    names = ", ".join(f'"{c}"' for c in columns)
    values = ", ".join(changed.get(c, f'"{c}"') for c in columns)
    return db.execute(f'INSERT INTO "{table}" ({names}) SELECT {values} FROM "{table}" WHERE {where} ORDER BY "Id"').rowcount


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    path, target = sys.argv[1], int(sys.argv[2])
    ids_target = int(sys.argv[3]) if len(sys.argv) > 3 else 1_000_000
    db = sqlite3.connect(path, isolation_level=None)
    # A copy that fails half-way is thrown away with its folder, so the fast settings are safe here.
    db.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-6000000; PRAGMA temp_store=MEMORY;")
    started = time.time()
    round_ = 0
    while True:
        held = db.execute('SELECT COALESCE(MAX("Id"), 0) FROM "Events"').fetchone()[0]
        count = db.execute('SELECT COUNT(*) FROM "Events"').fetchone()[0]
        if held != count:
            sys.exit(f"event ids have gaps ({count} rows, highest id {held}): the copies' ids could not be derived")
        if held >= target or held == 0:
            break
        round_ += 1
        take = min(held, target - held)
        suffix = f"'-g{round_}'"
        # Knuth's multiplicative hash of the copy's id: random-looking, and unique with the id after it.
        message_id = lambda id_: f"printf('%010d-grown-%d', (({id_} + {held}) * 2654435761) % 4294967296, {id_} + {held})"
        db.execute("BEGIN")
        events = copy(db, "Events", EVENT_COLUMNS, {
            "MessageId": message_id('"Id"'),
            "UserId": f'"UserId" || {suffix}',
            "RecordKey": f'"RecordKey" || {suffix}',
        }, f'"Id" <= {take}')
        # A copied event's id is its source's plus `held`: ids are dense and the copies went in in order.
        interactions = copy(db, "InteractionRecords", INTERACTION_COLUMNS, {
            "EventId": message_id('"IngestedEventId"'),
            "RecipientKey": f'"RecipientKey" || {suffix}',
            "IngestedEventId": f'"IngestedEventId" + {held}',
        }, f'"IngestedEventId" <= {take}')
        ids_held = db.execute('SELECT COUNT(*) FROM "IdsRecords"').fetchone()[0]
        records = 0
        if ids_held < ids_target:
            records = copy(db, "IdsRecords", IDS_COLUMNS, {"PrimaryKey": f'"PrimaryKey" || {suffix}'},
                           f'"Id" <= (SELECT MIN("Id") FROM "IdsRecords") + {min(ids_held, ids_target - ids_held) - 1}')
        db.execute("COMMIT")
        print(f"round {round_}: +{events} events, +{interactions} interaction records, +{records} IDS records "
              f"({time.time() - started:.0f} s)", flush=True)
    db.execute("PRAGMA journal_mode=WAL")
    rows = {t: db.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0]
            for t in ("Events", "InteractionRecords", "IdsRecords", "EventEnvelopes")}
    db.close()
    size = sum(os.path.getsize(path + s) for s in ("", "-wal") if os.path.exists(path + s))
    print("rows: " + ", ".join(f"{t} {n}" for t, n in rows.items()))
    print(f"database: {size / 2**20:.0f} MB, {size / 2**20 / (rows['Events'] / 1e6):.0f} MB per million events "
          f"({time.time() - started:.0f} s)")


main()
