#include "search/ranker.h"

#include <algorithm>
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

Tokens LiteTokenize(std::string_view text) {
  Tokens t;
  t.text = text;
  t.buffer.reserve(text.size());
  std::vector<std::pair<size_t, size_t>> spans;  // offset, length in buffer
  ForEachFolded(text, [&](const std::string& folded, size_t start, size_t end) {
    spans.emplace_back(t.buffer.size(), folded.size());
    t.buffer += folded;
    t.items.push_back({{}, start, end});
  });
  for (size_t i = 0; i < spans.size(); ++i)
    t.items[i].folded = std::string_view(t.buffer).substr(spans[i].first, spans[i].second);
  return t;
}

bool Matches(const QueryTerm& t, const Lite& tok) {
  if (t.prefix) return tok.folded.substr(0, t.folded.size()) == t.folded;
  return tok.folded == t.folded;
}

bool ExactMatch(const QueryTerm& t, const Tokens& toks, size_t i) {
  if (t.prefix) return Matches(t, toks[i]);
  auto exact = Tokenize(toks.text.substr(toks[i].start, toks[i].end - toks[i].start));
  return !exact.empty() && exact[0].exact == t.exact;
}

struct Coverage {
  std::vector<std::vector<size_t>> positions;  // per term: token indices
  std::vector<int> exact_hits;
  int present = 0;
};

Coverage Cover(const std::vector<QueryTerm>& terms, const Tokens& toks, bool need_exact) {
  Coverage c;
  c.positions.resize(terms.size());
  c.exact_hits.assign(terms.size(), 0);
  for (size_t i = 0; i < toks.size(); ++i) {
    for (size_t k = 0; k < terms.size(); ++k) {
      if (!Matches(terms[k], toks[i])) continue;
      c.positions[k].push_back(i);
      if (need_exact && ExactMatch(terms[k], toks, i)) ++c.exact_hits[k];
    }
  }
  for (const auto& p : c.positions) c.present += !p.empty();
  return c;
}

// Occurrences of the whole term sequence, adjacent and in order.
int SequenceHits(const std::vector<QueryTerm>& terms, const Tokens& toks, size_t* first_at) {
  if (terms.empty()) return 0;
  int hits = 0;
  for (size_t i = 0; i + terms.size() <= toks.size(); ++i) {
    bool ok = true;
    for (size_t k = 0; k < terms.size() && ok; ++k) ok = Matches(terms[k], toks[i + k]);
    if (ok) {
      if (hits == 0 && first_at) *first_at = i;
      ++hits;
    }
  }
  return hits;
}

// Smallest token window holding every term; SIZE_MAX if some term is absent.
size_t MinWindow(const Coverage& c, size_t* window_start) {
  size_t n = c.positions.size();
  for (const auto& p : c.positions)
    if (p.empty()) return std::numeric_limits<size_t>::max();
  std::vector<size_t> idx(n, 0);
  size_t best = std::numeric_limits<size_t>::max();
  for (;;) {
    size_t lo = std::numeric_limits<size_t>::max(), hi = 0, lo_k = 0;
    for (size_t k = 0; k < n; ++k) {
      size_t p = c.positions[k][idx[k]];
      if (p < lo) { lo = p; lo_k = k; }
      hi = std::max(hi, p);
    }
    if (hi - lo + 1 < best) {
      best = hi - lo + 1;
      if (window_start) *window_start = lo;
    }
    if (++idx[lo_k] >= c.positions[lo_k].size()) break;
  }
  return best;
}

}  // namespace

PageScore ScorePage(const Query& q, std::string_view page_text, std::string_view title) {
  PageScore s;
  auto terms = q.Terms();
  if (terms.empty()) return s;
  Tokens toks = LiteTokenize(page_text);
  Tokens ttoks = LiteTokenize(title);
  Coverage page = Cover(terms, toks, q.accented), head = Cover(terms, ttoks, q.accented);
  const double n = static_cast<double>(terms.size());

  // Quoted phrases must hold as phrases (the index checked it, but the
  // title and the page are scored separately here).
  bool phrases_ok = true;
  for (const auto& c : q.clauses)
    if (c.phrase && SequenceHits(c.terms, toks, nullptr) == 0 && SequenceHits(c.terms, ttoks, nullptr) == 0)
      phrases_ok = false;

  int present = 0;
  for (size_t k = 0; k < terms.size(); ++k)
    present += !page.positions[k].empty() || !head.positions[k].empty();
  s.all_terms = present == static_cast<int>(terms.size()) && phrases_ok;

  size_t seq_at = 0;
  s.phrase_hits = terms.size() > 1 ? SequenceHits(terms, toks, &seq_at) : 0;
  size_t win_start = 0;
  size_t window = MinWindow(page, &win_start);
  size_t anchor = s.phrase_hits ? seq_at : (window != std::numeric_limits<size_t>::max() ? win_start : 0);
  if (window == std::numeric_limits<size_t>::max()) {
    for (const auto& p : page.positions)
      if (!p.empty()) { anchor = p.front(); break; }
  }
  if (anchor < toks.size()) {
    s.best_start = toks[anchor].start;
    s.best_end = toks[std::min(anchor + terms.size(), toks.size()) - 1].end;
  }

  // Proximity: adjacent in order is best; a tight window next.
  double prox = 0;
  if (terms.size() == 1) {
    prox = 1;
  } else if (s.phrase_hits) {
    prox = 1;
  } else if (window != std::numeric_limits<size_t>::max()) {
    prox = 0.6 * (n - 1) / static_cast<double>(window - 1);
  }
  bool title_phrase = terms.size() > 1 && SequenceHits(terms, ttoks, nullptr) > 0;

  // Tone: the share of terms found exactly as typed (only if accented).
  double tone = 0;
  if (q.accented) {
    double exact_terms = 0;
    for (size_t k = 0; k < terms.size(); ++k) {
      bool in_title = false;
      for (size_t i : head.positions[k]) in_title = in_title || ExactMatch(terms[k], ttoks, i);
      exact_terms += (page.exact_hits[k] > 0 || in_title) ? 1 : 0;
    }
    tone = exact_terms / n;
  }
  // How much of the page is about it: occurrences, damped.
  int occurrences = 0;
  if (q.accented) {
    for (int e : page.exact_hits) occurrences += e;
  } else {
    for (const auto& p : page.positions) occurrences += static_cast<int>(p.size());
  }
  if (s.phrase_hits) occurrences = std::max(occurrences, s.phrase_hits * static_cast<int>(terms.size()));
  double density = std::min(1.0, std::log1p(occurrences / n) / std::log(30.0));
  double title_score = head.present == static_cast<int>(terms.size()) ? (title_phrase || terms.size() == 1 ? 1.0 : 0.7)
                                                                  : 0.3 * head.present / n;
  double phrase = s.phrase_hits ? std::min(1.0, 0.6 + 0.1 * s.phrase_hits) : 0;

  double score = 1.0 + 0.8 * tone + 0.9 * title_score + 0.9 * phrase + 0.5 * prox + 0.5 * density;
  // Far-apart words on a long page are a weak match ("chuyển … đổi … số").
  bool scattered = terms.size() > 1 && !s.phrase_hits && !title_phrase &&
                   (window == std::numeric_limits<size_t>::max() ||
                    window > std::max<size_t>(10, 4 * terms.size()));
  if (!s.all_terms) {
    score = 0.6 * present / n * (0.5 + 0.5 * tone);
  } else if (scattered) {
    score = 0.5 + 0.3 * prox + 0.1 * tone;
  }
  s.score = score;
  return s;
}

std::string Snippet(const Query& q, std::string_view text, size_t around, size_t max_words) {
  Tokens toks = LiteTokenize(text);
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
    for (const auto& t : terms) hit = hit || Matches(t, toks[i]);
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
