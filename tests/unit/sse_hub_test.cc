#include "http/sse_hub.h"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>

namespace phonghop::http {
namespace {

TEST(SseHubTest, FormatsMultiLineDataPerSpec) {
  EXPECT_EQ(SseHub::Format(7, "pushed", "a\nb"), "id: 7\nevent: pushed\ndata: a\ndata: b\n\n");
}

TEST(SseHubTest, DeliversToSubscribersOfTheTopicOnly) {
  boost::asio::io_context ioc;
  SseHub hub;
  auto a = std::make_shared<SseSubscriber>(ioc.get_executor());
  auto b = std::make_shared<SseSubscriber>(ioc.get_executor());
  hub.Subscribe("demo", a, "");
  hub.Subscribe("other", b, "");
  hub.Publish("demo", "x", "{}");
  ioc.run();
  EXPECT_EQ(a->queue.size(), 1u);
  EXPECT_TRUE(b->queue.empty());
  EXPECT_EQ(hub.SubscriberCount(), 2u);
  hub.Unsubscribe("demo", a.get());
  EXPECT_EQ(hub.SubscriberCount(), 1u);
}

TEST(SseHubTest, ReplaysMissedEventsAfterLastEventId) {
  boost::asio::io_context ioc;
  SseHub hub(3);
  for (int i = 0; i < 5; ++i) hub.Publish("demo", "e", std::to_string(i));
  auto sub = std::make_shared<SseSubscriber>(ioc.get_executor());
  // Ids 1..5 were published; history keeps 3..5. The phone saw id 3.
  auto replay = hub.Subscribe("demo", sub, "3");
  ASSERT_EQ(replay.size(), 2u);
  EXPECT_NE(replay[0]->find("id: 4\n"), std::string::npos);
  EXPECT_NE(replay[1]->find("data: 4\n"), std::string::npos);
  // A fresh client (no Last-Event-ID) gets no replay.
  EXPECT_TRUE(hub.Subscribe("demo", sub, "").empty());
  EXPECT_TRUE(hub.Subscribe("demo", sub, "garbage").empty());
}

TEST(SseHubTest, DeadSubscribersAreDropped) {
  boost::asio::io_context ioc;
  SseHub hub;
  {
    auto gone = std::make_shared<SseSubscriber>(ioc.get_executor());
    hub.Subscribe("demo", gone, "");
  }
  hub.Publish("demo", "e", "{}");
  ioc.run();
  EXPECT_EQ(hub.SubscriberCount(), 0u);
}

// Events numbered by the outbox (decision 532) come through Deliver: a
// number already delivered (the listener's catch-up overlapping a
// notification) is not sent twice.
TEST(SseHubTest, DeliverKeepsTheLogsNumbersAndDropsRepeats) {
  boost::asio::io_context ioc;
  SseHub hub;
  auto sub = std::make_shared<SseSubscriber>(ioc.get_executor());
  hub.SetPositions({{"demo", 40}});
  EXPECT_TRUE(hub.Subscribe("demo", sub, "").empty());
  hub.Deliver({"demo", 41, "attendance", "{}"});
  hub.Deliver({"demo", 41, "attendance", "{}"});
  hub.Deliver({"demo", 40, "old", "{}"});
  hub.Deliver({"demo", 42, "announcement", "{}"});
  ioc.run();
  ASSERT_EQ(sub->queue.size(), 2u);
  EXPECT_EQ(sub->queue[0]->rfind("id: 41\n", 0), 0u);
  EXPECT_EQ(sub->queue[1]->rfind("id: 42\n", 0), 0u);
  EXPECT_EQ(hub.LastSeq("demo"), 42u);
}

// A phone that was on another node, whose listener was ahead of this one:
// it saw up to 43; this node has delivered 41. It gets nothing twice and
// nothing lost: 42 and 43 are skipped when they arrive here, 44 is sent.
TEST(SseHubTest, APhoneAheadOfThisNodeGetsNoRepeats) {
  boost::asio::io_context ioc;
  SseHub hub;
  hub.SetPositions({{"demo", 41}});
  auto sub = std::make_shared<SseSubscriber>(ioc.get_executor());
  EXPECT_TRUE(hub.Subscribe("demo", sub, "43").empty());
  for (uint64_t seq = 42; seq <= 44; ++seq) hub.Deliver({"demo", seq, "e", std::to_string(seq)});
  ioc.run();
  ASSERT_EQ(sub->queue.size(), 1u);
  EXPECT_EQ(sub->queue[0]->rfind("id: 44\n", 0), 0u);
}

// A node that started after the phone's last event has no memory of the
// gap: the replay comes from the event log, exactly the gap.
class FakeLog : public EventLog {
 public:
  Result<uint64_t> Append(std::string_view, std::string_view, std::string_view, int64_t) override { return 0; }
  Result<std::vector<LiveEvent>> Range(std::string_view topic, uint64_t after, uint64_t upto, size_t) override {
    asked_after = after;
    asked_upto = upto;
    std::vector<LiveEvent> out;
    for (uint64_t s = after + 1; s <= upto; ++s) out.push_back({std::string(topic), s, "e", "{}"});
    return out;
  }
  Result<std::vector<std::pair<std::string, uint64_t>>> Positions() override {
    return std::vector<std::pair<std::string, uint64_t>>{};
  }
  uint64_t asked_after = 0, asked_upto = 0;
};

TEST(SseHubTest, ReplaysFromTheLogWhatThisNodeNeverSaw) {
  boost::asio::io_context ioc;
  SseHub hub;
  FakeLog log;
  hub.SetArchive(&log);
  hub.SetPositions({{"demo", 10}});
  hub.Deliver({"demo", 11, "e", "{}"});  // the only one this node saw
  auto sub = std::make_shared<SseSubscriber>(ioc.get_executor());
  auto replay = hub.Subscribe("demo", sub, "7");
  EXPECT_EQ(log.asked_after, 7u);
  EXPECT_EQ(log.asked_upto, 11u);
  ASSERT_EQ(replay.size(), 4u);
  EXPECT_EQ(replay.front()->rfind("id: 8\n", 0), 0u);
  EXPECT_EQ(replay.back()->rfind("id: 11\n", 0), 0u);
  // Covered by its own history: the log is not asked.
  log.asked_upto = 0;
  auto again = hub.Subscribe("demo", sub, "10");
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(log.asked_upto, 0u);
}

// A phone away for longer than the log keeps gets the newest events, so the
// ballot that opened during a rush of progress events is among them (V17).
TEST(SseHubTest, AGapWiderThanTheLogReplaysTheNewestEvents) {
  boost::asio::io_context ioc;
  SseHub hub;
  FakeLog log;
  hub.SetArchive(&log);
  const uint64_t last = 3 * EventLog::kRetained;
  hub.SetPositions({{"demo", last - 1}});
  hub.Deliver({"demo", last, "e", "{}"});
  auto sub = std::make_shared<SseSubscriber>(ioc.get_executor());
  auto replay = hub.Subscribe("demo", sub, "0");
  EXPECT_EQ(log.asked_after, last - EventLog::kRetained);
  ASSERT_EQ(replay.size(), EventLog::kRetained);
  EXPECT_EQ(replay.back()->rfind("id: " + std::to_string(last) + "\n", 0), 0u);
}

}  // namespace
}  // namespace phonghop::http
