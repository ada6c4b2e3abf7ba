#!/usr/bin/env python3
"""Fills a phonghop data directory with a generated archive for the search
benchmarks: DOCS documents × PAGES pages of Vietnamese-like text drawn with
a Zipf-like law from the same vocabulary as bench/search_speed.cc (read
from that file), written straight into the database (the search index is
derived from the pages, so the server builds it on its first search).

  bench/make_archive.py DATA_DIR SLUG DOCS PAGES [WORDS_PER_PAGE]
(DATA_DIR must hold a congress SLUG: `phonghop congress create` first.)
"""
import os, random, re, sqlite3, sys

def vocabulary():
    src = open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "search_speed.cc"), encoding="utf-8").read()
    block = src[src.index("static const std::vector<std::string> v = {"):]
    block = block[:block.index("};")]
    return re.findall(r'"((?:[^"\\]|\\.)*)"', block)

def page(rng, v, words):
    out = []
    for w in range(words):
        i = min(int(len(v) * rng.random() ** 2.2), len(v) - 1)
        if out:
            out.append(". " if w % 17 == 0 else " ")
        out.append(v[i])
    return "".join(out) + "."

def main():
    data, slug, docs, pages = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    words = int(sys.argv[5]) if len(sys.argv) > 5 else 220
    v = vocabulary()
    rng = random.Random(20221)
    db = sqlite3.connect(os.path.join(data, "phonghop.db"))
    (cid,) = db.execute("SELECT id FROM congresses WHERE slug = ?", (slug,)).fetchone()
    with db:
        for d in range(docs):
            cur = db.execute("INSERT INTO documents(congress_id, code, title, created_at, updated_at) VALUES (?, ?, ?, 0, 0)",
                             (cid, f"{slug}-D{d}", page(rng, v, 8)))
            did = cur.lastrowid
            cur = db.execute("INSERT INTO document_versions(document_id, number, sha256, file_name, kind, size, page_count, "
                             "created_at) VALUES (?, 1, 'x', ?, 'pdf', 0, ?, 0)", (did, f"doc-{d}.pdf", pages))
            vid = cur.lastrowid
            db.executemany("INSERT INTO document_pages(version_id, page, text) VALUES (?, ?, ?)",
                           [(vid, p, page(rng, v, words)) for p in range(1, pages + 1)])
            db.execute("UPDATE documents SET current_version_id = ? WHERE id = ?", (vid, did))
        db.execute("INSERT INTO search_changes(document_id) VALUES (0)")
    db.close()

if __name__ == "__main__":
    main()
