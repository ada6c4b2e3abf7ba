#include "search/inverted_index.h"

#include <algorithm>
#include <bit>
#include <cmath>

#include "search/tokenizer.h"

namespace phonghop::search {

namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

constexpr size_t kMaxPrefixExpansions = 48;
constexpr int kEarlyTokens = 40;  // "early on the page": the opening lines
constexpr double kK1 = 1.2, kB = 0.75;  // BM25


}  // namespace

std::string JoinKey(std::string_view a, std::string_view b) {
  std::string out;
  out.reserve(a.size() + b.size() + 1);
  out.append(a);
  if (!a.empty() && !b.empty() && IsDigit(a.back()) && IsDigit(b.front())) out += '/';
  out.append(b);
  return out;
}

uint32_t InvertedIndex::TermId(const std::string& key) {
  auto [it, inserted] = dict_.try_emplace(key, static_cast<uint32_t>(terms_.size()));
  if (inserted) {
    terms_.emplace_back();
    sorted_dirty_ = true;
  }
  return it->second;
}

void InvertedIndex::AddPage(const PageInfo& info, std::string_view title, std::string_view text) {
  uint32_t id = static_cast<uint32_t>(pages_.size());
  pages_.push_back({info, 0, true});
  doc_pages_[info.document_id].push_back(id);
  ++live_;
  Index(id, title, text);
  lengths_.push_back(pages_[id].length);
  norms_dirty_ = true;
}

void InvertedIndex::Index(uint32_t page_id, std::string_view title, std::string_view text) {
  // Every occurrence as (key, position, spelling), sorted by key and folded
  // into one posting per key: no per-page map, one dictionary lookup each.
  struct Occ {
    uint32_t term;
    uint16_t pos;
    uint8_t title;
    uint8_t variant;  // 0xFF: a pair key (no spelling)
  };
  thread_local std::vector<Occ> occ;
  occ.clear();
  auto variant_of = [&](uint32_t id, const std::string& exact) -> uint8_t {
    auto& vs = terms_[id].variants;
    for (size_t k = 0; k < vs.size(); ++k)
      if (vs[k] == exact) return static_cast<uint8_t>(k);
    if (vs.size() < 16) {
      vs.push_back(exact);
      return static_cast<uint8_t>(vs.size() - 1);
    }
    return 15;  // rarer spellings share the last bit
  };
  auto add_field = [&](std::string_view field, bool is_title) {
    std::vector<Token> toks = Tokenize(field);
    for (size_t i = 0; i < toks.size(); ++i) {
      uint16_t pos = static_cast<uint16_t>(std::min<size_t>(i, 127));
      uint32_t id = TermId(toks[i].folded);
      occ.push_back({id, pos, is_title, variant_of(id, toks[i].exact)});
      if (i + 1 < toks.size()) occ.push_back({TermId(JoinKey(toks[i].folded, toks[i + 1].folded)), pos, is_title, 0xFF});
    }
    if (!is_title) pages_[page_id].length = static_cast<uint32_t>(toks.size());
  };
  add_field(title, true);
  add_field(text, false);
  total_length_ += pages_[page_id].length;
  std::sort(occ.begin(), occ.end(), [](const Occ& a, const Occ& b) { return a.term < b.term; });
  for (size_t i = 0; i < occ.size();) {
    uint32_t term = occ[i].term, tf = 0, first = 127;
    bool in_title = false;
    uint16_t mask = 0;
    for (; i < occ.size() && occ[i].term == term; ++i) {
      if (occ[i].title) {
        in_title = true;
      } else {
        ++tf;
        first = std::min<uint32_t>(first, occ[i].pos);
      }
      if (occ[i].variant != 0xFF) mask |= static_cast<uint16_t>(1u << occ[i].variant);
    }
    uint8_t meta = static_cast<uint8_t>((in_title ? 0x80 : 0) | first);
    terms_[term].postings.push_back({page_id, static_cast<uint8_t>(std::min<uint32_t>(tf, 255)), meta, mask});
  }
}

void InvertedIndex::RemoveDocument(int64_t document_id) {
  auto it = doc_pages_.find(document_id);
  if (it == doc_pages_.end()) return;
  for (uint32_t id : it->second) {
    if (!pages_[id].live) continue;
    pages_[id].live = false;
    lengths_[id] = kDead;
    --live_;
    total_length_ -= pages_[id].length;
  }
  doc_pages_.erase(it);
  norms_dirty_ = true;
}

void InvertedIndex::Clear() {
  dict_.clear();
  terms_.clear();
  pages_.clear();
  lengths_.clear();
  doc_pages_.clear();
  live_ = 0;
  total_length_ = 0;
  norms_dirty_ = true;
  std::lock_guard lock(sorted_mu_);
  sorted_.clear();
  sorted_dirty_ = true;
}

void InvertedIndex::CompactIfNeeded() {
  size_t dead = pages_.size() - live_;
  if (dead == 0 || dead * 5 < pages_.size()) return;
  for (auto& t : terms_) {
    std::erase_if(t.postings, [&](const Posting& p) { return !pages_[p.page].live; });
    t.postings.shrink_to_fit();
  }
}

size_t InvertedIndex::posting_count() const {
  size_t n = 0;
  for (const auto& t : terms_) n += t.postings.size();
  return n;
}

size_t InvertedIndex::MemoryBytes() const {
  size_t n = 0;
  for (const auto& [k, v] : dict_) n += k.capacity() + 48;
  for (const auto& t : terms_) {
    n += sizeof(Term) + t.postings.capacity() * sizeof(Posting);
    for (const auto& v : t.variants) n += v.capacity() + sizeof(std::string);
  }
  n += pages_.capacity() * sizeof(Page) + lengths_.capacity() * sizeof(uint32_t);
  for (const auto& p : pages_) n += p.info.category.capacity();
  return n;
}

const std::vector<double>& InvertedIndex::Norms() const {
  if (!norms_dirty_.load(std::memory_order_acquire)) return norms_;
  std::lock_guard lock(norms_mu_);
  if (norms_dirty_.load(std::memory_order_relaxed)) {
    const double avg_len = live_ ? std::max(1.0, static_cast<double>(total_length_) / live_) : 1.0;
    norms_.resize(lengths_.size());
    for (size_t i = 0; i < lengths_.size(); ++i) {
      uint32_t length = lengths_[i];
      norms_[i] = length == kDead ? -1.0 : kK1 * (1 - kB + kB * length / avg_len);
    }
    norms_dirty_.store(false, std::memory_order_release);
  }
  return norms_;
}

void InvertedIndex::ExpandPrefix(const std::string& prefix, std::vector<uint32_t>& out) const {
  std::lock_guard lock(sorted_mu_);
  if (sorted_dirty_) {
    sorted_.clear();
    sorted_.reserve(dict_.size());
    for (const auto& [k, v] : dict_) sorted_.emplace_back(std::string_view(k), v);
    std::sort(sorted_.begin(), sorted_.end());
    sorted_dirty_ = false;
  }
  auto it = std::lower_bound(sorted_.begin(), sorted_.end(), std::pair<std::string_view, uint32_t>(prefix, 0));
  std::vector<uint32_t> found;
  for (; it != sorted_.end() && it->first.substr(0, prefix.size()) == prefix; ++it) found.push_back(it->second);
  if (found.size() > kMaxPrefixExpansions) {
    // Keep the commonest words: what a person typing a prefix most likely means.
    std::partial_sort(found.begin(), found.begin() + kMaxPrefixExpansions, found.end(),
                      [&](uint32_t a, uint32_t b) { return terms_[a].postings.size() > terms_[b].postings.size(); });
    found.resize(kMaxPrefixExpansions);
  }
  out.insert(out.end(), found.begin(), found.end());
}

std::vector<PageHit> InvertedIndex::Search(const Query& q, bool all_terms, const SearchFilter& filter,
                                           int limit) const {
  std::vector<QueryTerm> terms = q.Terms();
  const size_t n = std::min<size_t>(terms.size(), 32);
  if (n == 0 || live_ == 0 || limit <= 0) return {};

  // Which clause each term belongs to, and whether it sits in a quoted
  // phrase or in a repeated syllable ("Lô Lô", "người người"): those count
  // only as adjacent pairs.
  std::vector<int> clause_of(n, 0);
  std::vector<bool> in_phrase(n, false), redup(n, false);
  {
    size_t i = 0;
    for (size_t c = 0; c < q.clauses.size() && i < n; ++c)
      for (size_t k = 0; k < q.clauses[c].terms.size() && i < n; ++k, ++i) {
        clause_of[i] = static_cast<int>(c);
        in_phrase[i] = q.clauses[c].phrase && q.clauses[c].terms.size() > 1;
      }
    for (size_t k = 0; k + 1 < n; ++k)
      if (!terms[k].prefix && !terms[k + 1].prefix && terms[k].folded == terms[k + 1].folded)
        redup[k] = redup[k + 1] = true;
  }
  auto bit = [](size_t i) { return uint32_t{1} << i; };

  struct Key {
    std::vector<uint32_t> ids;
    uint32_t slots = 0;
    float weight = 1;
    int exact_of = -1;  // query term whose tone-exact spelling earns a boost
  };
  std::vector<Key> keys;
  auto lookup = [&](const std::string& key, bool prefix, Key& k) {
    if (prefix) {
      ExpandPrefix(key, k.ids);
    } else if (auto it = dict_.find(key); it != dict_.end()) {
      k.ids.push_back(it->second);
    }
  };
  // Unigrams (merged when a word repeats away from its twin).
  std::unordered_map<std::string, size_t> unigram_at;
  for (size_t i = 0; i < n; ++i) {
    bool paired = in_phrase[i] || redup[i];
    uint32_t slots = paired && all_terms ? 0 : bit(i);
    if (slots == 0) continue;  // covered by its pairs below
    std::string key = terms[i].folded + (terms[i].prefix ? "*" : "");
    if (auto it = unigram_at.find(key); it != unigram_at.end()) {
      keys[it->second].slots |= slots;
      continue;
    }
    Key k;
    k.slots = slots;
    if (q.accented && terms[i].has_marks && !terms[i].prefix) k.exact_of = static_cast<int>(i);
    lookup(terms[i].folded, terms[i].prefix, k);
    unigram_at[key] = keys.size();
    keys.push_back(std::move(k));
  }
  // Adjacent pairs: they cover both words when the words must be adjacent
  // (a phrase, a repeated syllable) or may form a compound ("smart phone"
  // = "smartphone"); otherwise they only reward adjacency.
  for (size_t i = 0; i + 1 < n; ++i) {
    if (terms[i].prefix) continue;
    bool same_phrase = in_phrase[i] && in_phrase[i + 1] && clause_of[i] == clause_of[i + 1];
    bool twins = redup[i] && redup[i + 1] && terms[i].folded == terms[i + 1].folded;
    bool free_words = !in_phrase[i] && !in_phrase[i + 1] && !redup[i] && !redup[i + 1];
    Key k;
    k.slots = (same_phrase || twins || free_words) ? bit(i) | bit(i + 1) : 0;
    k.weight = 1.5f;
    lookup(JoinKey(terms[i].folded, terms[i + 1].folded), terms[i + 1].prefix, k);
    keys.push_back(std::move(k));
  }
  uint32_t need = 0;
  for (const auto& k : keys) need |= k.slots;
  if (need == 0) return {};

  thread_local std::vector<float> acc;
  thread_local std::vector<uint32_t> cov;
  thread_local std::vector<uint32_t> touched;
  if (acc.size() < pages_.size()) {
    acc.resize(pages_.size(), 0.f);
    cov.resize(pages_.size(), 0);
  }
  touched.clear();
  const std::vector<double>& norms = Norms();
  const double docs = static_cast<double>(live_);
  constexpr double k1 = kK1;
  for (const Key& k : keys) {
    for (uint32_t id : k.ids) {
      const Term& term = terms_[id];
      double df = static_cast<double>(term.postings.size());
      float idf = static_cast<float>(std::log(1.0 + std::max(0.01, (docs - df + 0.5) / (df + 0.5))));
      uint16_t exact_bit = 0;
      if (k.exact_of >= 0) {
        for (size_t v = 0; v < term.variants.size(); ++v)
          if (term.variants[v] == terms[k.exact_of].exact) exact_bit = static_cast<uint16_t>(1u << std::min<size_t>(v, 15));
      }
      for (const Posting& p : term.postings) {
        const double norm = norms[p.page];
        if (norm < 0) continue;  // removed
        double tf = p.tf;
        double bm25 = tf * (k1 + 1) / (tf + norm);
        double s = bm25 + ((p.meta & 0x80) ? 1.5 : 0) + ((p.meta & 0x7F) < kEarlyTokens ? 0.3 : 0) +
                   ((p.variants & exact_bit) ? 0.8 : 0);
        if (acc[p.page] == 0 && cov[p.page] == 0) touched.push_back(p.page);
        acc[p.page] += static_cast<float>(s) * idf * k.weight;
        cov[p.page] |= k.slots;
      }
    }
  }
  std::vector<PageHit> hits;
  const int need_bits = std::popcount(need);
  for (uint32_t id : touched) {
    float s = acc[id];
    uint32_t c = cov[id];
    acc[id] = 0;
    cov[id] = 0;
    if (all_terms ? (c & need) != need : c == 0) continue;
    const PageInfo& info = pages_[id].info;
    if (filter.congress_id && info.congress_id != filter.congress_id) continue;
    if (!filter.category.empty() && info.category != filter.category) continue;
    if (filter.agenda_item_id && info.agenda_item_id != filter.agenda_item_id) continue;
    if (filter.visible && info.visibility != "public" &&
        !filter.visible(info.visibility, info.roles, info.congress_id))
      continue;
    if (!all_terms && need_bits) s *= static_cast<float>(std::popcount(c & need)) / need_bits;
    hits.push_back({info.row, info.document_id, s});
  }
  auto better = [](const PageHit& a, const PageHit& x) {
    return a.score != x.score ? a.score > x.score : a.row < x.row;
  };
  if (hits.size() > static_cast<size_t>(limit)) {
    std::nth_element(hits.begin(), hits.begin() + limit, hits.end(), better);
    hits.resize(limit);
  }
  std::sort(hits.begin(), hits.end(), better);
  return hits;
}

}  // namespace phonghop::search
