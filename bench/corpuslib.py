"""What the evaluation scripts in bench/ share: loading records into a corpus database."""
import json
import os
import subprocess


def ingest_records(corpus, records, tmp, *options):
    """Writes `records` as JSON Lines in the directory `tmp`, ingests them into a new database
    there with `corpus ingest -q OPTIONS...`, and returns the database's path."""
    path = os.path.join(tmp, "records.jsonl")
    with open(path, "w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    db = os.path.join(tmp, "corpus.db")
    subprocess.run([corpus, "--db", db, "ingest", "-q", *options, path], check=True)
    return db
