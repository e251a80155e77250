#!/usr/bin/env python3
"""Accent-aware matching on real text: corpus against stock FTS5 and an independent truth.

    bench/accent_eval.py [CORPUS.jsonl.gz] [BUILD_DIR]

For each query word, counts the articles that contain it by three means:
  truth   this script's own reading of the text (NFC, case-folded; an unaccented query matches
          any word whose marks and đ-stroke fold away to it; an accented one matches the word
          itself, old- and new-style tone placement alike);
  corpus  `corpus search WORD --count` on a database ingested from the same file;
  bare    the sqlite3 CLI on an FTS5 unicode61 remove_diacritics 2 table of the same text.
Prints precision and recall of corpus and bare against the truth.
"""
import gzip, json, os, re, sqlite3, subprocess, sys, tempfile, unicodedata

from corpuslib import ingest_records

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
data = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "..", "shared", "data", "baomoi_35k.jsonl.gz")
build = sys.argv[2] if len(sys.argv) > 2 else os.path.join(root, "build")
corpus = os.path.join(build, "corpus")

# Unaccented queries should find every variant; accented ones exactly their word.
QUERIES = ["dai", "duong", "hoa", "quoc", "nguoi", "dài", "đại", "đường", "dương", "hòa", "hoà", "khỏe", "thủy", "Đà Nẵng"]
# Old- and new-style spellings of the same syllable (the open syllables oa, oe, uy).
STYLE = {"òa": "oà", "óa": "oá", "ỏa": "oả", "õa": "oã", "ọa": "oạ", "òe": "oè", "óe": "oé", "ỏe": "oẻ",
         "õe": "oẽ", "ọe": "oẹ", "ùy": "uỳ", "úy": "uý", "ủy": "uỷ", "ũy": "uỹ", "ụy": "uỵ"}

def fold(w):
    w = unicodedata.normalize("NFD", w.casefold()).replace("đ", "d").replace("ð", "d")
    return unicodedata.normalize("NFC", "".join(c for c in w if unicodedata.category(c) != "Mn"))

def canon(w):
    w = unicodedata.normalize("NFC", w.casefold())
    for old, new in STYLE.items():
        if w.endswith(old):
            w = w[: -len(old)] + new
    return w

def words(text):
    return re.findall(r"[^\W_]+", unicodedata.normalize("NFC", text))

class Article:
    """An article's words, folded and canonical, with sets for a quick first test."""
    def __init__(self, text_words):
        self.folded = [fold(w) for w in text_words]
        self.canon = [canon(w) for w in text_words]
        self.folded_set, self.canon_set = set(self.folded), set(self.canon)

def matches(query, art):
    q = words(query)
    folded_query = all(fold(x) == x.casefold() for x in q)
    key = [x.casefold() if folded_query else canon(x) for x in q]
    if not set(key) <= (art.folded_set if folded_query else art.canon_set):
        return False
    seq = art.folded if folded_query else art.canon
    n = len(key)
    return n == 1 or any(seq[i:i + n] == key for i in range(len(seq) - n + 1))

def main():
    records = []
    with gzip.open(data, "rt", encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            if (r.get("title") or "").strip() or (r.get("body") or "").strip():
                records.append(r)
    fields = lambda r: [r.get("title") or "", r.get("summary") or "", r.get("body") or ""]
    with tempfile.TemporaryDirectory() as tmp:
        db = ingest_records(corpus, records, tmp)
        bare = sqlite3.connect(os.path.join(tmp, "bare.db"))
        bare.execute("CREATE VIRTUAL TABLE fts USING fts5(title, lead, body, tokenize='unicode61 remove_diacritics 2')")
        bare.executemany("INSERT INTO fts VALUES (?, ?, ?)", (fields(r) for r in records))
        bare.commit()
        # Word lists per article; paragraph breaks do not join words, so phrases stay honest.
        text_words = [Article([w for part in fields(r) for w in words(part) + ["\x00"]]) for r in records]
        print(f"{os.path.basename(data)}: {len(records)} articles\n")
        print(f"{'query':<10} {'truth':>7} {'corpus':>7} {'bare':>7}   corpus P/R     bare P/R")
        for q in QUERIES:
            truth = sum(1 for ws in text_words if matches(q, ws))
            got = int(subprocess.run([corpus, "--db", db, "search", f'"{q}"', "--count"],
                                     capture_output=True, text=True).stdout.strip() or 0)
            b = bare.execute("SELECT count(*) FROM fts WHERE fts MATCH ?", ('"' + q + '"',)).fetchone()[0]
            # Counts alone cannot give precision: check corpus's hits against the truth.
            hits = subprocess.run([corpus, "--db", db, "search", f'"{q}"', "--tsv", "--limit", "1000000"],
                                  capture_output=True, text=True).stdout.splitlines()
            ids = {r["id"]: i for i, r in enumerate(records)}
            right = sum(1 for h in hits if matches(q, text_words[ids[h.split("\t")[0]]]))
            bare_ids = [row[0] - 1 for row in bare.execute("SELECT rowid FROM fts WHERE fts MATCH ?", ('"' + q + '"',))]
            bare_right = sum(1 for i in bare_ids if matches(q, text_words[i]))
            pr = lambda right, n: f"{right / n if n else 1:.3f}/{right / truth if truth else 1:.3f}"
            print(f"{q:<10} {truth:>7} {got:>7} {b:>7}   {pr(right, len(hits)):>12} {pr(bare_right, b):>12}")

main()
