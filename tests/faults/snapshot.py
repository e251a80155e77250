"""What a corpus database holds, as comparable values: every table an ingest or `corpus dedupe`
writes, with rows named by their stable keys (article uid, entity key) rather than by rowids,
and without the timestamps of when they were written. Two databases made from the same input
must have equal snapshots however their ingests were interrupted or interleaved."""
import sqlite3

QUERIES = {
    "articles": "SELECT uid, source_name, content_hash, date, lang, title, lead, body, layout, meta FROM articles",
    "sources": "SELECT s.key, a.uid, s.content_hash FROM sources s JOIN articles a ON a.id = s.article_id",
    "entities": "SELECT type, key, name, name_en, code, info, block FROM entities",
    "aliases": "SELECT e.key, x.alias, x.folded FROM entity_aliases x JOIN entities e ON e.id = x.entity_id",
    "mentions": "SELECT a.uid, e.key, m.count, m.spans FROM mentions m"
                " JOIN articles a ON a.id = m.article_id JOIN entities e ON e.id = m.entity_id",
    "roles": "SELECT e.key, a.uid, r.title, r.org, r.country, r.past, r.date FROM roles r"
             " JOIN articles a ON a.id = r.article_id JOIN entities e ON e.id = r.entity_id",
    "vocab": "SELECT key, word FROM vocab",
    "fingerprints": "SELECT a.uid, d.content_hash, d.exact, d.words, hex(d.fingerprints), d.checked FROM dedupe_docs d"
                    " JOIN articles a ON a.id = d.article_id",
    "pairs": "SELECT x.uid, y.uid, p.relation, p.coverage_a, p.coverage_b, p.shared_words, p.passages"
             " FROM dedupe_pairs p JOIN articles x ON x.id = p.a JOIN articles y ON y.id = p.b",
    "meta": "SELECT key, value FROM meta",
}


def snapshot(path):
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return {name: sorted(db.execute(sql).fetchall(), key=repr) for name, sql in QUERIES.items()}
    finally:
        db.close()


def differences(a, b, limit=3):
    """Lines describing how snapshot b differs from snapshot a (empty when equal)."""
    out = []
    for name in QUERIES:
        x, y = set(a[name]), set(b[name])
        if x == y and len(a[name]) == len(b[name]):
            continue
        out.append(f"{name}: {len(a[name])} rows against {len(b[name])}")
        out += [f"  only in the first: {r!r:.300}" for r in sorted(x - y, key=repr)[:limit]]
        out += [f"  only in the second: {r!r:.300}" for r in sorted(y - x, key=repr)[:limit]]
    return out


def half_written(path):
    """Articles that are not whole: what one transaction writes with an article must all be there."""
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        problems = [f"foreign key: {row!r}" for row in db.execute("PRAGMA foreign_key_check")]
        problems += [f"article {uid} has no source" for (uid,) in db.execute(
            "SELECT uid FROM articles a WHERE NOT EXISTS (SELECT 1 FROM sources s WHERE s.article_id = a.id)")]
        problems += [f"article {uid} has no fingerprints of its text" for (uid,) in db.execute(
            "SELECT uid FROM articles a WHERE NOT EXISTS"
            " (SELECT 1 FROM dedupe_docs d WHERE d.article_id = a.id AND d.content_hash = a.content_hash)")]
        problems += [f"entity {key} has no alias" for (key,) in db.execute(
            "SELECT key FROM entities e WHERE NOT EXISTS (SELECT 1 FROM entity_aliases x WHERE x.entity_id = e.id)")]
        return problems
    finally:
        db.close()
