// SearcherPool on real indexes: bounded lending in arrival order, discarding, freshness.
#include <atomic>
#include <future>
#include <thread>

#include <gtest/gtest.h>

#include "query/searcher_pool.h"
#include "tests/support/index_fixture.h"

namespace gazette::query {
namespace {

using testing::make_article;
using testing::TempDir;

TEST(SearcherPool, LendsAtMostMaxLeasesAndWaitersGoInOrder) {
  TempDir dir;
  const auto index = testing::build_index(
      dir, {make_article("https://a.example/1", "Alpha", "alpha", "2025-01-01")});
  SearcherPool pool(index, QueryConfig{}, std::chrono::milliseconds(1000), 1);
  auto first = pool.acquire();
  ASSERT_TRUE(first);

  std::vector<int> order;
  std::mutex order_mutex;
  const auto borrow = [&](int who) {
    auto lease = pool.acquire();
    ASSERT_TRUE(lease);
    const std::lock_guard lock(order_mutex);
    order.push_back(who);
  };
  const auto wait_for_waiters = [&pool](std::size_t n) {
    while (pool.waiting() != n) std::this_thread::yield();
  };
  auto second = std::async(std::launch::async, borrow, 2);
  wait_for_waiters(1);
  auto third = std::async(std::launch::async, borrow, 3);
  wait_for_waiters(2);
  EXPECT_EQ(second.wait_for(std::chrono::milliseconds(0)), std::future_status::timeout);
  { auto done = std::move(*first); }  // gives the lease back
  second.get();
  third.get();
  EXPECT_EQ(order, (std::vector<int>{2, 3}));

  // A discarded searcher frees its place too.
  auto lease = pool.acquire();
  ASSERT_TRUE(lease);
  lease->discard();
  { auto done = std::move(*lease); }
  EXPECT_TRUE(pool.acquire());
}

TEST(SearcherPool, MissingIndexIsAnErrorEachTimeAndDoesNotHoldAPlace) {
  TempDir dir;
  SearcherPool pool(dir.file("none"), QueryConfig{}, std::chrono::milliseconds(0), 1);
  for (int i = 0; i < 3; ++i) {
    const auto lease = pool.acquire();
    ASSERT_FALSE(lease);
    EXPECT_NE(lease.error().to_string().find("none"), std::string::npos);
  }
}

}  // namespace
}  // namespace gazette::query
