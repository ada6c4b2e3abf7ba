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
  congress_of_.push_back(info.congress_id);
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
    Append(terms_[term], {page_id, static_cast<uint8_t>(std::min<uint32_t>(tf, 255)), meta, mask},
           pages_[page_id].length);
  }
}

void InvertedIndex::Append(Term& term, const Posting& p, uint32_t length) {
  const uint8_t flags = static_cast<uint8_t>(((p.meta & 0x80) ? 1 : 0) | ((p.meta & 0x7F) < kEarlyTokens ? 2 : 0));
  if (term.postings.size() % kBlock == 0) {
    term.blocks.push_back({p.page, p.page, length, p.tf, flags, p.variants});
  } else {
    Block& b = term.blocks.back();
    b.last_page = p.page;
    b.min_length = std::min(b.min_length, length);
    b.max_tf = std::max(b.max_tf, p.tf);
    b.flags |= flags;
    b.variants |= p.variants;
  }
  term.postings.push_back(p);
}

void InvertedIndex::RebuildBlocks(Term& term) {
  std::vector<Posting> postings;
  postings.swap(term.postings);
  term.blocks.clear();
  term.postings.reserve(postings.size());
  for (const Posting& p : postings) Append(term, p, pages_[p.page].length);
  term.blocks.shrink_to_fit();
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
  congress_of_.clear();
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
    if (std::erase_if(t.postings, [&](const Posting& p) { return !pages_[p.page].live; }) == 0) continue;
    RebuildBlocks(t);
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
    n += sizeof(Term) + t.postings.capacity() * sizeof(Posting) + t.blocks.capacity() * sizeof(Block);
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
    avg_length_ = avg_len;
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

namespace {

// The page's score from one posting: BM25 with title, early-position and
// exact-tone boosts, times the key's idf and weight. One function for every
// walk, so they add the same floats in the same order.
inline float Contribution(uint8_t tf_byte, uint8_t meta, uint16_t variants, double norm, float idf, float weight,
                          uint16_t exact_bit) {
  constexpr double k1 = kK1;
  double tf = tf_byte;
  double bm25 = tf * (k1 + 1) / (tf + norm);
  double s = bm25 + ((meta & 0x80) ? 1.5 : 0) + ((meta & 0x7F) < kEarlyTokens ? 0.3 : 0) +
             ((variants & exact_bit) ? 0.8 : 0);
  return static_cast<float>(s) * idf * weight;
}

bool Better(const PageHit& a, const PageHit& x) { return a.score != x.score ? a.score > x.score : a.row < x.row; }

std::vector<PageHit> Finish(std::vector<PageHit>& heap) {
  std::sort(heap.begin(), heap.end(), Better);
  return std::move(heap);
}

// Pages per range of the pruned walk (a power of two).
constexpr int kRangeBits = 4;
constexpr uint32_t kRange = 1u << kRangeBits;
// Ranges read in order of their bound before the walk turns to page order.
constexpr size_t kFirstRanges = 256;

}  // namespace

std::vector<PageHit> InvertedIndex::Search(const Query& q, bool all_terms, const SearchFilter& filter, int limit,
                                           SearchStrategy strategy) const {
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

  // One list per (key, term), in the order their scores are added.
  const double docs = static_cast<double>(live_);
  std::vector<List> lists;
  size_t postings = 0;
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
      lists.push_back({&term, idf, k.weight, exact_bit, k.slots});
      postings += term.postings.size();
    }
  }

  // A scored page becomes a hit if it holds what the query needs and passes
  // the filters.
  const int need_bits = std::popcount(need);
  auto eligible = [&](float& s, uint32_t c) {
    if (all_terms ? (c & need) != need : c == 0) return false;
    if (!all_terms && need_bits) s *= static_cast<float>(std::popcount(c & need)) / need_bits;
    return true;
  };
  auto passes = [&](uint32_t id) -> const PageInfo* {
    if (filter.congress_id && congress_of_[id] != filter.congress_id) return nullptr;
    const PageInfo& info = pages_[id].info;
    if (!filter.category.empty() && info.category != filter.category) return nullptr;
    if (filter.agenda_item_id && info.agenda_item_id != filter.agenda_item_id) return nullptr;
    if (filter.visible && info.visibility != "public" &&
        !filter.visible(info.visibility, info.roles, info.congress_id))
      return nullptr;
    return &info;
  };
  if (strategy == SearchStrategy::kAuto) {
    // Ranging pays once the postings outnumber the ranges' bookkeeping.
    const size_t ranges = (pages_.size() + kRange - 1) / kRange;
    strategy = postings > 4 * ranges + 4096 ? SearchStrategy::kPruned : SearchStrategy::kExhaustive;
  }
  if (strategy == SearchStrategy::kPruned) return SearchPruned(lists, all_terms, need, limit, eligible, passes);
  return SearchExhaustive(lists, limit, eligible, passes);
}

template <typename Eligible, typename Passes>
std::vector<PageHit> InvertedIndex::SearchExhaustive(const std::vector<List>& lists, int limit,
                                                     Eligible&& eligible, Passes&& passes) const {
  thread_local std::vector<float> acc;
  thread_local std::vector<uint32_t> cov;
  thread_local std::vector<uint32_t> touched;
  if (acc.size() < pages_.size()) {
    acc.resize(pages_.size(), 0.f);
    cov.resize(pages_.size(), 0);
  }
  touched.clear();
  const std::vector<double>& norms = Norms();
  for (const List& l : lists) {
    for (const Posting& p : l.term->postings) {
      const double norm = norms[p.page];
      if (norm < 0) continue;  // removed
      if (acc[p.page] == 0 && cov[p.page] == 0) touched.push_back(p.page);
      acc[p.page] += Contribution(p.tf, p.meta, p.variants, norm, l.idf, l.weight, l.exact_bit);
      cov[p.page] |= l.slots;
    }
  }
  std::vector<PageHit> hits;
  for (uint32_t id : touched) {
    float s = acc[id];
    uint32_t c = cov[id];
    acc[id] = 0;
    cov[id] = 0;
    if (!eligible(s, c)) continue;
    if (const PageInfo* info = passes(id)) hits.push_back({info->row, info->document_id, s});
  }
  if (hits.size() > static_cast<size_t>(limit)) {
    std::nth_element(hits.begin(), hits.begin() + limit, hits.end(), Better);
    hits.resize(limit);
  }
  std::sort(hits.begin(), hits.end(), Better);
  return hits;
}

// Block-max over page ranges: each range of kRange pages gets an upper bound
// of any page's score in it (below). Ranges are scored exactly — the same
// additions in the same order as the exhaustive walk — the best-bounded
// first, then the others in page order, and a range whose bound is below
// the limit-th page found so far is skipped: no page there can enter. A
// page tied with the limit-th can still enter (ties go to the lower row),
// hence "below". Decision 309.
template <typename Eligible, typename Passes>
std::vector<PageHit> InvertedIndex::SearchPruned(const std::vector<List>& lists, bool all_terms, uint32_t need,
                                                 int limit, Eligible&& eligible, Passes&& passes) const {
  const std::vector<double>& norms = Norms();
  const double avg_len = avg_length_;
  const size_t nranges = (pages_.size() + kRange - 1) / kRange;
  // Each range's bound: per list, the largest contribution any block over
  // the range allows — Contribution() itself with the block's largest tf,
  // shortest page and any boost — added over the lists in their order.
  // Rounding is monotone, so each step is >= the page's own float sum at
  // that step: the bound is exact, no margin needed.
  thread_local std::vector<float> bound;
  thread_local std::vector<uint32_t> present;
  bound.assign(nranges, 0.f);
  present.assign(nranges, 0);
  for (const List& l : lists) {
    uint32_t pending_r = 0;
    float pending = -1;  // the list's largest contribution in range pending_r
    auto flush = [&] {
      if (pending < 0) return;
      bound[pending_r] += pending;
      present[pending_r] |= l.slots;
    };
    for (const Block& b : l.term->blocks) {
      const double norm = kK1 * (1 - kB + kB * b.min_length / avg_len);
      const uint8_t meta = static_cast<uint8_t>(((b.flags & 1) ? 0x80 : 0) | ((b.flags & 2) ? 0 : 127));
      const float c = Contribution(b.max_tf, meta, b.variants, norm, l.idf, l.weight, l.exact_bit);
      for (uint32_t r = b.first_page >> kRangeBits, last = b.last_page >> kRangeBits; r <= last; ++r) {
        if (r == pending_r && pending >= 0) {
          pending = std::max(pending, c);
        } else {
          flush();
          pending_r = r;
          pending = c;
        }
      }
    }
    flush();
  }
  // Ranges that can hold a hit; the best-bounded few in order of bound
  // (a partial sort: at a million pages there are 60,000 ranges).
  auto can_hold = [&](uint32_t r) { return all_terms ? (present[r] & need) == need : present[r] != 0; };
  std::vector<std::pair<float, uint32_t>> best;
  for (uint32_t r = 0; r < nranges; ++r)
    if (can_hold(r)) best.emplace_back(bound[r], r);
  const size_t first_phase = std::min<size_t>(best.size(), kFirstRanges);
  std::partial_sort(best.begin(), best.begin() + static_cast<std::ptrdiff_t>(first_phase), best.end(),
                    [](const auto& a, const auto& b) { return a.first > b.first; });
  best.resize(first_phase);

  std::vector<PageHit> heap;  // the best `limit` so far; front: the worst of them
  heap.reserve(static_cast<size_t>(limit) + 1);
  auto beaten = [&](float ub) { return heap.size() == static_cast<size_t>(limit) && ub < heap.front().score; };
  static_assert(kRange <= 64);
  float acc[kRange];
  uint32_t cov[kRange];
  // Scores the pages of range r; start(list, lo) is the list's first
  // posting at or after page lo.
  auto evaluate = [&](uint32_t r, auto&& start) {
    const uint32_t lo = r << kRangeBits, hi = lo + kRange;
    uint64_t touched = 0;
    for (size_t li = 0; li < lists.size(); ++li) {
      const List& l = lists[li];
      const auto& ps = l.term->postings;
      for (size_t i = start(li, lo); i < ps.size() && ps[i].page < hi; ++i) {
        const Posting& p = ps[i];
        const double norm = norms[p.page];
        if (norm < 0) continue;  // removed
        const uint32_t k = p.page - lo;
        const uint64_t m = uint64_t{1} << k;
        if (!(touched & m)) {
          touched |= m;
          acc[k] = 0;
          cov[k] = 0;
        }
        acc[k] += Contribution(p.tf, p.meta, p.variants, norm, l.idf, l.weight, l.exact_bit);
        cov[k] |= l.slots;
      }
    }
    for (uint64_t t = touched; t; t &= t - 1) {
      const uint32_t k = static_cast<uint32_t>(std::countr_zero(t));
      float s = acc[k];
      if (!eligible(s, cov[k])) continue;
      // Below the limit-th page: out, without reading the page's filters
      // (a tie may still enter by its lower row).
      if (beaten(s)) continue;
      const PageInfo* info = passes(lo + k);
      if (!info) continue;
      const PageHit hit{info->row, info->document_id, s};
      if (heap.size() < static_cast<size_t>(limit)) {
        heap.push_back(hit);
        std::push_heap(heap.begin(), heap.end(), Better);
      } else if (Better(hit, heap.front())) {
        std::pop_heap(heap.begin(), heap.end(), Better);
        heap.back() = hit;
        std::push_heap(heap.begin(), heap.end(), Better);
      }
    }
  };
  // First the best-bounded ranges, found by binary search, until the limit
  // is filled and as many again: that sets a high bar early.
  auto seek = [&](size_t li, uint32_t lo) {
    const auto& ps = lists[li].term->postings;
    const auto& bs = lists[li].term->blocks;
    auto bi = std::upper_bound(bs.begin(), bs.end(), lo, [](uint32_t v, const Block& b) { return v < b.first_page; });
    const size_t from = bi == bs.begin() ? 0 : static_cast<size_t>(bi - bs.begin() - 1) * kBlock;
    const size_t to = std::min(ps.size(), from + kBlock);
    return static_cast<size_t>(std::lower_bound(ps.begin() + static_cast<std::ptrdiff_t>(from),
                                                ps.begin() + static_cast<std::ptrdiff_t>(to), lo,
                                                [](const Posting& p, uint32_t v) { return p.page < v; }) -
                               ps.begin());
  };
  size_t filled_at = 0;
  for (size_t next = 0; next < best.size(); ++next) {
    const auto [ub, r] = best[next];
    if (beaten(ub)) return Finish(heap);  // nothing left can enter
    if (heap.size() == static_cast<size_t>(limit)) {
      if (filled_at == 0) filled_at = next;
      if (next >= 2 * filled_at) break;
    }
    evaluate(r, seek);
    present[r] = 0;  // done
  }
  // Then every other range that can still beat the bar, in page order,
  // each list read forward from where the previous range left it.
  std::vector<size_t> cursor(lists.size(), 0);
  auto forward = [&](size_t li, uint32_t lo) {
    const auto& ps = lists[li].term->postings;
    const auto& bs = lists[li].term->blocks;
    size_t i = cursor[li];
    if (i < ps.size() && ps[i].page < lo) {
      size_t b = i / kBlock;
      while (b + 1 < bs.size() && bs[b + 1].first_page <= lo) ++b;
      i = std::max(i, b * kBlock);
      while (i < ps.size() && ps[i].page < lo) ++i;
    }
    return cursor[li] = i;
  };
  for (uint32_t r = 0; r < nranges; ++r)
    if (can_hold(r) && !beaten(bound[r])) evaluate(r, forward);
  return Finish(heap);
}

}  // namespace phonghop::search
