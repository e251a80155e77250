#!/usr/bin/env python3
"""A generated news corpus for the fault tests: JSON Lines records in Vietnamese and English,
built from the seeds' paragraphs and templated sentences that name countries, officials,
organisations and agreements, with exact copies, near-copies and excerpts among them, so that
an ingest exercises parsing, normalisation, entities and fingerprints, and `corpus dedupe`
finds every kind of pair. Deterministic for a given seed; needs nothing outside the repository.

    gen_corpus.py SEEDS_DIR OUT.jsonl [--records N] [--seed S]
"""
import argparse
import json
import os
import random

VI_COUNTRIES = ["Nhật Bản", "Hàn Quốc", "Nam Phi", "Azerbaijan", "Pháp", "Đức", "Hoa Kỳ", "Trung Quốc", "Lào", "Campuchia"]
EN_COUNTRIES = ["Japan", "South Korea", "South Africa", "Azerbaijan", "France", "Germany", "the United States", "China"]
VI_TITLES = ["Bộ trưởng Bộ Ngoại giao", "Thủ tướng", "Chủ tịch nước", "Phó Thủ tướng", "Bộ trưởng Bộ Công an"]
VI_NAMES = ["Nguyễn Văn An", "Trần Thị Hoà", "Lê Minh Khoẻ", "Phạm Quốc Đại", "Hoàng Thuỳ Linh", "Đặng Hữu Thuỷ"]
EN_NAMES = ["John Carter", "Maria Lopez", "Kenji Sato", "Ali Naghiyev", "Anna Schmidt"]
VI_ORGS = ["Bộ Công an", "Bộ Ngoại giao", "Liên hợp quốc", "Ngân hàng Nhà nước", "Tổng cục Thống kê"]
EN_ORGS = ["the United Nations", "the World Bank", "the International Monetary Fund", "Reuters"]


def seed_paragraphs(seeds_dir):
    paras = []
    for name in sorted(os.listdir(seeds_dir)):
        with open(os.path.join(seeds_dir, name), encoding="utf-8") as f:
            text = f.read()
        for p in text.split("\n\n")[1:]:
            p = p.strip()
            if len(p) > 40:
                paras.append(p)
    return paras


def vi_sentence(r, i):
    return (f"Ngày {r.randint(1, 28)}/{r.randint(1, 12)}, {r.choice(VI_TITLES)} {r.choice(VI_NAMES)} đã hội đàm với "
            f"đại diện {r.choice(VI_COUNTRIES)} và {r.choice(VI_ORGS)} về hợp tác kinh tế, lần thứ {i}.")


def en_sentence(r, i):
    return (f"Prime Minister {r.choice(EN_NAMES)} met officials from {r.choice(EN_COUNTRIES)} and "
            f"{r.choice(EN_ORGS)} on trade and investment, meeting number {i}, the ministry said.")


def make_records(seeds_dir, n, seed):
    r = random.Random(seed)
    paras = seed_paragraphs(seeds_dir)
    records = []
    for i in range(n):
        kind = i % 20
        if kind == 7 and records:
            # An exact copy under another id (a wire story run twice).
            base = dict(r.choice(records))
            base["id"] = f"g{i}"
            records.append(base)
            continue
        if kind == 13 and records:
            # A near-copy: one number changed in a long story.
            base = dict(r.choice(records))
            base["id"] = f"g{i}"
            base["body"] = base["body"].replace("lần thứ", "lần thứ 1", 1).replace("number", "number 1", 1)
            records.append(base)
            continue
        if kind == 17 and records:
            # An excerpt: the first paragraphs of another story.
            base = dict(r.choice(records))
            base["id"] = f"g{i}"
            base["body"] = "\n\n".join(base["body"].split("\n\n")[:2])
            records.append(base)
            continue
        english = r.random() < 0.3
        sentence = en_sentence if english else vi_sentence
        body = [sentence(r, i) for _ in range(r.randint(2, 5))]
        if not english:
            body += r.sample(paras, r.randint(1, 3))
        r.shuffle(body)
        title = (f"{r.choice(EN_NAMES)} visits {r.choice(EN_COUNTRIES)} ({i})" if english
                 else f"{r.choice(VI_TITLES)} tiếp đoàn {r.choice(VI_COUNTRIES)} ({i})")
        rec = {"id": f"g{i}", "title": title, "body": "\n\n".join(body)}
        if r.random() < 0.8:
            rec["date"] = f"20{r.randint(18, 25)}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}"
        records.append(rec)
    return records


def write_corpus(seeds_dir, path, n=6000, seed=1):
    with open(path, "w", encoding="utf-8") as f:
        for rec in make_records(seeds_dir, n, seed):
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("seeds")
    ap.add_argument("out")
    ap.add_argument("--records", type=int, default=6000)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    write_corpus(a.seeds, a.out, a.records, a.seed)
