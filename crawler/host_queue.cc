#include "crawler/host_queue.h"

#include <algorithm>

namespace gazette::crawler {

Host& HostQueue::host(const std::string& name) {
  auto [it, inserted] = hosts_.try_emplace(name);
  if (inserted) {
    it->second.name = name;
    it->second.delay_ms = delay_ms_;
  }
  return it->second;
}

void HostQueue::schedule(Host& h, std::int64_t at) {
  at = std::max(at, h.next_allowed_ms);
  if (h.queued_at_ >= 0 && h.queued_at_ <= at) return;
  h.queued_at_ = at;
  ready_.emplace(at, h.name);
}

Host* HostQueue::pop_due(std::int64_t now) {
  while (!ready_.empty() && ready_.top().first <= now) {
    const auto [at, name] = ready_.top();
    ready_.pop();
    Host& h = host(name);
    if (h.queued_at_ != at) continue;  // a stale entry: the host was rescheduled
    h.queued_at_ = -1;
    return &h;
  }
  return nullptr;
}

}  // namespace gazette::crawler
