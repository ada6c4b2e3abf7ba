#!/usr/bin/env python3
"""Search quality on ../shared/search/dev (24 Vietnamese documents, 30
judged queries): imports the corpus with `phonghop import`, asks every query
through `phonghop search --json`, and computes recall@10, MRR and nDCG@10
(binary gains) beside plain SQLite FTS5 (unicode61 remove_diacritics 2,
bm25) on the same documents. Prints a Markdown section.

  bench/search_quality.py [--bin build/release/phonghop] [--corpus ../shared/search/dev]
"""
import argparse, json, math, os, re, sqlite3, subprocess, sys, tempfile

def load(corpus):
    docs = {}
    for name in sorted(os.listdir(os.path.join(corpus, "docs"))):
        if name.endswith(".md"):
            with open(os.path.join(corpus, "docs", name), encoding="utf-8") as f:
                docs[name[:-3]] = f.read()
    queries = []
    with open(os.path.join(corpus, "queries.tsv"), encoding="utf-8") as f:
        next(f)
        for line in f:
            parts = line.rstrip("\n").split("\t")
            rel = [d for d in parts[1].split(",") if d] if len(parts) > 1 else []
            queries.append((parts[0], rel, parts[2] if len(parts) > 2 else ""))
    return docs, queries

def metrics(ranked, relevant):
    top = ranked[:10]
    rel = set(relevant)
    recall = len([d for d in top if d in rel]) / len(rel)
    mrr = next((1 / (i + 1) for i, d in enumerate(top) if d in rel), 0.0)
    dcg = sum(1 / math.log2(i + 2) for i, d in enumerate(top) if d in rel)
    idcg = sum(1 / math.log2(i + 2) for i in range(min(10, len(rel))))
    return recall, mrr, dcg / idcg

def fts5_query(q):
    # Plain FTS5 syntax: keep "phrases" and trailing stars, quote barewords
    # so that symbols (14/9/2022, 2022-2027) are not syntax errors.
    out = []
    for m in re.finditer(r'"[^"]*"?|\S+', q):
        tok = m.group(0)
        if tok.startswith('"'):
            out.append('"' + tok.strip('"').replace('"', '""') + '"')
        else:
            star = tok.endswith("*")
            core = tok.rstrip("*").replace('"', '""')
            if core:
                out.append('"' + core + '"' + (" *" if star else ""))
    return " ".join(out)

def baseline(docs, queries):
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE t USING fts5(id UNINDEXED, body, tokenize='unicode61 remove_diacritics 2')")
    db.executemany("INSERT INTO t(id, body) VALUES (?, ?)", docs.items())
    results = []
    for q, _, _ in queries:
        try:
            rows = db.execute("SELECT id FROM t WHERE t MATCH ? ORDER BY bm25(t) LIMIT 10", (fts5_query(q),)).fetchall()
            results.append([r[0] for r in rows])
        except sqlite3.OperationalError:
            results.append([])
    return results

def phonghop(binary, corpus, queries):
    work = tempfile.mkdtemp()
    data = os.path.join(work, "data")
    subprocess.run([binary, "congress", "create", "--data", data, "--slug", "dev", "--name", "Dev"],
                   check=True, capture_output=True)
    subprocess.run([binary, "import", "--data", data, "--congress", "dev", os.path.join(corpus, "docs"), "--json"],
                   check=True, capture_output=True)
    results, weak_ok = [], []
    for q, _, _ in queries:
        out = subprocess.run([binary, "search", "--data", data, "--congress", "dev", "--limit", "10", "--json", q],
                             check=True, capture_output=True, text=True).stdout
        res = json.loads(out)["results"]
        results.append([r["file_name"][:-3] for r in res])
        weak_ok.append(res)
    return results, weak_ok

def main():
    ap = argparse.ArgumentParser()
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--bin", default=os.path.join(here, "..", "build", "release", "phonghop"))
    ap.add_argument("--corpus", default=os.path.join(here, "..", "..", "shared", "search", "dev"))
    ap.add_argument("--details", action="store_true")
    args = ap.parse_args()
    docs, queries = load(args.corpus)
    base = baseline(docs, queries)
    ours, raw = phonghop(args.bin, args.corpus, queries)
    rows = []
    for name, res in (("SQLite FTS5 (unicode61 remove_diacritics 2, bm25)", base), ("phonghop", ours)):
        judged = [(r, q[1]) for r, q in zip(res, queries) if q[1]]
        m = [metrics(r, rel) for r, rel in judged]
        rows.append((name, *(sum(x[i] for x in m) / len(m) for i in range(3))))
    empty = [(q[0], b, r) for q, b, r in zip(queries, base, raw) if not q[1]]
    print("### Search quality: ../shared/search/dev (24 documents, 30 queries)\n")
    print("Recall@10, MRR and nDCG@10 (binary gains) averaged over the 27 queries that have relevant documents.\n")
    print("| engine | recall@10 | MRR | nDCG@10 |")
    print("|---|---:|---:|---:|")
    for name, r, mrr, ndcg in rows:
        print(f"| {name} | {r:.3f} | {mrr:.3f} | {ndcg:.3f} |")
    print(f"| phonghop ÷ FTS5 | {rows[1][1] / rows[0][1]:.2f}× | {rows[1][2] / rows[0][2]:.2f}× | {rows[1][3] / rows[0][3]:.2f}× |")
    print("\nQueries with no relevant document (an ideal engine shows nothing, or only weak matches):\n")
    print("| query | FTS5 results | phonghop results | phonghop results above the weak-match cut-off |")
    print("|---|---:|---:|---:|")
    for q, b, r in empty:
        print(f"| `{q}` | {len(b)} | {len(r)} | {sum(1 for x in r if x['strong'])} |")
    print("\nGoal: recall@10 ≥ 0.97, MRR ≥ 0.95, nDCG@10 ≥ 0.92. Reproduce: `bench/search_quality.py`")
    if args.details:
        for (q, rel, note), b, o in zip(queries, base, ours):
            if not rel:
                continue
            r1, m1, n1 = metrics(o, rel)
            if r1 < 1 or m1 < 1 or n1 < 0.9:
                print(f"\n{q!r}: recall {r1:.2f} mrr {m1:.2f} ndcg {n1:.2f}\n  got  {o}\n  want {rel}", file=sys.stderr)

if __name__ == "__main__":
    main()
