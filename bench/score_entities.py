#!/usr/bin/env python3
"""Scores corpus's entity extraction.

Seeds: per-article sets of countries, officials, organisations and agreements against the hand
annotation in tests/data/seeds-entities-gold.json (precision and recall per type, micro-averaged
over the articles). With --check, exits 1 unless countries are 1.0 / 1.0 and officials and
agreements at least 0.95 / 0.95.

Reuters (--reuters PATH): country precision and recall against the articles' `places` labels,
mapped to ISO codes, over the articles that have labels.

Dev set (--dev [PATH], default ../shared/docs/entities-dev-gold.jsonl; --data DIR, default
../shared/data): the 42 hand-annotated articles (22 vietnews-test-*, 20 bbc-*) are pulled by id
from vietnews_test.jsonl.gz and bbc_2223.jsonl.gz, ingested into a temporary database and scored
per language (vi, en) and per type: precision and recall over the distinct entities of each
article, micro-averaged, with the tp / predicted / gold counts. Missing data or gold: a one-line
message, and the dev set is skipped (the exit status stays 0). The seeds are scored too.
Matching rule:
  * countries: by ISO code, the gold codes as given (SU for the Soviet Union, HK, TW ...);
  * officials, organisations, agreements: an entity of ours and a gold entity match when they
    share a surface form after fold(). Gold forms: name + variants. Our forms: name, name_en,
    aliases, and the text of every mention whose kind is not `anaphor`. Pairs are taken greedily,
    most shared forms first (ties: gold order of first mention, then our order), each gold entity
    and each of ours at most once. An entity of ours that matches nothing is a false positive;
    one whose gold entities are all taken by other entities of ours is a false positive too (a
    split entity is an error). Every entity of ours counts as predicted once.
  * officials: our `official` entities against the gold officials only (the gold lists only
    officials, so a person of ours who holds no office in the gold is a false positive);
  * titles right: of the matched officials, the share with a role (in that article) whose
    folded title equals the folded gold title or contains it as whole words
    ("US secretary of state" contains "secretary of state").
-v lists per article and type the gold entities missed and our false positives, with forms.

  bench/score_entities.py --corpus build/corpus --check
  bench/score_entities.py --corpus build/corpus --reuters ../shared/data/reuters21578.jsonl.gz
  bench/score_entities.py --corpus build/corpus --dev [-v] [--markdown] [--json dev.json]
"""
import argparse
import gzip
import json
import os
import re
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


# --- dev set -------------------------------------------------------------------------------

DEV_TYPES = ("countries", "officials", "organizations", "agreements")
OUR_TYPE = {"countries": "country", "officials": "official", "organizations": "org",
            "agreements": "agreement"}
DEV_FILES = ("vietnews_test.jsonl.gz", "bbc_2223.jsonl.gz")
ID_RE = re.compile(r'"id"\s*:\s*"([^"]*)"')


def shown_path(path):
    rel = os.path.relpath(os.path.abspath(path), ROOT)
    return rel if not rel.startswith(os.path.join("..", "..")) else os.path.abspath(path)


def dev_records(data_dir, ids):
    """The raw JSON lines of the wanted ids, read from the two corpora (stops once all are found)."""
    found = {}
    for name in DEV_FILES:
        with gzip.open(os.path.join(data_dir, name), "rt", encoding="utf-8") as f:
            for line in f:
                m = ID_RE.search(line)
                if m and m.group(1) in ids and m.group(1) not in found:
                    r = json.loads(line)
                    if r.get("id") == m.group(1):
                        found[r["id"]] = line if line.endswith("\n") else line + "\n"
                        if len(found) == len(ids):
                            return found
    return found


def our_forms(e):
    forms = {fold(e["name"])}
    if e.get("name_en"):
        forms.add(fold(e["name_en"]))
    forms.update(fold(a) for a in e.get("aliases") or [])
    forms.update(fold(m["text"]) for m in e.get("mentions", []) if m.get("kind") != "anaphor")
    forms.discard("")
    return forms


def text_forms(e):
    """What our entity was written as in the article (for -v)."""
    seen = []
    for m in e.get("mentions", []):
        if m.get("kind") != "anaphor" and m["text"] not in seen:
            seen.append(m["text"])
    return seen or [e["name"]]


def gold_forms(g):
    forms = {fold(g["name"])} | {fold(v) for v in g.get("variants") or []}
    forms.discard("")
    return forms


def match_dev(ours, gold):
    """Greedy one-to-one matching on shared folded forms, most shared forms first.
    Returns ({our index: gold index}, [(our index, [gold indices it shares a form with])]
    for the false positives, [gold indices missed])."""
    of = [our_forms(e) for e in ours]
    gf = [gold_forms(g) for g in gold]
    pairs = sorted((-len(of[o] & gf[g]), g, o)
                   for o in range(len(ours)) for g in range(len(gold)) if of[o] & gf[g])
    o2g, taken = {}, set()
    for _, g, o in pairs:
        if o not in o2g and g not in taken:
            o2g[o] = g
            taken.add(g)
    false = [(o, [g for g in range(len(gold)) if of[o] & gf[g]])
             for o in range(len(ours)) if o not in o2g]
    missed = [g for g in range(len(gold)) if g not in taken]
    return o2g, false, missed


def title_right(entity, article, gold_title):
    gt = fold(gold_title or "")
    if not gt:
        return False
    for r in entity.get("roles") or []:
        if r.get("article") not in (None, article):
            continue
        t = fold(r.get("title") or "")
        if t == gt or f" {gt} " in f" {t} ":
            return True
    return False


def fmt_forms(forms):
    return json.dumps(list(forms), ensure_ascii=False)


def score_dev(corpus, gold_path, data_dir, verbose):
    if not os.path.isfile(gold_path):
        print(f"dev set: no gold file {gold_path}; skipped")
        return None
    missing = [n for n in DEV_FILES if not os.path.isfile(os.path.join(data_dir, n))]
    if missing:
        print(f"dev set: no {' or '.join(missing)} in {data_dir}; skipped")
        return None
    with open(gold_path, encoding="utf-8") as f:
        gold = [json.loads(line) for line in f if line.strip()]
    records = dev_records(data_dir, {g["id"] for g in gold})
    notes = []
    absent = [g["id"] for g in gold if g["id"] not in records]
    if absent:
        notes.append(f"not in the data, scored as found nothing: {', '.join(absent)}")
    langs = sorted({g["lang"] for g in gold}, key=lambda lg: (lg != "vi", lg))
    totals = {lg: {t: [0, 0, 0] for t in DEV_TYPES} for lg in langs + ["all"]}
    titles = {lg: [0, 0] for lg in langs + ["all"]}
    ndocs = {lg: 0 for lg in langs + ["all"]}
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "dev.db")
        ingest(corpus, db, ["--jsonl", "-"], stdin="".join(records[g["id"]] for g in gold
                                                             if g["id"] in records))
        for doc in gold:
            uid, lang = doc["id"], doc["lang"]
            ndocs[lang] += 1
            ndocs["all"] += 1
            entities = []
            if uid in records:
                out = subprocess.run([corpus, "--db", db, "show", uid, "--json"],
                                     capture_output=True, text=True)
                if out.returncode == 0:
                    entities = json.loads(out.stdout).get("entities", [])
                else:
                    notes.append(f"{uid} not stored (show failed), scored as found nothing")
            by_type = {}
            for e in entities:
                by_type.setdefault(e["type"], []).append(e)
            lines = []
            # countries: ISO codes
            cs = by_type.get("country", [])
            pred = {e.get("code") or "?" + e["name"] for e in cs}
            g = set(doc.get("countries") or [])
            counts = {"countries": (len(pred & g), len(pred), len(g))}
            if verbose and pred != g:
                forms = {e.get("code") or "?" + e["name"]: text_forms(e) for e in cs}
                part = []
                if g - pred:
                    part.append("missed " + ", ".join(sorted(g - pred)))
                if pred - g:
                    part.append("false " + ", ".join(f"{c} {fmt_forms(forms[c])}"
                                                     for c in sorted(pred - g)))
                lines.append(f"  countries: {'; '.join(part)}")
            for t in DEV_TYPES[1:]:
                ours = by_type.get(OUR_TYPE[t], [])
                gl = doc.get(t) or []
                o2g, false, missed = match_dev(ours, gl)
                counts[t] = (len(o2g), len(ours), len(gl))
                if t == "officials":
                    for o, gi in o2g.items():
                        ok = title_right(ours[o], uid, gl[gi].get("title"))
                        for lg in (lang, "all"):
                            titles[lg][0] += ok
                            titles[lg][1] += 1
                        if verbose and not ok:
                            got = [r.get("title") for r in ours[o].get("roles") or []
                                   if r.get("article") in (None, uid)]
                            lines.append(f"  title: {gl[gi]['name']}: gold \"{gl[gi].get('title')}\","
                                         f" ours {got}")
                if verbose and (false or missed):
                    part = []
                    if missed:
                        part.append("missed " + "; ".join(
                            gl[i]["name"] + (f" {fmt_forms(gl[i]['variants'])}"
                                             if gl[i].get("variants") else "")
                            for i in missed))
                    for o, hits in false:
                        why = (f" (split: a second entity for {', '.join(gl[i]['name'] for i in hits)})"
                               if hits else "")
                        part.append(f"false {fmt_forms(text_forms(ours[o]))}{why}")
                    lines.append(f"  {t}: " + " | ".join(part))
            for t, c in counts.items():
                for lg in (lang, "all"):
                    for k in range(3):
                        totals[lg][t][k] += c[k]
            if lines:
                print(f"{uid} ({lang})")
                print("\n".join(lines))
    result = {"path": gold_path, "articles": ndocs["all"], "notes": notes, "by_lang": {}}
    for lg in langs + ["all"]:
        row = {"articles": ndocs[lg]}
        for t in DEV_TYPES:
            tp, npred, ngold = totals[lg][t]
            p, r = prf(tp, npred, ngold)
            # nothing predicted (or nothing to find): the ratio is undefined, shown as "-"
            row[t] = {"tp": tp, "predicted": npred, "gold": ngold,
                      "precision": round(p, 4) if npred else None,
                      "recall": round(r, 4) if ngold else None}
        right, matched = titles[lg]
        row["titles_right"] = {"right": right, "matched": matched,
                               "share": round(right / matched, 4) if matched else None}
        result["by_lang"][lg] = row
    return result


def dev_cells(row):
    cells = []
    for t in DEV_TYPES:
        c = row[t]
        p, r = (("  -  " if x is None else f"{x:.3f}") for x in (c["precision"], c["recall"]))
        cells.append(f"{p} / {r} ({c['tp']}/{c['predicted']}/{c['gold']})")
    tr = row["titles_right"]
    cells.append(f"{tr['right']}/{tr['matched']}" + (f" ({tr['share']:.3f})" if tr["matched"] else ""))
    return cells


def print_dev(result, markdown):
    heads = ["countries", "officials", "organisations", "agreements", "titles right"]
    rows = [(f"{lg} ({row['articles']})", dev_cells(row)) for lg, row in result["by_lang"].items()]
    print(f"dev set ({result['articles']} articles, {shown_path(result['path'])}): precision / recall"
          " (tp/pred/gold)")
    widths = [max(len(h), *(len(cells[i]) for _, cells in rows)) for i, h in enumerate(heads)]
    print("  " + " " * 9 + "  ".join(h.ljust(w) for h, w in zip(heads, widths)).rstrip())
    for label, cells in rows:
        print("  " + label.ljust(9) + "  ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip())
    for n in result["notes"]:
        print(f"  note: {n}")
    if markdown:
        print()
        print("| dev set | " + " | ".join(h + (" P / R (tp/pred/gold)" if i == 0 else "")
                                          for i, h in enumerate(heads)) + " |")
        print("|---|" + "---|" * len(heads))
        for label, cells in rows:
            print(f"| {label} | " + " | ".join(cells) + " |")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default=os.path.join(ROOT, "build", "corpus"))
    ap.add_argument("--gold", default=os.path.join(ROOT, "tests", "data", "seeds-entities-gold.json"))
    ap.add_argument("--seeds", default=os.path.join(ROOT, "seeds"))
    ap.add_argument("--reuters", help="reuters21578.jsonl.gz: also score countries against its labels")
    ap.add_argument("--limit", type=int, default=0, help="Reuters records to read (0: all)")
    ap.add_argument("--check", action="store_true", help="exit 1 below the seed thresholds")
    default_dev = os.path.normpath(os.path.join(ROOT, "..", "shared", "docs", "entities-dev-gold.jsonl"))
    ap.add_argument("--dev", nargs="?", const=default_dev, metavar="PATH",
                    help="also score the dev gold set (default PATH: ../shared/docs/entities-dev-gold.jsonl)")
    ap.add_argument("--data", default=os.path.normpath(os.path.join(ROOT, "..", "shared", "data")),
                    metavar="DIR", help="where vietnews_test.jsonl.gz and bbc_2223.jsonl.gz are")
    ap.add_argument("--markdown", action="store_true", help="also print the dev table in Markdown (implies --dev)")
    ap.add_argument("--json", metavar="FILE", help="write the seed and dev scores as JSON (implies --dev)")
    ap.add_argument("-v", "--verbose", action="store_true", help="list what each article misses")
    args = ap.parse_args()
    if (args.markdown or args.json) and not args.dev:
        args.dev = default_dev
    scores = score_seeds(args.corpus, args.gold, args.seeds, args.verbose)
    if args.reuters:
        score_reuters(args.corpus, args.reuters, args.limit)
    dev = None
    if args.dev:
        print()
        dev = score_dev(args.corpus, args.dev, args.data, args.verbose)
        if dev:
            if args.verbose:
                print()
            print_dev(dev, args.markdown)
    if args.json:
        out = {"seeds": {t: {"precision": round(p, 4), "recall": round(r, 4)} for t, (p, r) in scores.items()}}
        if dev:
            out["dev"] = dev
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(out, f, ensure_ascii=False, indent=1)
            f.write("\n")
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
