#!/usr/bin/env python3
"""Crash safety: `corpus ingest` killed with SIGKILL at random moments loses nothing it had
committed and leaves nothing half-written.

    crash_test.py CORPUS SEEDS_DIR [--kills 20] [--command-kills 5] [--records 8000] [--seed 1] [--keep DIR]

A generated corpus (gen_corpus.py) is ingested once without interruption, then `corpus dedupe`:
the reference. Into a second database the same ingest is started again and again and killed
with SIGKILL at a random moment, until it has been killed mid-run --kills times; batch sizes
vary so that kills land inside transactions, between them, in index runs and checkpoints.
After every kill:
  - `corpus check` passes (SQLite's integrity check, the FTS5 index against the stored text,
    the entity and dedupe tables);
  - every article is whole: its source, its fingerprints, its entities' rows (snapshot.py).
Then the ingest runs to its end. `corpus dedupe` and then `corpus reindex` are killed
--command-kills times each, every attempt from the same starting copy: after each kill `corpus
check` passes and every table is as before the command or as the command leaves it (each
writes in one transaction per part). Then `corpus dedupe` runs, and every table equals the reference's
(articles, hashes, sources, entities, aliases, mentions, roles, vocabulary, fingerprints,
dedupe pairs) and the same searches count the same matches. Exit 0 when all of that holds.
"""
import argparse
import os
import random
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gen_corpus import write_corpus  # noqa: E402
from harness import in_workdir  # noqa: E402
from snapshot import differences, half_written, snapshot  # noqa: E402

SEARCHES = [["dai"], ["Đại hội"], ["trade"], ["chinh phu"], ['"Bộ Công an"'], ["Azerbaijan", "--country", "Nam Phi"],
            ["hop tac", "--from", "2020-01-01", "--to", "2022-12-31"]]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("seeds")
    ap.add_argument("--kills", type=int, default=20)
    ap.add_argument("--command-kills", type=int, default=int(os.environ.get("CORPUS_FAULT_COMMAND_KILLS", "5")),
                    help="kills of `corpus dedupe` and of `corpus reindex`")
    # CORPUS_FAULT_RECORDS: fewer for slow builds (tests/sanitize.sh).
    ap.add_argument("--records", type=int, default=int(os.environ.get("CORPUS_FAULT_RECORDS", "8000")))
    ap.add_argument("--seed", type=int, default=int(os.environ.get("CRASH_SEED", "1")))
    ap.add_argument("--keep", help="work here and keep the databases")
    a = ap.parse_args()
    return in_workdir(a.keep, "corpus-crash-", lambda work: run(a, work))


def corpus(a, db, *args, check=True):
    r = subprocess.run([a.corpus, "--db", db, *args], capture_output=True, text=True)
    if check and r.returncode != 0:
        raise SystemExit(f"FAIL: corpus {' '.join(args)} exited {r.returncode}: {r.stderr.strip()}")
    return r


def counts(a, db):
    return [corpus(a, db, "search", *q, "--count", check=False).stdout.strip() for q in SEARCHES]


def kill_once(a, db, args, delay, states, what):
    """Runs `corpus ARGS` and kills it after `delay` s; the database must then equal one of
    `states` (snapshots). 1 when the kill landed, 0 when the command had already finished."""
    p = subprocess.Popen([a.corpus, "--db", db, *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    time.sleep(delay)
    if p.poll() is not None:
        err = p.stderr.read().decode()
        p.stderr.close()
        if p.returncode not in (0, 1):
            raise SystemExit(f"FAIL: corpus {' '.join(args)} exited {p.returncode}: {err}")
        return 0
    p.kill()
    p.wait()
    p.stderr.close()
    c = corpus(a, db, "check", check=False)
    if c.returncode != 0 or c.stdout.strip() != "ok":
        raise SystemExit(f"FAIL after {what}: corpus check exited {c.returncode}:\n{c.stdout}{c.stderr}")
    got = snapshot(db)
    diffs = [differences(state, got) for state in states]
    if all(diffs):
        raise SystemExit(f"FAIL after {what} ({delay:.2f} s): the database is neither as before the command nor"
                         " as after it:\n" + "\n".join(diffs[0]))
    print(f"{what} after {delay:.2f} s: check ok, every table as {'before' if not diffs[0] else 'after'} the command")
    return 1


def copy_db(src, dst):
    remove_db(dst)
    for suffix in ("", "-wal"):
        if os.path.exists(src + suffix):
            shutil.copy(src + suffix, dst + suffix)


def remove_db(db):
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)


def run(a, work):
    rnd = random.Random(a.seed)
    src = os.path.join(work, "g.jsonl")
    write_corpus(a.seeds, src, a.records, a.seed)
    ref, db = os.path.join(work, "ref.db"), os.path.join(work, "crash.db")
    t0 = time.monotonic()
    corpus(a, ref, "ingest", "-q", "--jsonl", src)
    full = time.monotonic() - t0
    t0 = time.monotonic()
    corpus(a, ref, "dedupe", "-q")
    dedupe_time = time.monotonic() - t0
    expected, expected_counts = snapshot(ref), counts(a, ref)
    print(f"reference: {len(expected['articles'])} articles, {len(expected['entities'])} entities,"
          f" {len(expected['pairs'])} dedupe pairs; ingest {full:.2f} s")

    kills = rounds = completed = 0
    while kills < a.kills:
        rounds += 1
        if rounds > a.kills * 4:
            raise SystemExit(f"FAIL: only {kills} of {a.kills} kills landed in {rounds - 1} runs")
        batch = rnd.choice(["50", "300", "2000"])
        fresh = not os.path.exists(db)
        delay = rnd.uniform(0.0, full)
        started = time.monotonic()
        p = subprocess.Popen([a.corpus, "--db", db, "ingest", "-q", "--batch", batch, "--jsonl", src],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        time.sleep(delay)
        if p.poll() is None:
            p.kill()
            p.wait()
            kills += 1
            what = f"kill {kills} after {delay:.2f} s (batch {batch})"
        else:
            if p.returncode != 0:
                raise SystemExit(f"FAIL: ingest exited {p.returncode}: {p.stderr.read().decode()}")
            # It finished: start the next runs from an empty database, so that kills keep
            # landing in the middle of an ingest rather than at its end.
            completed += 1
            what = f"run finished before {delay:.2f} s"
            if fresh:
                # The machine is faster or slower than when the reference ran: aim within the
                # time a whole ingest takes now.
                full = time.monotonic() - started
        p.stderr.close()
        if os.path.exists(db):
            c = corpus(a, db, "check", check=False)
            if c.returncode != 0 or c.stdout.strip() != "ok":
                raise SystemExit(f"FAIL after {what}: corpus check exited {c.returncode}:\n{c.stdout}{c.stderr}")
            problems = half_written(db)
            if problems:
                raise SystemExit(f"FAIL after {what}: half-written articles:\n" + "\n".join(problems[:10]))
            stored = corpus(a, db, "stats", "--tsv").stdout.splitlines()[0]
        else:
            stored = "no database yet"
        print(f"{what}: check ok, {stored}")
        if p.returncode == 0:
            remove_db(db)

    corpus(a, db, "ingest", "-q", "--jsonl", src)
    # `corpus dedupe` and `corpus reindex` killed too: each writes in one transaction per part,
    # so after a kill every table is as it was before the command or as the command leaves it.
    # Each attempt starts from a copy of the state before, so that the work is still to do.
    for what, args in (("dedupe", ["dedupe", "-q"]), ("reindex", ["reindex", "-q"])):
        if what == "reindex":
            corpus(a, db, "dedupe", "-q")
        start = os.path.join(work, f"before-{what}.db")
        copy_db(db, start)
        before = snapshot(start)
        duration = dedupe_time if what == "dedupe" else dedupe_time + full
        killed = attempts = 0
        while killed < a.command_kills:
            attempts += 1
            if attempts > a.command_kills * 4:
                raise SystemExit(f"FAIL: only {killed} of {a.command_kills} kills of corpus {what} landed")
            copy_db(start, db)
            killed += kill_once(a, db, args, rnd.uniform(0.02, duration), [before, expected],
                                f"{what} kill {killed + 1}")
        copy_db(start, db)
    diff = differences(expected, snapshot(db))
    if diff:
        raise SystemExit("FAIL: after the kills, the database differs from the reference:\n" + "\n".join(diff))
    got_counts = counts(a, db)
    if got_counts != expected_counts:
        raise SystemExit(f"FAIL: search counts {got_counts} against {expected_counts}")
    c = corpus(a, db, "check", check=False)
    if c.returncode != 0:
        raise SystemExit(f"FAIL: final check: {c.stdout}{c.stderr}")
    print(f"ok: {kills} kills in {rounds} runs ({completed} ran to the end first); the re-run ingest equals"
          f" the uninterrupted one in every table and search count")
    return 0


if __name__ == "__main__":
    sys.exit(main())
