#!/usr/bin/env python3
"""`corpus reindex` makes everything derived again: damaged, it is found by `corpus check` and
mended by reindex, ending equal to what ingest made.

    reindex_test.py CORPUS SEEDS_DIR [--records 1500] [--keep DIR]

A generated corpus is ingested and `corpus dedupe --near 0.95` run (a threshold that is not the
default, which reindex and later ingests must keep). Then, for each part reindex can rebuild
alone (--index, --entities, --fingerprints) and for all of them at once, a copy of the
database is damaged behind corpus's back, through SQLite:
  - index: a run of the full-text index's segments and part of its vocabulary deleted;
  - entities: mentions, roles and aliases deleted, a mention's span moved off the text, a
    names-index row deleted;
  - fingerprints: one article's fingerprints made unsorted junk, another's deleted, pairs
    deleted and one pair's coverage set out of range.
`corpus check` must then exit 1 and name the damage (where it can be seen from what is left),
`corpus reindex` with that part must exit 0, and afterwards `corpus check` says ok, every table
equals the undamaged database's (snapshot.py) and the same searches count the same hits.
"""
import argparse
import os
import shutil
import sqlite3
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gen_corpus import write_corpus  # noqa: E402
from harness import in_workdir  # noqa: E402
from snapshot import differences, snapshot  # noqa: E402

SEARCHES = [["dai"], ["Đại hội"], ["trade"], ["chinh phu"], ['"Bộ Công an"'], ["Azerbaijan", "--country", "Nam Phi"],
            ["hop tac", "--entity", "Nguyễn Văn An"]]


def fail(msg):
    raise SystemExit("FAIL: " + msg)


def corpus(a, db, *args, ok=(0,)):
    r = subprocess.run([a.corpus, "--db", db, *args], capture_output=True, text=True)
    if r.returncode not in ok:
        fail(f"corpus {' '.join(args)} exited {r.returncode}: {r.stdout}{r.stderr.strip()}")
    return r


def counts(a, db):
    return [corpus(a, db, "search", *q, "--count", ok=(0, 1)).stdout.strip() for q in SEARCHES]


def damage_index(db):
    db.execute("DELETE FROM articles_fts_data WHERE id IN"
               " (SELECT id FROM articles_fts_data WHERE id > 10 ORDER BY id LIMIT 5)")
    db.execute("DELETE FROM vocab WHERE length(key) % 3 = 0")


def damage_entities(db):
    db.execute("DELETE FROM mentions WHERE (article_id + entity_id) % 4 = 0")
    db.execute("DELETE FROM roles WHERE rowid % 2 = 0")
    db.execute("DELETE FROM entity_aliases WHERE length(alias) % 5 = 0")
    db.execute("UPDATE mentions SET spans = 'body 1000000 1000005 name' WHERE (article_id, entity_id) ="
               " (SELECT article_id, entity_id FROM mentions ORDER BY 1, 2 LIMIT 1)")
    # The names index's row of one entity, behind FTS5's back (its tokenizer is corpus's own).
    for table in ("entities_fts_content", "entities_fts_docsize"):
        db.execute(f"DELETE FROM {table} WHERE id = (SELECT max(id) FROM entities_fts_content)")


def damage_fingerprints(db):
    db.execute("UPDATE dedupe_docs SET fingerprints = x'ffffffff0000000001' WHERE article_id ="
               " (SELECT min(article_id) FROM dedupe_docs)")
    db.execute("DELETE FROM dedupe_docs WHERE article_id = (SELECT max(article_id) FROM dedupe_docs)")
    db.execute("DELETE FROM dedupe_pairs WHERE (a + b) % 3 = 0")
    db.execute("UPDATE dedupe_pairs SET coverage_a = 7 WHERE (a, b) = (SELECT a, b FROM dedupe_pairs ORDER BY 1, 2 LIMIT 1)")


# part: (damage, words `corpus check` must print, reindex flags)
CASES = {
    "index": (damage_index, ["full-text index"], ["--index"]),
    "entities": (damage_entities, ["outside its text", "names index"], ["--entities"]),
    "fingerprints": (damage_fingerprints, ["fingerprints", "dedupe pair"], ["--fingerprints"]),
    "all": (lambda db: (damage_index(db), damage_entities(db), damage_fingerprints(db)),
            ["full-text index", "outside its text", "fingerprints"], []),
}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("seeds")
    ap.add_argument("--records", type=int, default=int(os.environ.get("CORPUS_FAULT_RECORDS", "1500")))
    ap.add_argument("--keep", help="work here and keep the databases")
    a = ap.parse_args()
    return in_workdir(a.keep, "corpus-reindex-", lambda work: run(a, work))


def run(a, work):
    src = os.path.join(work, "g.jsonl")
    write_corpus(a.seeds, src, min(a.records, 1500), 7)
    ref = os.path.join(work, "ref.db")
    corpus(a, ref, "ingest", "-q", "--jsonl", src)
    corpus(a, ref, "dedupe", "-q", "--near", "0.95", ok=(0, 1))
    expected, expected_counts = snapshot(ref), counts(a, ref)
    if not expected["pairs"] or not expected["roles"]:
        fail("the generated corpus has no dedupe pairs or no roles: nothing to damage")
    print(f"reference: {len(expected['articles'])} articles, {len(expected['mentions'])} mentions,"
          f" {len(expected['pairs'])} dedupe pairs")

    for name, (damage, words, flags) in CASES.items():
        db = os.path.join(work, f"{name}.db")
        shutil.copy(ref, db)
        conn = sqlite3.connect(db)
        damage(conn)
        conn.commit()
        conn.close()
        check = corpus(a, db, "check", ok=(1,))
        for w in words:
            if w not in check.stdout:
                fail(f"{name}: corpus check does not mention '{w}':\n{check.stdout}")
        r = corpus(a, db, "reindex", *flags)
        corpus(a, db, "check")
        diff = differences(expected, snapshot(db))
        if diff:
            fail(f"{name}: after reindex {' '.join(flags)} the database differs from the undamaged one:\n"
                 + "\n".join(diff))
        if counts(a, db) != expected_counts:
            fail(f"{name}: search counts {counts(a, db)} against {expected_counts}")
        problems = len(check.stdout.splitlines())
        print(f"{name}: check found {problems} problem{'s' * (problems != 1)}; reindex {' '.join(flags) or '(all)'}:"
              f" {r.stderr.strip().replace(chr(10), '; ')}; now equal to the undamaged database")

    # Ingest after reindex keeps the thresholds: a changed record's pairs are found under 0.95
    # and the rest are kept (not all made again under the defaults).
    db = os.path.join(work, "all.db")
    before = snapshot(db)["pairs"]
    corpus(a, db, "dedupe", "-q", "--near", "0.95", ok=(0, 1))
    if snapshot(db)["pairs"] != before:
        fail("a second `corpus dedupe --near 0.95` after reindex changed the pairs")
    corpus(a, db, "ingest", "-q", "--dedupe", os.path.join(a.seeds), ok=(0,))
    meta = dict(sqlite3.connect(db).execute("SELECT key, value FROM meta").fetchall())
    if " 0.95 " not in meta.get("dedupe_options", ""):
        fail(f"ingest after reindex reset the dedupe thresholds: {meta.get('dedupe_options')}")
    print("ok: each part and all of them rebuilt equal to the undamaged database; thresholds kept by ingest")
    return 0


if __name__ == "__main__":
    sys.exit(main())
