#!/usr/bin/env python3
"""Concurrency: readers never fail while an ingest writes, and two ingests at once lose nothing.

    concurrency_test.py CORPUS SEEDS_DIR [--records 6000] [--keep DIR]

1. While `corpus ingest` writes a generated corpus, searches (plain, accented, filtered,
   phrase, JSON and count output), `stats`, `entity` and `show` run in a loop on the same
   database. Every one must succeed (exit 0, or 1 for nothing found yet), never fail or
   print an error, and its JSON must parse.
2. Two ingests of the same corpus into one database at once: each waits for the other's
   transactions (exit 0) or, if it gives up, says why on one `corpus: error:` line; re-run
   to the end, the database equals one made by a single ingest, table by table.
3. Two ingests of the two halves at once: every article, source, fingerprint and dedupe pair
   is there and `corpus check` passes (which entity spelling comes first, and so names an
   entity, may differ with the interleaving). And the corpus ingested backwards has the same
   dedupe pairs: they do not depend on the order articles were stored in.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gen_corpus import write_corpus  # noqa: E402
from snapshot import differences, half_written, snapshot  # noqa: E402

READS = [["search", "dai", "--json"], ["search", "Đại hội", "--json", "--limit", "5"], ["search", "trade", "--count"],
         ["search", '"Bộ Công an"', "--tsv"], ["search", "hop tac", "--from", "2020-01-01", "--json"],
         ["search", "Azerbaijan", "--country", "Nam Phi", "--json"], ["stats"], ["entity", "Nhật Bản"], ["show", "g1"]]


def fail(msg):
    raise SystemExit("FAIL: " + msg)


def corpus(a, db, *args, ok=(0,)):
    r = subprocess.run([a.corpus, "--db", db, *args], capture_output=True, text=True)
    if r.returncode not in ok:
        fail(f"corpus {' '.join(args)} exited {r.returncode}: {r.stderr.strip()}")
    return r


def remove_db(db):
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)


def reads_during_ingest(a, work, src):
    db = os.path.join(work, "reads.db")
    writer = subprocess.Popen([a.corpus, "--db", db, "ingest", "-q", "--batch", "200", "--jsonl", src],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    while not os.path.exists(db) and writer.poll() is None:
        time.sleep(0.01)
    runs, seen = 0, set()
    while writer.poll() is None:
        for args in READS:
            r = subprocess.run([a.corpus, "--db", db, *args], capture_output=True, text=True)
            runs += 1
            # 1: nothing found yet (a filter may say that its entity is not there yet). Any
            # other exit, or an error, is a failure.
            if r.returncode not in (0, 1) or "error" in r.stderr or (r.returncode == 0 and r.stderr.strip()):
                fail(f"`corpus {' '.join(args)}` during the ingest exited {r.returncode}: {r.stderr.strip()}")
            if "--json" in args:
                for line in r.stdout.splitlines():
                    json.loads(line)
            if r.returncode == 0:
                seen.add(args[1] if args[0] == "search" else args[0])
    if writer.returncode != 0:
        fail(f"the ingest under reads exited {writer.returncode}: {writer.stderr.read()}")
    writer.stderr.close()
    print(f"reads during an ingest: {runs} commands, none failed; {len(seen)} kinds found something")
    if runs < len(READS):
        fail("the ingest ended before one round of reads; the corpus is too small for this machine")
    return db


def two_at_once(a, db, sources):
    remove_db(db)
    procs = [subprocess.Popen([a.corpus, "--db", db, "ingest", "-q", "--batch", "300", "--jsonl", s],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True) for s in sources]
    codes = []
    for p in procs:
        err = p.communicate()[1]
        codes.append(p.returncode)
        if p.returncode != 0:
            lines = err.strip().splitlines()
            if p.returncode != 2 or len(lines) != 1 or not lines[0].startswith("corpus: error: "):
                fail(f"a concurrent ingest exited {p.returncode} without one clear message: {err!r}")
            print(f"  one ingest gave up: {lines[0]}")
    return codes


def unordered_pairs(rows):
    """Pairs as sets of facts: which article of a pair comes first follows the order they were
    stored in, except for an excerpt, which comes first whatever it is."""
    out = set()
    for x, y, relation, cov_x, cov_y, words, passages in rows:
        passages = json.loads(passages)
        if relation != "contained" and y < x:
            passages = [[p[2], p[3], p[0], p[1], p[4]] for p in passages]
            x, y, cov_x, cov_y = y, x, cov_y, cov_x
        out.add((x, y, relation, cov_x, cov_y, words, json.dumps(sorted(passages), separators=(",", ":"))))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("seeds")
    ap.add_argument("--records", type=int, default=int(os.environ.get("CORPUS_FAULT_RECORDS", "6000")))
    ap.add_argument("--keep")
    a = ap.parse_args()
    work = a.keep or tempfile.mkdtemp(prefix="corpus-concurrency-")
    os.makedirs(work, exist_ok=True)
    try:
        src = os.path.join(work, "g.jsonl")
        write_corpus(a.seeds, src, a.records, 2)
        ref = os.path.join(work, "ref.db")
        remove_db(ref)
        corpus(a, ref, "ingest", "-q", "--jsonl", src)
        corpus(a, ref, "dedupe", "-q")
        expected = snapshot(ref)

        db = reads_during_ingest(a, work, src)
        corpus(a, db, "dedupe", "-q")
        diff = differences(expected, snapshot(db))
        if diff:
            fail("the ingest under reads differs from the reference:\n" + "\n".join(diff))

        same = os.path.join(work, "same.db")
        codes = two_at_once(a, same, [src, src])
        corpus(a, same, "ingest", "-q", "--jsonl", src)  # finishes what a give-up left
        corpus(a, same, "dedupe", "-q")
        diff = differences(expected, snapshot(same))
        if diff:
            fail("two ingests of one corpus at once differ from one ingest:\n" + "\n".join(diff))
        print(f"two ingests of one corpus at once: exits {codes}; the database equals one ingest's")

        lines = open(src, encoding="utf-8").read().splitlines(keepends=True)
        halves = [os.path.join(work, "h1.jsonl"), os.path.join(work, "h2.jsonl")]
        for path, part in zip(halves, (lines[: len(lines) // 2], lines[len(lines) // 2:])):
            with open(path, "w", encoding="utf-8") as f:
                f.writelines(part)
        both = os.path.join(work, "halves.db")
        codes = two_at_once(a, both, halves)
        for h in halves:
            corpus(a, both, "ingest", "-q", "--jsonl", h)
        corpus(a, both, "dedupe", "-q")
        c = corpus(a, both, "check", ok=(0, 1))
        if c.returncode != 0:
            fail(f"check after two halves at once: {c.stdout}")
        problems = half_written(both)
        if problems:
            fail("half-written articles after two halves at once:\n" + "\n".join(problems[:10]))
        got = snapshot(both)
        # Sources and source names are the halves' files: compare what the records are, not
        # where they came from.
        for snap in (got, expected):
            snap["articles"] = sorted((r[:1] + r[2:] for r in snap["articles"]), key=repr)
        for table in ("articles", "fingerprints", "vocab"):
            if got[table] != expected[table]:
                fail(f"two halves at once: {table} differ: " + "\n".join(differences(expected, got)))
        if unordered_pairs(got["pairs"]) != unordered_pairs(expected["pairs"]):
            x, y = unordered_pairs(expected["pairs"]), unordered_pairs(got["pairs"])
            fail("two halves at once: the dedupe pairs differ:\n" + "\n".join(
                [f"  only in one ingest: {r}" for r in sorted(x - y)[:5]] + [f"  only in the halves: {r}" for r in sorted(y - x)[:5]]))
        if len(got["sources"]) != len(expected["sources"]):
            fail(f"two halves at once: {len(got['sources'])} sources against {len(expected['sources'])}")
        print(f"two halves at once: exits {codes}; every article, source and fingerprint is there; check ok")

        # The same pairs whatever order the articles were stored in (which interleaved ingests
        # leave to chance): the corpus ingested backwards.
        backwards = os.path.join(work, "backwards.jsonl")
        with open(backwards, "w", encoding="utf-8") as f:
            f.writelines(reversed(lines))
        rev = os.path.join(work, "backwards.db")
        corpus(a, rev, "ingest", "-q", "--jsonl", backwards)
        corpus(a, rev, "dedupe", "-q")
        x, y = unordered_pairs(expected["pairs"]), unordered_pairs(snapshot(rev)["pairs"])
        if x != y:
            fail("ingested backwards, the dedupe pairs differ:\n" + "\n".join(
                [f"  forwards only: {r}" for r in sorted(x - y)[:5]] + [f"  backwards only: {r}" for r in sorted(y - x)[:5]]))
        print(f"ingested backwards: the same {len(x)} dedupe pairs")
        print("ok")
        return 0
    finally:
        if not a.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
