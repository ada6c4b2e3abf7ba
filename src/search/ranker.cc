#include "search/ranker.h"

#include <algorithm>
#include <cstdint>
#include <cmath>
#include <limits>

#include "search/tokenizer.h"

namespace phonghop::search {

namespace {

// A token for ranking: its folded form as a view into one shared buffer
// (no allocation per token), and its byte range in the original text. The
// exact (tone-aware) key is computed only for tokens that match.
struct Lite {
  std::string_view folded;
  size_t start = 0, end = 0;
};

struct Tokens {
  std::string buffer;
  std::vector<Lite> items;
  std::string_view text;
  size_t size() const { return items.size(); }
  const Lite& operator[](size_t i) const { return items[i]; }
};

// Fills `t` (its buffers are reused: the ranker keeps one per thread).
// The folded bytes go straight into one buffer that does not move while
// the tokens are listed (search/tokenizer.h FoldInto).
void LiteTokenize(std::string_view text, Tokens& t) {
  t.text = text;
  t.buffer.clear();
  t.items.clear();
  t.items.reserve(text.size() / 4);
  FoldInto(text, t.buffer, [&](size_t offset, size_t length, size_t start, size_t end) {
    t.items.push_back({std::string_view(t.buffer.data() + offset, length), start, end});
  });
}

bool IsDigitChar(char c) { return c >= '0' && c <= '9'; }

bool Matches(const QueryTerm& t, const Lite& tok) {
  if (t.prefix) return tok.folded.substr(0, t.folded.size()) == t.folded;
  return tok.folded == t.folded;
}

// Whether `key` equals (or, for a prefix, begins) the join of a and b as
// the index joins them (inverted_index.h JoinKey: "e"+"mail" = "email").
bool JoinedIs(std::string_view key, std::string_view a, std::string_view b, bool prefix) {
  if (a.empty() || b.empty()) return false;
  bool sep = IsDigitChar(a.back()) && IsDigitChar(b.front());
  size_t total = a.size() + (sep ? 1 : 0) + b.size();
  if (prefix ? key.size() > total : key.size() != total) return false;
  size_t i = 0;
  for (size_t k = 0; k < a.size() && i < key.size(); ++k, ++i)
    if (key[i] != a[k]) return false;
  if (sep && i < key.size() && key[i++] != '/') return false;
  for (size_t k = 0; k < b.size() && i < key.size(); ++k, ++i)
    if (key[i] != b[k]) return false;
  return true;
}

// A query word written as two tokens in the text ("email" ~ "e-mail").
bool SplitAt(const QueryTerm& t, const Tokens& toks, size_t i) {
  return !t.prefix && i + 1 < toks.size() && JoinedIs(t.folded, toks[i].folded, toks[i + 1].folded, false);
}

// Two query words written as one token in the text ("smart phone" ~
// "smartphone").
bool PairAt(const QueryTerm& a, const QueryTerm& b, const Lite& tok) {
  if (a.prefix) return false;
  return JoinedIs(tok.folded, a.folded, b.folded, false) ||
         (b.prefix && tok.folded.size() >= a.folded.size() + b.folded.size() &&
          JoinedIs(tok.folded.substr(0, a.folded.size() + b.folded.size() +
                                     (IsDigitChar(a.folded.back()) && IsDigitChar(b.folded.front()) ? 1 : 0)),
                   a.folded, b.folded, false));
}

bool ExactMatch(const QueryTerm& t, const Tokens& toks, size_t i) {
  if (t.prefix) return Matches(t, toks[i]);
  if (!Matches(t, toks[i])) return !t.has_marks;  // a compound written apart: no tone to compare
  return ExactKey(toks.text.substr(toks[i].start, toks[i].end - toks[i].start)) == t.exact;
}

// Terms [a, b) matched in order from token i, each term as one token, as
// two (a split compound) or two terms as one token (a joined compound).
// On success `*end` is the token after the match.
bool SeqAt(const std::vector<QueryTerm>& terms, size_t a, size_t b, const Tokens& toks, size_t i, size_t* end) {
  size_t k = a, j = i;
  while (k < b) {
    if (j >= toks.size()) return false;
    if (k + 1 < b && PairAt(terms[k], terms[k + 1], toks[j])) {
      k += 2;
      j += 1;
    } else if (Matches(terms[k], toks[j])) {
      k += 1;
      j += 1;
    } else if (SplitAt(terms[k], toks, j)) {
      k += 1;
      j += 2;
    } else {
      return false;
    }
  }
  if (end) *end = j;
  return true;
}

// Units of meaning in a query: a quoted phrase, a repeated syllable ("Lô
// Lô", "người người": only the pair means the name or the word), or one
// free word.
struct Unit {
  size_t a = 0, b = 0;  // terms [a, b)
  bool free = true;     // a single free word (may join its neighbour)
  bool repeated = false;
};

std::vector<Unit> Units(const Query& q, const std::vector<QueryTerm>& terms) {
  std::vector<Unit> units;
  size_t i = 0;
  for (const auto& c : q.clauses) {
    size_t n = c.terms.size();
    if (c.phrase && n > 1) {
      units.push_back({i, i + n, false, false});
    } else {
      for (size_t k = 0; k < n; ++k) units.push_back({i + k, i + k + 1, true, false});
    }
    i += n;
  }
  // Merge runs of the same free word: "lo lo" is one unit of two terms.
  std::vector<Unit> merged;
  for (const auto& u : units) {
    if (!merged.empty() && u.free && !terms[u.a].prefix) {
      Unit& m = merged.back();
      if ((m.free || m.repeated) && m.b == u.a && terms[m.b - 1].folded == terms[u.a].folded) {
        m.b = u.b;
        m.free = false;
        m.repeated = true;
        continue;
      }
    }
    merged.push_back(u);
  }
  return merged;
}

struct UnitHits {
  std::vector<std::vector<size_t>> starts;  // per unit: token index of each occurrence
  std::vector<size_t> length;               // per unit: tokens of its first occurrence
  std::vector<int> exact;                   // per term: tone-exact occurrences
  std::vector<size_t> first_exact;          // per unit: first occurrence with every term tone-exact
};

// First bytes a matching token can start with: every way a token matches
// a term (whole, prefix, half of a split compound, a joined pair) has the
// token start with the term or the term start with the token, so their
// first two bytes agree (the first one, when either is one byte long).
// Tokens starting otherwise are skipped without trying each unit.
struct FirstBytes {
  bool any = false;      // a term with no bytes: no filtering
  bool ok[256] = {};     // some term starts with this byte
  bool short1[256] = {};  // some one-byte term is this byte
  std::vector<uint64_t> ok2 = std::vector<uint64_t>(65536 / 64, 0);  // some longer term starts with these two bytes
  explicit FirstBytes(const std::vector<QueryTerm>& terms) {
    for (const auto& t : terms) {
      if (t.folded.empty()) {
        any = true;
        continue;
      }
      const unsigned b0 = static_cast<unsigned char>(t.folded[0]);
      ok[b0] = true;
      if (t.folded.size() == 1) {
        short1[b0] = true;
      } else {
        const unsigned two = b0 << 8 | static_cast<unsigned char>(t.folded[1]);
        ok2[two >> 6] |= uint64_t{1} << (two & 63);
      }
    }
  }
  bool May(const Lite& tok) const {
    if (any) return true;
    const unsigned b0 = static_cast<unsigned char>(tok.folded[0]);
    if (!ok[b0]) return false;
    if (tok.folded.size() == 1 || short1[b0]) return true;
    const unsigned two = b0 << 8 | static_cast<unsigned char>(tok.folded[1]);
    return (ok2[two >> 6] >> (two & 63)) & 1;
  }
};

UnitHits Find(const std::vector<Unit>& units, const std::vector<QueryTerm>& terms, const Tokens& toks,
              bool need_exact, const FirstBytes& first) {
  UnitHits h;
  h.starts.resize(units.size());
  h.length.assign(units.size(), 1);
  h.exact.assign(terms.size(), 0);
  h.first_exact.assign(units.size(), std::numeric_limits<size_t>::max());
  for (size_t i = 0; i < toks.size(); ++i) {
    if (!first.May(toks[i])) continue;
    for (size_t u = 0; u < units.size(); ++u) {
      const Unit& un = units[u];
      size_t end = i;
      bool hit = SeqAt(terms, un.a, un.b, toks, i, &end);
      if (!hit && un.free) {
        // A free word joined with a free neighbour in one token.
        size_t k = un.a;
        hit = (k > 0 && u > 0 && units[u - 1].free && PairAt(terms[k - 1], terms[k], toks[i])) ||
              (k + 1 < terms.size() && u + 1 < units.size() && units[u + 1].free &&
               PairAt(terms[k], terms[k + 1], toks[i]));
        end = i + 1;
      }
      if (!hit) continue;
      if (h.starts[u].empty()) h.length[u] = end - i;
      h.starts[u].push_back(i);
      bool all_exact = true;
      if (need_exact) {
        for (size_t k = un.a; k < un.b; ++k) {
          bool e = i + (k - un.a) < toks.size() && ExactMatch(terms[k], toks, i + (k - un.a));
          h.exact[k] += e;
          all_exact = all_exact && e;
        }
      }
      if (all_exact && h.first_exact[u] == std::numeric_limits<size_t>::max()) h.first_exact[u] = i;
    }
  }
  return h;
}

// Occurrences of all terms in order, adjacent.
int SequenceHits(const std::vector<QueryTerm>& terms, const Tokens& toks, size_t* first_at, const FirstBytes& first) {
  if (terms.empty()) return 0;
  int hits = 0;
  for (size_t i = 0; i < toks.size(); ++i) {
    if (first.May(toks[i]) && SeqAt(terms, 0, terms.size(), toks, i, nullptr)) {
      if (hits == 0 && first_at) *first_at = i;
      ++hits;
    }
  }
  return hits;
}

// Smallest token window holding every unit; SIZE_MAX if one is absent.
size_t MinWindow(const UnitHits& h, size_t* window_start) {
  size_t n = h.starts.size();
  for (const auto& p : h.starts)
    if (p.empty()) return std::numeric_limits<size_t>::max();
  std::vector<size_t> idx(n, 0);
  size_t best = std::numeric_limits<size_t>::max();
  for (;;) {
    size_t lo = std::numeric_limits<size_t>::max(), hi = 0, lo_k = 0;
    for (size_t k = 0; k < n; ++k) {
      size_t p = h.starts[k][idx[k]];
      if (p < lo) { lo = p; lo_k = k; }
      hi = std::max(hi, p + h.length[k] - 1);
    }
    if (hi - lo + 1 < best) {
      best = hi - lo + 1;
      if (window_start) *window_start = lo;
    }
    if (++idx[lo_k] >= h.starts[lo_k].size()) break;
  }
  return best;
}

// How many times unit u is directly followed by unit u + 1.
int AdjacentHits(const std::vector<Unit>& units, const std::vector<QueryTerm>& terms, const UnitHits& h,
                 const Tokens& toks, size_t u) {
  int hits = 0;
  for (size_t p : h.starts[u])
    if (SeqAt(terms, units[u].a, units[u + 1].b, toks, p, nullptr)) ++hits;
  return hits;
}

}  // namespace

struct PageScorer::Prepared {
  const Query& q;
  std::vector<QueryTerm> terms;
  std::vector<Unit> units;
  FirstBytes first_bytes;
  explicit Prepared(const Query& query)
      : q(query), terms(query.Terms()), units(Units(query, terms)), first_bytes(terms) {}
};

PageScorer::PageScorer(const Query& q) : p_(std::make_unique<Prepared>(q)) {}
PageScorer::~PageScorer() = default;

PageScore ScorePage(const Query& q, std::string_view page_text, std::string_view title) {
  return PageScorer(q).Score(page_text, title);
}

PageScore PageScorer::Score(std::string_view page_text, std::string_view title) const {
  const Query& q = p_->q;
  const std::vector<QueryTerm>& terms = p_->terms;
  PageScore s;
  if (terms.empty()) return s;
  const std::vector<Unit>& units = p_->units;
  const size_t nu = units.size();
  thread_local Tokens toks, ttoks;  // scratch, reused page after page
  LiteTokenize(page_text, toks);
  LiteTokenize(title, ttoks);
  const FirstBytes& first_bytes = p_->first_bytes;
  UnitHits page = Find(units, terms, toks, q.accented, first_bytes),
           head = Find(units, terms, ttoks, q.accented, first_bytes);

  // With diacritics typed, the title and the opening lines count for the
  // word as typed ("bản" in a title, not "Ban").
  size_t present = 0, head_present = 0;
  for (size_t u = 0; u < nu; ++u) {
    present += !page.starts[u].empty() || !head.starts[u].empty();
    head_present += q.accented ? head.first_exact[u] != std::numeric_limits<size_t>::max() : !head.starts[u].empty();
  }
  s.all_terms = present == nu;

  size_t seq_at = 0;
  s.phrase_hits = nu > 1 ? SequenceHits(terms, toks, &seq_at, first_bytes) : 0;
  size_t win_start = 0;
  size_t window = MinWindow(page, &win_start);
  constexpr size_t kNone = std::numeric_limits<size_t>::max();
  size_t anchor = s.phrase_hits ? seq_at : (window != kNone ? win_start : 0);
  if (window == kNone) {
    for (const auto& p : page.starts)
      if (!p.empty()) { anchor = p.front(); break; }
  }
  if (anchor < toks.size()) {
    s.best_start = toks[anchor].start;
    s.best_end = toks[std::min(anchor + terms.size(), toks.size()) - 1].end;
  }

  // Adjacency of neighbouring units ("mat ong" + "ong bac" + "bac ha"):
  // partial phrase credit, and what makes a topic more than its syllables.
  int adjacent_pairs = 0, adjacent_hits = 0;
  for (size_t u = 0; u + 1 < nu; ++u) {
    int a = AdjacentHits(units, terms, page, toks, u);
    adjacent_pairs += a > 0;
    adjacent_hits += a;
  }
  double adjacency = nu > 1 ? static_cast<double>(adjacent_pairs) / static_cast<double>(nu - 1) : 1.0;

  double prox = 0;
  size_t unit_tokens = 0;
  for (size_t u = 0; u < nu; ++u) unit_tokens += page.length[u];
  if (nu == 1 || s.phrase_hits) {
    prox = 1;
  } else if (window != kNone) {
    size_t slack = window > unit_tokens ? window - unit_tokens : 0;
    prox = slack == 0 ? 1.0 : 0.6 * static_cast<double>(nu - 1) / static_cast<double>(nu - 1 + slack);
  }
  bool title_phrase = nu > 1 && SequenceHits(terms, ttoks, nullptr, first_bytes) > 0;

  // Tone: the share of terms found exactly as typed (only if accented).
  const double nt = static_cast<double>(terms.size());
  double tone = 0;
  if (q.accented) {
    double exact_terms = 0;
    for (size_t k = 0; k < terms.size(); ++k) exact_terms += (page.exact[k] > 0 || head.exact[k] > 0) ? 1 : 0;
    tone = exact_terms / nt;
  }
  // Aboutness: how often the page says it — the whole unit for one unit
  // (tone-exact when typed with marks), the phrase or its adjacent pieces
  // for several (scattered syllables do not count).
  double occurrences = 0;
  if (nu == 1) {
    if (q.accented) {
      int e = 0;
      for (size_t k = units[0].a; k < units[0].b; ++k) e = std::max(e, page.exact[k]);
      occurrences = e;
    } else {
      occurrences = static_cast<double>(page.starts[0].size());
    }
  } else {
    occurrences = s.phrase_hits + 0.5 * adjacent_hits / static_cast<double>(nu - 1);
  }
  double density = std::min(1.0, std::log1p(occurrences) / std::log(20.0));
  // Said in the opening lines of the page (where a document names its topic).
  size_t first = kNone;
  if (nu == 1) first = page.first_exact[0];  // (any occurrence when typed without marks)
  else if (s.phrase_hits) first = seq_at;
  double early = first < 40 ? 1.0 : 0.0;

  double title_score = head_present == nu ? (title_phrase || nu == 1 ? 1.0 : 0.7)
                                          : 0.3 * static_cast<double>(head_present) / static_cast<double>(nu);
  double phrase = s.phrase_hits ? std::min(1.0, 0.6 + 0.1 * s.phrase_hits) : 0;

  double score = 1.0 + 0.8 * tone + 0.9 * title_score + 0.9 * phrase + 0.4 * adjacency + 0.5 * prox +
                 0.8 * density + 0.2 * early;
  // Far-apart words on a long page are a weak match ("chuyển … đổi … số").
  bool scattered = nu > 1 && !s.phrase_hits && !title_phrase && adjacent_pairs == 0 &&
                   (window == kNone || window > std::max<size_t>(10, 4 * nu));
  if (!s.all_terms) {
    score = 0.6 * static_cast<double>(present) / static_cast<double>(nu) * (0.5 + 0.5 * tone);
  } else if (scattered) {
    score = 0.5 + 0.3 * prox + 0.1 * tone;
  }
  s.score = score;
  return s;
}

std::string Snippet(const Query& q, std::string_view text, size_t around, size_t max_words) {
  thread_local Tokens toks;  // scratch, reused snippet after snippet
  LiteTokenize(text, toks);
  auto terms = q.Terms();
  if (toks.size() == 0) return "";
  size_t center = 0;
  while (center < toks.size() && toks[center].start < around) ++center;
  if (center >= toks.size()) center = toks.size() - 1;
  size_t first = center > max_words / 3 ? center - max_words / 3 : 0;
  size_t last = std::min(toks.size() - 1, first + max_words);
  auto escape = [](std::string_view s) {
    std::string out;
    for (char c : s) {
      if (c == '&') out += "&amp;";
      else if (c == '<') out += "&lt;";
      else if (c == '>') out += "&gt;";
      else if (c == '"') out += "&quot;";
      else if (c == '\n' || c == '\r' || c == '\t') out += ' ';
      else if (c == '*' || c == '#' || c == '`') continue;  // Markdown marks, not words
      else out += c;
    }
    return out;
  };
  std::string out = first > 0 ? "…" : "";
  size_t pos = toks[first].start;
  for (size_t i = first; i <= last; ++i) {
    out += escape(text.substr(pos, toks[i].start - pos));
    bool hit = false;
    for (size_t k = 0; k < terms.size() && !hit; ++k) {
      hit = Matches(terms[k], toks[i]) || SplitAt(terms[k], toks, i) || (i > 0 && SplitAt(terms[k], toks, i - 1)) ||
            (k + 1 < terms.size() && PairAt(terms[k], terms[k + 1], toks[i]));
    }
    std::string word = escape(text.substr(toks[i].start, toks[i].end - toks[i].start));
    out += hit ? "<mark>" + word + "</mark>" : word;
    pos = toks[i].end;
  }
  if (last + 1 < toks.size()) out += "…";
  // Collapse runs of spaces left by line breaks.
  std::string collapsed;
  for (char c : out) {
    if (c == ' ' && !collapsed.empty() && collapsed.back() == ' ') continue;
    collapsed += c;
  }
  return collapsed;
}

}  // namespace phonghop::search
