#!/usr/bin/env python3
"""Precision and recall of `corpus dedupe` per relation, on a labelled set made from real
articles (Baomoi and VietNews, ../shared/data) with known answers:

  exact           a copy with its case, punctuation and accent marks changed (NFD, unaccented)
  near_duplicate  a copy with edits: a sentence dropped, a few words changed, a line added
  contained       an excerpt: a run of 20-60 % of the article's paragraphs (or sentences)
  partial         a splice: one to three sentences (15 words or more) of the article set
                  inside another article that is not in the set
  (none)          pairs of different base articles are expected to be unrelated

Each base article gets one variant, so every expected pair is one base and its variant.
Pairs of two base articles (real articles that may really overlap) are not scored.

    bench/eval_dedupe.py [--corpus build/corpus] [--per-relation 200] [--seed 1]

Also checks, on all of ../shared/data (--exact-groups), that the exact groups corpus finds are
the groups of identical normalised bodies, and (--ktlab) which relations KTLAB's same-event
articles from different outlets get: at most `partial`, unless their text really is copied.
"""
import argparse
import collections
import gzip
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import unicodedata

from corpuslib import ingest_records

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, "..", "shared", "data")
RELATIONS = ["exact", "near_duplicate", "contained", "partial"]


def load(name, limit=None):
    out = []
    with gzip.open(os.path.join(DATA, name), "rt", encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            body = r.get("body") or ""
            if body:
                out.append(r)
            if limit and len(out) >= limit:
                break
    return out


def normalised_words(text):
    """The words dedupe compares: case folded, marks stripped, đ as d, punctuation gone."""
    t = unicodedata.normalize("NFD", text.casefold()).replace("đ", "d").replace("\u0111", "d")
    t = "".join(c for c in t if unicodedata.category(c) != "Mn")
    return re.findall(r"\w+", t)


def sentences(text):
    return [s for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()]


def strip_marks(text):
    t = unicodedata.normalize("NFD", text).replace("đ", "d").replace("Đ", "D")
    return unicodedata.normalize("NFC", "".join(c for c in t if unicodedata.category(c) != "Mn"))


def variant_exact(body, rng):
    kind = rng.choice(["case", "nfd", "punct", "marks"])
    if kind == "case":
        return body.upper()
    if kind == "nfd":
        return unicodedata.normalize("NFD", body)
    if kind == "punct":  # between words only: `1.000` stays one number
        return re.sub(r"[,.;:](?=\s)", lambda m: rng.choice([m.group(0), "", " -"]), body)
    return strip_marks(body)


def variant_near(body, rng):
    ss = sentences(body)
    total = sum(len(x.split()) for x in ss)
    short = [i for i in range(1, len(ss) - 1) if len(ss[i].split()) <= 0.04 * total]
    if short:
        del ss[rng.choice(short)]  # a sentence of a few words among many
    words = " ".join(ss).split(" ")
    for _ in range(max(1, len(words) // 100)):  # about 1 % of the words
        words[rng.randrange(len(words))] = rng.choice(["mới", "này", "đó", "cũng", "rất"])
    return " ".join(words) + "\n\nCập nhật lúc " + str(rng.randrange(1, 24)) + " giờ."


def variant_excerpt(body, rng):
    paras = [p for p in body.split("\n") if p.strip()]
    units = paras if len(paras) >= 5 else sentences(body)
    n = len(units)
    k = max(1, int(n * rng.uniform(0.2, 0.6)))
    start = rng.randrange(0, n - k + 1)
    while k < n and len(" ".join(units[start:start + k]).split()) < 40:  # an excerpt, not a phrase
        k += 1
        start = min(start, n - k)
    return "\n\n".join(units[start:start + k])


def splice(body, host, rng):
    ss = [s for s in sentences(body) if len(s.split()) >= 15]
    if not ss:
        return None
    i = rng.randrange(len(ss))
    taken = " ".join(ss[i:i + rng.randint(1, 3)])
    hs = sentences(host)
    at = rng.randrange(1, max(2, len(hs)))
    return " ".join(hs[:at]) + " " + taken + " " + " ".join(hs[at:])


def build(per_relation, seed, corpus):
    rng = random.Random(seed)
    pool = load("baomoi_35k.jsonl.gz") + load("vietnews_test.jsonl.gz")
    pool = [r for r in pool if len(normalised_words(r["body"])) >= 150]
    rng.shuffle(pool)
    # Bodies that occur more than once in the pool are already copies: leave them out.
    seen = collections.Counter(" ".join(normalised_words(r["body"])) for r in pool)
    pool = [r for r in pool if seen[" ".join(normalised_words(r["body"]))] == 1]
    records, expected = [], {}
    n_bases = per_relation * (len(RELATIONS) + 1)  # + unrelated bases
    # Real articles that overlap each other (the same story from two outlets) would make
    # their variants overlap too, with no label: keep only bases corpus finds unrelated.
    trial = pool[:(n_bases + per_relation) * 6 // 5]  # bases and splice hosts
    related = set()
    for p in run_dedupe(corpus, [{"id": f"pool-{i}", "title": "", "body": r["body"]} for i, r in enumerate(trial)]):
        related.update((p["a"], p["b"]))
    pool = [r for i, r in enumerate(trial) if f"pool-{i}" not in related]
    # Each splice its own host, never ingested: hosts shared would make splices copies.
    bases, hosts = pool[:n_bases], pool[n_bases:]
    for i, r in enumerate(bases):
        bid = f"base-{i}"
        records.append({"id": bid, "title": r.get("title", ""), "body": r["body"]})
        relation = RELATIONS[i % (len(RELATIONS) + 1)] if i % (len(RELATIONS) + 1) < len(RELATIONS) else None
        if relation is None:
            continue
        vid = f"{relation}-{i}"
        if relation == "exact":
            text = variant_exact(r["body"], rng)
        elif relation == "near_duplicate":
            text = variant_near(r["body"], rng)
        elif relation == "contained":
            text = variant_excerpt(r["body"], rng)
        else:
            text = splice(r["body"], hosts[i // (len(RELATIONS) + 1)]["body"], rng)
            if text is None:
                continue
        records.append({"id": vid, "title": "biến thể", "body": text})
        key = (vid, bid) if relation == "contained" else tuple(sorted((bid, vid)))
        expected[frozenset(key)] = (relation, key)
    return records, expected


DEDUPE_ARGS = []  # --dedupe-args: thresholds to try


def run_dedupe(corpus, records):
    with tempfile.TemporaryDirectory() as tmp:
        db = ingest_records(corpus, records, tmp, "--no-entities")
        out = subprocess.run([corpus, "--db", db, "dedupe", "-q", "--json"] + DEDUPE_ARGS, capture_output=True,
                             text=True)
        if out.returncode not in (0, 1):
            sys.exit(out.stderr)
        return [json.loads(line) for line in out.stdout.splitlines()]


def score(found, expected):
    tp = collections.Counter()
    predicted = collections.Counter()
    for p in found:
        a, b = p["a"], p["b"]
        if a.startswith("base-") and b.startswith("base-"):
            continue  # two real articles: no known answer
        pair = frozenset((a, b))
        predicted[p["relation"]] += 1
        want = expected.get(pair)
        if want and want[0] == p["relation"] and (p["relation"] != "contained" or (a, b) == want[1]):
            tp[p["relation"]] += 1
    wanted = collections.Counter(rel for rel, _ in expected.values())
    print(f"labelled set: {sum(wanted.values())} expected pairs, {len(found)} pairs found")
    print(f"{'relation':<16}{'precision':>10}{'recall':>10}   (right / found, right / expected)")
    for rel in RELATIONS:
        p = tp[rel] / predicted[rel] if predicted[rel] else 0.0
        r = tp[rel] / wanted[rel] if wanted[rel] else 0.0
        print(f"{rel:<16}{p:>10.3f}{r:>10.3f}   ({tp[rel]}/{predicted[rel]}, {tp[rel]}/{wanted[rel]})")
    return tp, predicted, wanted


def exact_groups(corpus):
    """corpus's exact clusters against groups of identical normalised bodies (lead + body)."""
    names = ["baomoi_35k", "vietnews_test", "dantri_unc_2653", "ktlab_docs", "reuters21578", "bbc_2223"]
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "c.db")
        paths = [os.path.join(DATA, n + ".jsonl.gz") for n in names]
        # Rejections (Reuters records with neither title nor body, the cluster file) are expected.
        subprocess.run([corpus, "--db", db, "ingest", "-q", "--no-entities"] + paths, capture_output=True)
        out = subprocess.run([corpus, "--db", db, "dedupe", "-q", "--json", "--relation", "exact"],
                             capture_output=True, text=True).stdout
        import sqlite3
        con = sqlite3.connect(db)
        groups = collections.defaultdict(set)
        for uid, lead, body in con.execute("SELECT uid, lead, body FROM articles"):
            words = normalised_words(lead + "\n\n" + body)
            if words:
                groups[" ".join(words)].add(uid)
    want = {frozenset(g) for g in groups.values() if len(g) > 1}
    parent = {}

    def find(x):
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for line in out.splitlines():
        p = json.loads(line)
        parent[find(p["a"])] = find(p["b"])
    got = collections.defaultdict(set)
    for x in list(parent):
        got[find(x)].add(x)
    got = {frozenset(g) for g in got.values()}
    print(f"exact groups on ../shared/data: {len(want)} groups of identical normalised bodies, "
          f"{len(got)} found by corpus, {len(want & got)} the same")
    for g in list(want - got)[:5]:
        print("  missed:", sorted(g)[:4])
    for g in list(got - want)[:5]:
        print("  extra: ", sorted(g)[:4])
    return want == got


def ktlab(corpus):
    """KTLAB's same-event clusters: different outlets' write-ups are at most `partial`."""
    cluster = {}
    with gzip.open(os.path.join(DATA, "ktlab_clusters.jsonl.gz"), "rt", encoding="utf-8") as f:
        for line in f:
            c = json.loads(line)
            for d in c["doc_ids"]:
                cluster[d] = c["cluster_id"]
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "c.db")
        subprocess.run([corpus, "--db", db, "ingest", "-q", "--no-entities",
                        os.path.join(DATA, "ktlab_docs.jsonl.gz")], check=True)
        out = subprocess.run([corpus, "--db", db, "dedupe", "-q", "--json"], capture_output=True, text=True).stdout
    same, other = collections.Counter(), collections.Counter()
    for line in out.splitlines():
        p = json.loads(line)
        (same if cluster.get(p["a"]) == cluster.get(p["b"]) else other)[p["relation"]] += 1
        if p["relation"] != "partial":
            print(f"  {p['relation']}: {p['a']} {p['b']} coverage {p['coverage_a']} / {p['coverage_b']}"
                  f" (check by eye: corpus dedupe --explain {p['a']} {p['b']})")
    print(f"KTLAB ({len(cluster)} articles in same-event clusters): pairs within a cluster {dict(same)},"
          f" across clusters {dict(other)}")


def real_pairs(corpus):
    """Hand-checked pairs of real articles (bench/data/dedupe_real_pairs.tsv) against what
    corpus says of them after a dedupe of Baomoi and VietNews."""
    wanted = []
    with open(os.path.join(ROOT, "bench", "data", "dedupe_real_pairs.tsv"), encoding="utf-8") as f:
        for line in f:
            if line.strip() and not line.startswith("#"):
                a, b, rel = line.rstrip("\n").split("\t")[:3]
                wanted.append((a, b, rel))
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "c.db")
        paths = [os.path.join(DATA, n + ".jsonl.gz") for n in ("baomoi_35k", "vietnews_test")]
        subprocess.run([corpus, "--db", db, "ingest", "-q", "--no-entities"] + paths, capture_output=True)
        out = subprocess.run([corpus, "--db", db, "dedupe", "-q", "--tsv"] + DEDUPE_ARGS, capture_output=True,
                             text=True).stdout
    found = {}
    for line in out.splitlines():
        f = line.split("\t")
        found[frozenset(f[1:3])] = f[0]
    right = 0
    for a, b, rel in wanted:
        got = found.get(frozenset((a, b)), "none")
        right += got == rel
        print(f"  {a} {b}: hand {rel}, corpus {got}")
    print(f"hand-checked real pairs: {right} of {len(wanted)} as a reader would label them")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default=os.path.join(ROOT, "build", "corpus"))
    ap.add_argument("--per-relation", type=int, default=200)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--exact-groups", action="store_true", help="also compare exact groups on all of ../shared/data")
    ap.add_argument("--dedupe-args", default="", help="extra options for corpus dedupe, e.g. '--min-shared 2'")
    ap.add_argument("--real", action="store_true", help="also score the hand-checked real pairs (bench/data)")
    ap.add_argument("--ktlab", action="store_true", help="also report the relations within KTLAB's same-event clusters")
    args = ap.parse_args()
    DEDUPE_ARGS.extend(args.dedupe_args.split())
    records, expected = build(args.per_relation, args.seed, args.corpus)
    score(run_dedupe(args.corpus, records), expected)
    if args.exact_groups:
        exact_groups(args.corpus)
    if args.ktlab:
        ktlab(args.corpus)
    if args.real:
        real_pairs(args.corpus)


if __name__ == "__main__":
    main()
