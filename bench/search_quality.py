#!/usr/bin/env python3
"""Search quality on ../shared/search/dev (24 Vietnamese documents, 30
judged queries) and on the held-out class sets in tests/search_cases (one
folder per weakness class, same format): imports each corpus with `phonghop import`, asks every query
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

def phonghop(binary, corpus, queries, slug="dev"):
    work = tempfile.mkdtemp()
    data = os.path.join(work, "data")
    subprocess.run([binary, "congress", "create", "--data", data, "--slug", slug, "--name", slug],
                   check=True, capture_output=True)
    subprocess.run([binary, "import", "--data", data, "--congress", slug, os.path.join(corpus, "docs"), "--json"],
                   check=True, capture_output=True)
    results, weak_ok = [], []
    for q, _, _ in queries:
        out = subprocess.run([binary, "search", "--data", data, "--congress", slug, "--limit", "10", "--json", q],
                             check=True, capture_output=True, text=True).stdout
        res = json.loads(out)["results"]
        results.append([r["file_name"][:-3] for r in res])
        weak_ok.append(res)
    return results, weak_ok

def evaluate(binary, corpus, slug):
    """Metrics of FTS5 and phonghop on one corpus: ({engine: (r, mrr, ndcg)}, per-query rows)."""
    docs, queries = load(corpus)
    base = baseline(docs, queries)
    ours, raw = phonghop(binary, corpus, queries, slug)
    out = {}
    for name, res in (("fts5", base), ("phonghop", ours)):
        judged = [(r, q[1]) for r, q in zip(res, queries) if q[1]]
        m = [metrics(r, rel) for r, rel in judged]
        out[name] = tuple(sum(x[i] for x in m) / len(m) for i in range(3))
    return out, docs, queries, base, ours, raw

def main():
    ap = argparse.ArgumentParser()
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--bin", default=os.path.join(here, "..", "build", "release", "phonghop"))
    ap.add_argument("--corpus", default=os.path.join(here, "..", "..", "shared", "search", "dev"))
    ap.add_argument("--cases", default=os.path.join(here, "..", "tests", "search_cases"),
                    help="held-out class sets: one folder per class with docs/ and queries.tsv")
    ap.add_argument("--details", action="store_true")
    args = ap.parse_args()
    sets = [("dev", args.corpus)]
    if os.path.isdir(args.cases):
        for name in sorted(os.listdir(args.cases)):
            if os.path.isfile(os.path.join(args.cases, name, "queries.tsv")):
                sets.append((name, os.path.join(args.cases, name)))
    results = []
    for name, path in sets:
        results.append((name, path, *evaluate(args.bin, path, re.sub(r"[^a-z0-9-]", "-", name.lower()))))
    print("### Search quality: ../shared/search/dev beside held-out class sets (tests/search_cases)\n")
    print("Recall@10, MRR and nDCG@10 (binary gains) averaged over the queries that have relevant documents. "
          "`dev` is the set the engine was first built on; the class sets were written later, each with "
          "its own documents (another province, other authors) and judged queries, one folder per weakness "
          "class: `repeated` (reduplicated syllables: Lô Lô, người người), `compound` (e-mail/email/e mail, "
          "COVID-19/covid19, ViettelPay/Viettel Pay), `about` (abbreviations and numbers: the document about "
          "them above a passing mention), `topic` (several syllables typed without diacritics vs the same "
          "syllables scattered). `unseen` pools every class query.\n")
    print("| set | docs | queries | FTS5 recall@10 | FTS5 MRR | FTS5 nDCG@10 | phonghop recall@10 | phonghop MRR | phonghop nDCG@10 |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    pooled = {"fts5": [], "phonghop": []}
    pooled_docs = 0
    for name, path, m, docs, queries, base, ours, raw in results:
        n = sum(1 for q in queries if q[1])
        if name != "dev":
            pooled_docs += len(docs)
            for eng in pooled:
                pooled[eng].append((m[eng], n))
        f, o = m["fts5"], m["phonghop"]
        print(f"| {name} | {len(docs)} | {n} | {f[0]:.3f} | {f[1]:.3f} | {f[2]:.3f} | {o[0]:.3f} | {o[1]:.3f} | {o[2]:.3f} |")
    if pooled["fts5"]:
        total = sum(n for _, n in pooled["fts5"])
        agg = {eng: [sum(m[i] * n for m, n in pooled[eng]) / total for i in range(3)] for eng in pooled}
        f, o = agg["fts5"], agg["phonghop"]
        print(f"| **unseen** (all classes) | {pooled_docs} | {total} | {f[0]:.3f} | {f[1]:.3f} | {f[2]:.3f} | "
              f"**{o[0]:.3f}** | **{o[1]:.3f}** | **{o[2]:.3f}** |")
    name, path, m, docs, queries, base, ours, raw = results[0]
    empty = [(q[0], b, r) for q, b, r in zip(queries, base, raw) if not q[1]]
    if empty:
        print("\nDev queries with no relevant document (an ideal engine shows nothing, or only weak matches):\n")
        print("| query | FTS5 results | phonghop results | phonghop results above the weak-match cut-off |")
        print("|---|---:|---:|---:|")
        for q, b, r in empty:
            print(f"| `{q}` | {len(b)} | {len(r)} | {sum(1 for x in r if x['strong'])} |")
    print("\nGoal on unseen documents: recall@10 ≥ 0.97, MRR ≥ 0.95, nDCG@10 ≥ 0.92; dev must not get worse. "
          "Reproduce: `bench/search_quality.py`")
    if args.details:
        for name, path, m, docs, queries, base, ours, raw in results:
            for (q, rel, note), b, o in zip(queries, base, ours):
                if not rel:
                    continue
                r1, m1, n1 = metrics(o, rel)
                if r1 < 1 or m1 < 1 or n1 < 0.9:
                    print(f"\n[{name}] {q!r}: recall {r1:.2f} mrr {m1:.2f} ndcg {n1:.2f}\n  got  {o}\n  want {rel}",
                          file=sys.stderr)

if __name__ == "__main__":
    main()
