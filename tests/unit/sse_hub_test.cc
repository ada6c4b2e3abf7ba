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

}  // namespace
}  // namespace phonghop::http
