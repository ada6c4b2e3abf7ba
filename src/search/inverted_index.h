// An in-memory inverted index of page texts: the first stage of search.
// Derived data only — a store builds it from its pages and feeds it every
// change (storage/sqlite/sqlite_search_index.cc follows a change log), so
// any number of processes can each hold one and rebuild it at will.
//
// Keys are folded tokens (search/tokenizer.h) and, for every two adjacent
// tokens, their concatenation: "e-mail", "e mail" and "email" all give the
// key "email", "COVID-19" and "covid 19" give "covid19", and "Lô Lô" gives
// "lolo". So compounds match however they are written, adjacency (phrases,
// repeated syllables, several-syllable topics) is a key lookup, and no
// position lists are kept. Each posting holds the page, how often the key
// occurs (body and title), where it first occurs and which tone-exact
// spellings of the word the page uses.
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "search/query.h"
#include "search/search_index.h"

namespace phonghop::search {

struct PageInfo {
  int64_t row = 0;  // the store's key of the page (returned in hits)
  int64_t document_id = 0;
  int64_t congress_id = 0;
  int64_t agenda_item_id = 0;
  std::string category;
  int page = 0;
  // Who may read the page's document ("public", "delegates", "roles") and
  // the roles (comma-separated): the first stage filters on it, so many
  // closed pages never push an open one out of the candidates.
  std::string visibility = "public";
  std::string roles;
};

struct PageHit {
  int64_t row = 0;
  int64_t document_id = 0;
  float score = 0;
};

// Concatenation key of two adjacent folded tokens ("e"+"mail" → "email");
// two numbers keep a separator ("20"+"7" → "20/7", never "207").
std::string JoinKey(std::string_view a, std::string_view b);

// How Search walks the postings; every strategy returns the same pages in
// the same order with the same scores (tests/unit/search_pruning_test.cc).
enum class SearchStrategy {
  kAuto,        // kPruned when the query's postings are many, else kExhaustive
  kExhaustive,  // every posting of every key into one accumulator
  kPruned,      // page ranges in order of their score bound, stopping once
                // no range left can beat the limit-th page (block-max)
};

class InvertedIndex {
 public:
  // Adds a page; `title` is the document's title (given with page 1 only).
  // Not thread-safe: the owner serialises writers against readers.
  void AddPage(const PageInfo& info, std::string_view title, std::string_view text);
  // Drops every page of a document (their postings are skipped until the
  // next Compact()).
  void RemoveDocument(int64_t document_id);
  void Clear();
  // Rebuilds postings without removed pages when they exceed a fifth.
  void CompactIfNeeded();

  // Pages matching every term of `q` (`all_terms`) or any term, best first
  // by a BM25-like score with adjacency, title, early-position and exact-
  // tone boosts; at most `limit`. Thread-safe against other const calls.
  std::vector<PageHit> Search(const Query& q, bool all_terms, const SearchFilter& filter, int limit,
                              SearchStrategy strategy = SearchStrategy::kAuto) const;

  size_t live_pages() const { return live_; }
  size_t key_count() const { return terms_.size(); }
  size_t posting_count() const;
  size_t MemoryBytes() const;

 private:
  struct Posting {  // 8 bytes: 100,000 pages hold tens of millions
    uint32_t page;
    uint8_t tf;         // occurrences in the body (saturated at 255)
    uint8_t meta;       // bit 7: in the title; bits 0-6: first body position (127 = later or none)
    uint16_t variants;  // bit v: the page uses tone-exact spelling v of the key
  };
  // What bounds the score of kBlock consecutive postings of a key (block-
  // max): the largest tf, the shortest page, whether any is in a title or
  // early, the spellings used. Independent of the average page length, so
  // a change elsewhere in the index never makes it stale.
  struct Block {
    uint32_t first_page, last_page;
    uint32_t min_length;
    uint8_t max_tf;
    uint8_t flags;  // bit 0: some posting in a title; bit 1: some early
    uint16_t variants;
  };
  static constexpr size_t kBlock = 16;
  struct Term {
    std::vector<Posting> postings;  // by page, ascending
    std::vector<Block> blocks;      // postings [kBlock*i, kBlock*(i+1))
    std::vector<std::string> variants;  // exact spellings seen (first 16)
  };
  // One posting list of a query: a key's term with its weights.
  struct List {
    const Term* term;
    float idf;
    float weight;
    uint16_t exact_bit;
    uint32_t slots;
  };
  struct Page {
    PageInfo info;
    uint32_t length = 0;  // body tokens
    bool live = true;
  };

  uint32_t TermId(const std::string& key);
  void Append(Term& term, const Posting& p, uint32_t length);
  void RebuildBlocks(Term& term);
  // The two walks behind Search (same answers). `eligible(score, slots)`
  // says whether a page holds what the query needs (and scales a partial
  // match's score); `passes(page)` applies the filters and returns the
  // page's info, or null.
  template <typename Eligible, typename Passes>
  std::vector<PageHit> SearchExhaustive(const std::vector<List>& lists, int limit, Eligible&& eligible,
                                        Passes&& passes) const;
  template <typename Eligible, typename Passes>
  std::vector<PageHit> SearchPruned(const std::vector<List>& lists, bool all_terms, uint32_t need, int limit,
                                    Eligible&& eligible, Passes&& passes) const;
  void Index(uint32_t page_id, std::string_view title, std::string_view text);
  void ExpandPrefix(const std::string& prefix, std::vector<uint32_t>& out) const;

  std::unordered_map<std::string, uint32_t> dict_;
  std::vector<Term> terms_;
  std::vector<Page> pages_;
  // Per page: body length in tokens, kDead once removed (read in the hot
  // loop instead of pages_, which is wider).
  std::vector<uint32_t> lengths_;
  std::vector<int64_t> congress_of_;  // per page (the commonest filter, read without pages_)
  static constexpr uint32_t kDead = 0xFFFFFFFF;
  std::unordered_map<int64_t, std::vector<uint32_t>> doc_pages_;
  size_t live_ = 0;
  uint64_t total_length_ = 0;
  // Per page: k1 * (1 - b + b * length / avg_length), the length part of
  // BM25 (negative once removed): recomputed on first use after a change,
  // so the hot loop reads one array and divides once.
  mutable std::mutex norms_mu_;
  mutable std::vector<double> norms_;
  mutable double avg_length_ = 1;  // set with norms_
  mutable std::atomic<bool> norms_dirty_{true};
  const std::vector<double>& Norms() const;
  // Keys in order, for prefix queries: rebuilt on first use after a change.
  mutable std::mutex sorted_mu_;
  mutable std::vector<std::pair<std::string_view, uint32_t>> sorted_;
  mutable bool sorted_dirty_ = true;
};

}  // namespace phonghop::search
