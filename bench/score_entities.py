#!/usr/bin/env python3
"""Scores corpus's entity extraction.

Seeds: per-article sets of countries, officials, organisations and agreements against the hand
annotation in tests/data/seeds-entities-gold.json (precision and recall per type, micro-averaged
over the articles). With --check, exits 1 unless countries are 1.0 / 1.0 and officials and
agreements at least 0.95 / 0.95.

Reuters (--reuters PATH): country precision and recall against the articles' `places` labels,
mapped to ISO codes, over the articles that have labels.

  bench/score_entities.py --corpus build/corpus --check
  bench/score_entities.py --corpus build/corpus --reuters ../shared/data/reuters21578.jsonl.gz
"""
import argparse
import gzip
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def fold(s):
    """Case, marks and đ folded: how two surface forms of one name are compared."""
    s = unicodedata.normalize("NFD", s.replace("đ", "d").replace("Đ", "D"))
    s = "".join(c for c in s if unicodedata.category(c) != "Mn")
    return " ".join(s.lower().replace(".", " ").split())


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, capture_output=True, text=True, **kw)


def ingest(corpus, db, args, stdin=None):
    subprocess.run([corpus, "--db", db, "ingest", "-q", *args], check=False, input=stdin,
                   capture_output=True, text=True)


def prf(tp, npred, ngold):
    p = tp / npred if npred else 1.0
    r = tp / ngold if ngold else 1.0
    return p, r


# --- seeds ---------------------------------------------------------------------------------

def gold_texts(doc, entity_id):
    """Surface forms the gold annotation gives an entity in one document."""
    texts = set()
    for m in doc["mentions"]:
        ent = m.get("entity")
        if ent == entity_id and m.get("kind") not in ("anaphor", "byline"):
            texts.add(fold(m["text"]))
            if m.get("core"):
                texts.add(fold(m["core"]["text"]))
    return texts


def match_entities(ours, gold_ids, doc, gold_entities, parties_of=None):
    """Maps our entities to gold ids by shared surface forms in this document; returns the
    predicted set (gold ids, plus one unmatched marker per entity that matched nothing)."""
    candidates = {g: gold_texts(doc, g) for g in gold_ids}
    for g in gold_ids:
        info = gold_entities.get(g, {})
        for key in ("canonical", "vi", "en"):
            if isinstance(info.get(key), str):
                candidates[g].add(fold(info[key]))
        for v in info.get("variants_in_corpus", []) + info.get("name_forms", []):
            candidates[g].add(fold(v))
    predicted, unmatched = set(), []
    for e in ours:
        texts = {fold(m["text"]) for m in e["mentions"] if m.get("kind") != "anaphor"}
        texts.add(fold(e["name"]))
        hits = [g for g in gold_ids if candidates[g] & texts]
        if len(hits) > 1 and parties_of:
            same = [g for g in hits if sorted(parties_of(g)) == sorted(e.get("parties") or [])]
            hits = same or hits
        fresh = [g for g in hits if g not in predicted]
        if fresh:
            predicted.add(fresh[0])
        elif hits:
            unmatched.append(e["name"] + " (a second entity for one gold entity)")
        else:
            unmatched.append(e["name"])
    return predicted, unmatched


def score_seeds(corpus, gold_path, seeds, verbose):
    gold = json.load(open(gold_path, encoding="utf-8"))
    ents = gold["entities"]
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "seeds.db")
        ingest(corpus, db, [seeds])
        totals = {t: [0, 0, 0] for t in ("countries", "officials", "organizations", "agreements")}
        for doc in gold["documents"]:
            uid = os.path.splitext(doc["file"])[0]
            shown = json.loads(run([corpus, "--db", db, "show", uid, "--json"]).stdout)
            by_type = {}
            for e in shown["entities"]:
                by_type.setdefault(e["type"], []).append(e)
            sets = doc["entity_sets"]
            # countries: ISO codes
            pred = {e["code"] for e in by_type.get("country", [])}
            g = set(sets["countries"])
            report = {"countries": (pred, g, [])}
            officials = [p for p in sets["officials"] if ents["persons"][p].get("official")]
            pred, extra = match_entities(by_type.get("official", []), officials, doc, ents["persons"])
            report["officials"] = (pred, set(officials), extra)
            pred, extra = match_entities(by_type.get("org", []), sets["organizations"], doc,
                                         ents["organizations"])
            report["organizations"] = (pred, set(sets["organizations"]), extra)
            pred, extra = match_entities(by_type.get("agreement", []), sets["agreements"], doc,
                                         ents["agreements"],
                                         lambda a: ents["agreements"][a].get("parties_countries") or [])
            report["agreements"] = (pred, set(sets["agreements"]), extra)
            for t, (p, g, extra) in report.items():
                tp = len(p & g)
                totals[t][0] += tp
                totals[t][1] += len(p) + len(extra)
                totals[t][2] += len(g)
                if verbose and (p != g or extra):
                    print(f"  {uid} {t}: missing {sorted(g - p)} wrong {sorted(p - g)} unmatched {extra}")
    print("seeds (3 articles, hand annotation): precision / recall per type")
    scores = {}
    for t, (tp, npred, ngold) in totals.items():
        p, r = prf(tp, npred, ngold)
        scores[t] = (p, r)
        print(f"  {t:14} {p:.3f} / {r:.3f}   ({tp} of {npred} found are right, {tp} of {ngold} found)")
    return scores


# --- Reuters -------------------------------------------------------------------------------

# Reuters-21578 `places` labels whose English name is not the country's CLDR name (or is a
# state of 1987): the ISO 3166-1 code, or ISO 3166-3 for states that no longer exist.
REUTERS_CODES = {
    "usa": "US", "uk": "GB", "west-germany": "DE", "east-germany": "DD", "ussr": "SU",
    "uae": "AE", "south-korea": "KR", "north-korea": "KP", "hong-kong": "HK",
    "ivory-coast": "CI", "zaire": "CD", "kampuchea": "KH", "burma": "MM",
    "yemen-arab-republic": "YE", "yemen-demo-republic": "YE", "czechoslovakia": "CS",
    "yugoslavia": "YU", "trinidad-tobago": "TT", "antigua": "AG", "us-virgin-islands": "VI",
    "congo": "CG", "swaziland": "SZ", "taiwan": "TW", "china": "CN", "netherlands": "NL",
    "south-africa": "ZA", "new-zealand": "NZ", "saudi-arabia": "SA", "sri-lanka": "LK",
    "papua-new-guinea": "PG", "dominican-republic": "DO", "el-salvador": "SV",
    "costa-rica": "CR", "cayman-islands": "KY", "sierra-leone": "SL", "burkina-faso": "BF",
}


def score_reuters(corpus, path, limit):
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "reuters.db")
        records = []
        with gzip.open(path, "rt", encoding="utf-8") as f:
            for i, line in enumerate(f):
                if limit and i >= limit:
                    break
                records.append(line)
        ingest(corpus, db, ["--jsonl", "-"], stdin="".join(records))
        con = sqlite3.connect(db)
        names = {}
        for code, name_en, alias in con.execute(
                "SELECT e.code, e.name_en, a.alias FROM entities e JOIN entity_aliases a ON a.entity_id = e.id"
                " WHERE e.type = 'country'"):
            names[fold(alias)] = code
            if name_en:
                names[fold(name_en)] = code
        predicted = {}
        for uid, code in con.execute(
                "SELECT DISTINCT a.uid, e.code FROM mentions m JOIN entities e ON e.id = m.entity_id"
                " JOIN articles a ON a.id = m.article_id WHERE e.type = 'country'"):
            predicted.setdefault(uid, set()).add(code)
        stored = {uid for (uid,) in con.execute("SELECT uid FROM articles")}
    tp = npred = ngold = docs = 0
    unresolved = set()
    for line in records:
        r = json.loads(line)
        labels = r.get("places") or []
        if not labels or r.get("id") not in stored:
            continue
        gold = set()
        for label in labels:
            code = REUTERS_CODES.get(label) or names.get(fold(label.replace("-", " ")))
            if code:
                gold.add(code)
            else:
                gold.add("?" + label)
                unresolved.add(label)
        pred = predicted.get(r["id"], set())
        docs += 1
        tp += len(pred & gold)
        npred += len(pred)
        ngold += len(gold)
    p, r = prf(tp, npred, ngold)
    print(f"reuters21578 ({docs} articles with place labels): countries precision {p:.3f} recall {r:.3f}")
    print(f"  ({tp} right of {npred} found, {tp} found of {ngold} labelled;"
          f" labels never extracted, so unmapped: {len(unresolved)})")
    return p, r


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default=os.path.join(ROOT, "build", "corpus"))
    ap.add_argument("--gold", default=os.path.join(ROOT, "tests", "data", "seeds-entities-gold.json"))
    ap.add_argument("--seeds", default=os.path.join(ROOT, "seeds"))
    ap.add_argument("--reuters", help="reuters21578.jsonl.gz: also score countries against its labels")
    ap.add_argument("--limit", type=int, default=0, help="Reuters records to read (0: all)")
    ap.add_argument("--check", action="store_true", help="exit 1 below the seed thresholds")
    ap.add_argument("-v", "--verbose", action="store_true", help="list what each article misses")
    args = ap.parse_args()
    scores = score_seeds(args.corpus, args.gold, args.seeds, args.verbose)
    if args.reuters:
        score_reuters(args.corpus, args.reuters, args.limit)
    if args.check:
        need = {"countries": (1.0, 1.0), "officials": (0.95, 0.95), "agreements": (0.95, 0.95)}
        failed = [t for t, (mp, mr) in need.items() if scores[t][0] < mp or scores[t][1] < mr]
        if failed:
            print(f"below the thresholds: {', '.join(failed)}")
            return 1
        print("thresholds met: countries 1.0 / 1.0, officials and agreements >= 0.95 / 0.95")
    return 0


if __name__ == "__main__":
    sys.exit(main())
