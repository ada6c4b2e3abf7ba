// The live-event outbox (decision 532) on every back-end: numbers per topic
// from 1 in commit order, replay ranges, the positions a node starts from,
// and trimming. PostgreSQL also: a listener on its own connection delivers
// every topic's events in order, and after its connection is cut (a
// restart, a failover) reconnects and delivers what was published
// meanwhile — nothing lost, nothing twice.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <functional>
#include <chrono>
#include <map>
#include <mutex>
#include <thread>

#include "backend.h"
#include "storage/postgres/pg_event_listener.h"

namespace phonghop::contract {
namespace {

using EventsContract = RepositoryContract;

TEST_P(EventsContract, NumbersPerTopicInOrderAndReplaysRanges) {
  auto& log = backend().events();
  EXPECT_EQ(*log.Append("demo", "attendance", R"({"present":1})", 100), 1u);
  EXPECT_EQ(*log.Append("demo", "announcement", R"({"text":"Nghỉ giải lao 15 phút"})", 101), 2u);
  EXPECT_EQ(*log.Append("khac", "programme_changed", "{}", 102), 1u);  // another congress: its own numbers
  EXPECT_EQ(*log.Append("demo", "attendance", R"({"present":2})", 103), 3u);
  auto range = log.Range("demo", 1, 3, 100);
  ASSERT_TRUE(range.ok()) << range.status().ToString();
  ASSERT_EQ(range->size(), 2u);
  EXPECT_EQ((*range)[0].seq, 2u);
  EXPECT_EQ((*range)[0].event, "announcement");
  EXPECT_EQ((*range)[0].data, R"({"text":"Nghỉ giải lao 15 phút"})");
  EXPECT_EQ((*range)[1].seq, 3u);
  EXPECT_EQ(log.Range("demo", 0, 2, 100)->size(), 2u);  // upto is inclusive
  EXPECT_EQ(log.Range("demo", 0, 100, 1)->size(), 1u);  // limit
  auto pos = log.Positions();
  ASSERT_TRUE(pos.ok());
  std::map<std::string, uint64_t> m(pos->begin(), pos->end());
  EXPECT_EQ(m["demo"], 3u);
  EXPECT_EQ(m["khac"], 1u);
}

TEST_P(EventsContract, ConcurrentPublishersGetDistinctGaplessNumbers) {
  auto& log = backend().events();
  std::mutex mu;
  std::vector<uint64_t> got;
  std::vector<std::thread> nodes;
  for (int t = 0; t < 4; ++t)
    nodes.emplace_back([&] {
      for (int i = 0; i < 25; ++i) {
        auto seq = log.Append("demo", "e", "{}", 1);
        ASSERT_TRUE(seq.ok()) << seq.status().ToString();
        std::lock_guard<std::mutex> lock(mu);
        got.push_back(*seq);
      }
    });
  for (auto& t : nodes) t.join();
  std::sort(got.begin(), got.end());
  ASSERT_EQ(got.size(), 100u);
  for (size_t i = 0; i < got.size(); ++i) EXPECT_EQ(got[i], i + 1);
}

TEST_P(EventsContract, OldEventsAreTrimmed) {
  auto& log = backend().events();
  const uint64_t n = EventLog::kRetained + 200;
  for (uint64_t i = 0; i < n; ++i) ASSERT_TRUE(log.Append("demo", "e", "{}", 1).ok());
  auto all = log.Range("demo", 0, n, 10 * n);
  ASSERT_TRUE(all.ok());
  EXPECT_LE(all->size(), EventLog::kRetained + 100);  // trimmed every 100th
  EXPECT_GE(all->size(), EventLog::kRetained);
  EXPECT_EQ(all->back().seq, n);
}

// Collects what a listener delivers.
class Collect : public EventSink {
 public:
  void Deliver(const LiveEvent& e) override {
    std::lock_guard<std::mutex> lock(mu);
    got[e.topic].push_back(e.seq);
  }
  size_t Count(const std::string& topic) {
    std::lock_guard<std::mutex> lock(mu);
    return got[topic].size();
  }
  std::vector<uint64_t> Of(const std::string& topic) {
    std::lock_guard<std::mutex> lock(mu);
    return got[topic];
  }
  std::mutex mu;
  std::map<std::string, std::vector<uint64_t>> got;
};

bool WaitFor(const std::function<bool()>& done, std::chrono::seconds limit = std::chrono::seconds(15)) {
  auto until = std::chrono::steady_clock::now() + limit;
  while (!done()) {
    if (std::chrono::steady_clock::now() > until) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return true;
}

TEST_P(EventsContract, ListenerDeliversEveryTopicAndSurvivesALostConnection) {
  if (backend().Url().empty()) GTEST_SKIP() << "LISTEN/NOTIFY is PostgreSQL's; SQLite delivers in-process";
  auto& log = backend().events();
  ASSERT_TRUE(log.Append("demo", "before", "{}", 1).ok());  // known at start: not delivered again
  auto start = log.Positions();
  ASSERT_TRUE(start.ok());
  Collect sink;
  storage::pg::PgEventListener listener(backend().Url(), sink, *start);
  listener.Start();
  ASSERT_TRUE(WaitFor([&] { return listener.listening(); }));
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(log.Append("demo", "e", "{}", 1).ok());
  ASSERT_TRUE(log.Append("khac", "e", "{}", 1).ok());
  ASSERT_TRUE(WaitFor([&] { return sink.Count("demo") == 5 && sink.Count("khac") == 1; }));
  EXPECT_EQ(sink.Of("demo"), (std::vector<uint64_t>{2, 3, 4, 5, 6}));

  // The database cuts every connection (a restart, a failover); events
  // published before the listener is back are delivered when it is.
  ASSERT_TRUE(backend().TerminateConnections());
  for (int attempt = 0, stored = 0; stored < 3 && attempt < 50; ++attempt) {
    if (log.Append("demo", "while-away", "{}", 1).ok()) ++stored;  // the pool reconnects as it goes
  }
  ASSERT_TRUE(WaitFor([&] { return sink.Count("demo") == 8; })) << sink.Count("demo");
  EXPECT_EQ(sink.Of("demo"), (std::vector<uint64_t>{2, 3, 4, 5, 6, 7, 8, 9}));
  EXPECT_TRUE(WaitFor([&] { return listener.reconnects() >= 1 && listener.listening(); }));
  // And it keeps listening.
  ASSERT_TRUE(log.Append("demo", "after", "{}", 1).ok());
  ASSERT_TRUE(WaitFor([&] { return sink.Count("demo") == 9; }));
  listener.Stop();
}

INSTANTIATE_TEST_SUITE_P(Backends, EventsContract, ::testing::Values("sqlite", "postgres"), BackendName);

}  // namespace
}  // namespace phonghop::contract
