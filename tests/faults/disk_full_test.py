#!/usr/bin/env python3
"""A full disk and a read-only database: a clear error, and the database left as it was.

    disk_full_test.py CORPUS SHIM SEEDS_DIR [--records 2000] [--points 8] [--seed 1] [--keep DIR]

SHIM is disk_full.c built as a shared library: preloaded, it lets the files in the
database's directory grow by a byte budget, then fails the writes that would grow them with
ENOSPC, as a file system out of space does. A run with an ample budget measures what each
command needs; the budgets tried are drawn from below that, until --points runs have run out
(the WAL's growth depends on when its background checkpoints ran, so some have room).

1. Ingest into an empty database, several batches, out of space at --points random budgets:
   the ingest exits 2 with one `corpus: error: cannot write '...': the disk is full ...` line,
   after one saying how many articles it had stored (committed batches);
   `corpus check` then passes, no article is half-written (snapshot.py), and the ingest run
   again with space to spare leaves every table equal to an ingest that never ran out.
2. Ingest of a second half in one batch into an existing database, out of space at --points
   budgets: the database is then exactly as it was before (every table).
3. `corpus dedupe`, out of space at --points budgets: every table as it was before.
4. A real full disk, when this machine lets the test mount a small tmpfs: the same error, and
   the database passes `corpus check`.
5. A read-only database (the file, then its directory too; as root, corpus runs without
   CAP_DAC_OVERRIDE so that permissions hold): search, show, stats, entities and check work;
   ingest, reindex and a dedupe with work to do exit 2 with one line saying the database is
   read-only, at once; the file is byte for byte as it was.
"""
import argparse
import hashlib
import os
import random
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gen_corpus import write_corpus  # noqa: E402
from harness import fail, in_workdir, unprivileged  # noqa: E402
from snapshot import differences, half_written, snapshot  # noqa: E402

FULL = "the disk is full"



def corpus(a, db, *args, ok=(0,), env=None, prefix=()):
    r = subprocess.run([*prefix, a.corpus, "--db", db, *args], capture_output=True, text=True, env=env)
    if ok is not None and r.returncode not in ok:
        fail(f"corpus {' '.join(args)} exited {r.returncode}: {r.stdout[-500:]}{r.stderr[-1500:]}")
    return r


def shim_env(a, directory, budget, report=None):
    env = dict(os.environ, LD_PRELOAD=a.shim, CORPUS_FAULT_DIR=directory + "/", CORPUS_FAULT_BYTES=str(budget))
    # A sanitizer build's runtime must come first; the shim after it is harmless.
    env["ASAN_OPTIONS"] = env.get("ASAN_OPTIONS", "") + ":verify_asan_link_order=0"
    if report:
        env["CORPUS_FAULT_REPORT"] = report
    return env


def needs(a, work, db, args):
    """Bytes the files of db's directory grow by while `corpus ARGS` runs, from a copy."""
    d = os.path.join(work, "measure")
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    if os.path.exists(db):
        copy_db(db, os.path.join(d, "c.db"))
    report = os.path.join(work, "measure.txt")
    corpus(a, os.path.join(d, "c.db"), *args, env=shim_env(a, d, 1 << 60, report))
    with open(report) as f:
        return int(f.read())


def copy_db(src, dst):
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(dst + suffix):
            os.remove(dst + suffix)
    for suffix in ("", "-wal"):
        if os.path.exists(src + suffix):
            shutil.copy(src + suffix, dst + suffix)


def fresh_dir(work, name):
    d = os.path.join(work, name)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    return d


def run_out(a, rnd, total, attempt, what):
    """Calls attempt(budget) with budgets drawn below `total` until --points of them ran out of
    space (attempt returns the message; None when the command had room after all: how much the
    WAL grows depends on when its background checkpoints ran)."""
    landed, message = 0, None
    for _ in range(a.points * 3):
        got = attempt(rnd.randrange(0, max(1, total)))
        if got is not None:
            landed += 1
            message = got
            if landed == a.points:
                return message
    fail(f"{what}: only {landed} of {a.points} runs ran out of space")


def leaves_it_as_it_was(a, rnd, work, base, before, args, had_room, what):
    """`corpus ARGS` on copies of `base`, out of space at --points budgets: every table must
    then equal `before` (base's snapshot). Returns the bytes a run with room needs."""
    total = needs(a, work, base, args)

    def attempt(budget):
        d = fresh_dir(work, "existing")
        db = os.path.join(d, "c.db")
        copy_db(base, db)
        r = corpus(a, db, *args, ok=None, env=shim_env(a, d, budget))
        if r.returncode in had_room:
            return None
        expect_full(r, f"{what}, {budget} bytes")
        check_ok(a, db, f"{what} out of space at {budget} bytes")
        diff = differences(before, snapshot(db))
        if diff:
            fail(f"{what} out of space at {budget} bytes: the database is not as it was:\n" + "\n".join(diff))
        return r.stderr.strip()

    run_out(a, rnd, total, attempt, what)
    return total


def expect_full(r, what, stored=None):
    """Exit 2 and one error line saying the disk is full; for an ingest that had committed
    batches (`stored` articles), a line before it saying so."""
    lines = r.stderr.strip().splitlines()
    note = f"corpus: before the error this run stored {stored} new and 0 changed articles, each whole;"
    want = 2 if stored else 1
    if r.returncode != 2 or len(lines) != want or not lines[-1].startswith("corpus: error: cannot write '") \
            or FULL not in lines[-1] or (stored and not lines[0].startswith(note)):
        fail(f"{what}: expected exit 2 and {want} line(s) saying the disk is full"
             f"{f' after {stored} articles' if stored else ''}, got exit {r.returncode}:\n{r.stderr}")


def check_ok(a, db, what):
    c = corpus(a, db, "check", ok=None)
    if c.returncode != 0 or c.stdout.strip() != "ok":
        fail(f"{what}: corpus check exited {c.returncode}:\n{c.stdout}{c.stderr}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("shim")
    ap.add_argument("seeds")
    ap.add_argument("--records", type=int, default=min(2000, int(os.environ.get("CORPUS_FAULT_RECORDS", "2000"))))
    ap.add_argument("--points", type=int, default=int(os.environ.get("CORPUS_FAULT_POINTS", "8")))
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--keep")
    a = ap.parse_args()
    a.shim = os.path.abspath(a.shim)
    return in_workdir(a.keep, "corpus-full-", lambda work: run(a, work))


def run(a, work):
    rnd = random.Random(a.seed)
    src, first, second = (os.path.join(work, n) for n in ("all.jsonl", "first.jsonl", "second.jsonl"))
    write_corpus(a.seeds, src, a.records, a.seed)
    with open(src, encoding="utf-8") as f:
        lines = f.readlines()
    with open(first, "w", encoding="utf-8") as f:
        f.writelines(lines[: len(lines) // 2])
    with open(second, "w", encoding="utf-8") as f:
        f.writelines(lines[len(lines) // 2:])
    ref = os.path.join(work, "ref.db")
    corpus(a, ref, "ingest", "-q", "--jsonl", src)
    expected = snapshot(ref)
    corpus(a, ref, "dedupe", "-q", ok=(0, 1))

    # 1. From empty, several batches.
    ingest = ["ingest", "-q", "--batch", "250", "--jsonl", src]
    total = needs(a, work, os.path.join(work, "none.db"), ingest)
    print(f"an ingest of {a.records} records grows the database's files by {total} bytes")

    def attempt(budget):
        d = fresh_dir(work, "empty")
        db = os.path.join(d, "c.db")
        r = corpus(a, db, *ingest, ok=None, env=shim_env(a, d, budget))
        if r.returncode == 0:
            return None
        check_ok(a, db, f"after running out at {budget} bytes")
        problems = half_written(db)
        if problems:
            fail(f"after running out at {budget} bytes: half-written articles:\n" + "\n".join(problems[:10]))
        stored = len(snapshot(db)["articles"])
        expect_full(r, f"ingest with {budget} bytes of space", stored)
        corpus(a, db, "ingest", "-q", "--jsonl", src)
        diff = differences(expected, snapshot(db))
        if diff:
            fail(f"out of space at {budget} bytes, then run again: differs from the reference:\n" + "\n".join(diff))
        print(f"ingest out of space after {budget} bytes: {stored} articles kept, whole; run again: equal to the"
              f" reference")
        return r.stderr.strip()

    message = run_out(a, rnd, total, attempt, "ingest")
    print(f"  the message: {message}")

    # 2. and 3. A one-batch ingest into an existing database, and a dedupe of it (of the first
    # half: the generated corpus has pairs in the square of its size): exactly as it was.
    base = os.path.join(work, "base.db")
    corpus(a, base, "ingest", "-q", "--jsonl", first)
    before = snapshot(base)
    for what, args, had_room in (("one-batch ingest", ["ingest", "-q", "--batch", "100000", "--jsonl", second], (0,)),
                                 ("dedupe", ["dedupe", "-q"], (0, 1))):
        total = leaves_it_as_it_was(a, rnd, work, base, before, args, had_room, what)
        print(f"{what} of an existing database, out of space at {a.points} points of {total} bytes:"
              f" every table as before")

    real_disk(a, work, src)
    read_only(a, work, ref)
    print("ok")
    return 0


def real_disk(a, work, src):
    mnt = os.path.join(work, "tmpfs")
    os.makedirs(mnt)
    m = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", mnt], capture_output=True, text=True)
    if m.returncode != 0:
        print(f"real full disk: not tried, this machine does not let the test mount a tmpfs ({m.stderr.strip()})")
        return
    try:
        db = os.path.join(mnt, "c.db")
        r = corpus(a, db, "ingest", "-q", "--batch", "250", "--jsonl", src, ok=None)
        check_ok(a, db, "a 2 MB tmpfs after running out")
        expect_full(r, "a 2 MB tmpfs", len(snapshot(db)["articles"]))
        problems = half_written(db)
        if problems:
            fail("a 2 MB tmpfs: half-written articles:\n" + "\n".join(problems[:10]))
        print(f"real full disk (a 2 MB tmpfs): the same error; {len(snapshot(db)['articles'])} articles kept, whole")
    finally:
        subprocess.run(["umount", mnt], capture_output=True)



def read_only(a, work, ref):
    d = os.path.join(work, "ro")
    os.makedirs(d)
    db = os.path.join(d, "c.db")
    copy_db(ref, db)
    corpus(a, db, "check")  # leaves no -wal behind
    extra = os.path.join(work, "extra")
    os.makedirs(extra)
    with open(os.path.join(extra, "new.txt"), "w", encoding="utf-8") as f:
        f.write(" date 2025-10-01 Bài mới\n\nHợp tác kinh tế.\n")
    with open(db, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    p = unprivileged()
    for mode, what in ((0o755, "read-only file"), (0o555, "read-only file and directory")):
        os.chmod(db, 0o444)
        os.chmod(d, mode)
        for args in (["search", "hop tac", "--count"], ["search", "dai", "--json", "--limit", "2"], ["stats"],
                     ["entities", "--limit", "3"], ["show", "g1"], ["dedupe", "-q"]):
            r = corpus(a, db, *args, ok=(0,), prefix=p)
            if r.stderr.strip():
                fail(f"{what}: corpus {' '.join(args)} wrote to stderr: {r.stderr}")
        c = corpus(a, db, "check", ok=(0,), prefix=p)
        if c.stdout.strip() != "ok" or "read-only" not in c.stderr:
            fail(f"{what}: corpus check: {c.stdout}{c.stderr}")
        for args in (["ingest", extra], ["reindex"], ["dedupe", "--near", "0.95"]):
            r = corpus(a, db, *args, ok=(2,), prefix=p)
            lines = r.stderr.strip().splitlines()
            if len(lines) != 1 or not lines[0].startswith(f"corpus: error: cannot write '{db}': it is read-only"):
                fail(f"{what}: corpus {' '.join(args)}: {r.stderr}")
        with open(db, "rb") as f:
            if hashlib.sha256(f.read()).hexdigest() != digest:
                fail(f"{what}: the database file changed")
        print(f"{what}: reads work, check notes what it could not check; ingest, reindex and dedupe say:"
              f"\n  {lines[0]}")
    os.chmod(d, 0o755)


if __name__ == "__main__":
    sys.exit(main())
