// The crawl's hosts and the order they are asked in: politeness is one fetch at a time per host
// and a minimum delay between its fetches (crawl.delay_seconds, or a longer Crawl-delay), so each
// host waits in a queue ordered by the time it may fetch next.
//
// Thread-safety: owned by the crawl thread.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <queue>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "crawler/frontier.h"
#include "crawler/robots.h"

namespace gazette::crawler {

struct Host {
  std::string name;
  std::deque<UrlRow> window;  // claimed (in flight in the database), not yet fetched
  bool db_may_have_more = true;
  bool busy = false;  // a fetch (or its robots.txt) is running
  std::int64_t next_allowed_ms = 0;
  std::int64_t delay_ms = 0;  // between two fetches
  // robots.txt: rules in force (known) until they expire, or being fetched; unreachable
  // answers in a row so far.
  bool robots_known = false;
  bool robots_fetching = false;
  unsigned robots_failures = 0;
  std::optional<RobotsRules> robots;
  std::int64_t robots_expires_ms = 0;

 private:
  friend class HostQueue;
  std::int64_t queued_at_ = -1;  // time of its live entry in the queue, -1: none
};

class HostQueue {
 public:
  explicit HostQueue(std::int64_t delay_ms) : delay_ms_(delay_ms) {}

  // The host named `name`, created with the default delay on first use.
  Host& host(const std::string& name);

  // Queues `h` to be asked at `at`, or when it is next allowed if that is later; a host already
  // queued for an earlier time stays there.
  void schedule(Host& h, std::int64_t at);

  // Takes the first host whose time has come at `now`; nullptr when none has.
  Host* pop_due(std::int64_t now);

  // Whether no host is queued; when one is, the time of the first.
  [[nodiscard]] bool empty() const { return ready_.empty(); }
  [[nodiscard]] std::int64_t next_at() const { return ready_.top().first; }

  [[nodiscard]] std::unordered_map<std::string, Host>& hosts() { return hosts_; }

 private:
  using Entry = std::pair<std::int64_t, std::string>;
  std::int64_t delay_ms_;
  std::unordered_map<std::string, Host> hosts_;
  // Entries of hosts rescheduled earlier stay behind, stale, until popped.
  std::priority_queue<Entry, std::vector<Entry>, std::greater<>> ready_;
};

}  // namespace gazette::crawler
