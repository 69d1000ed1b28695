// The crawl's worker side: a queue of jobs, threads that process them, and the finished jobs
// handed back to the thread that owns the pool.
//
// Thread-safety: submit() and take_done() may be called from any thread; `work` runs on the
// workers (one job at a time each) and `on_done` after each job, also on a worker. The destructor
// lets the workers finish every job submitted, then joins them.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace gazette::crawler {

template <typename Job>
class WorkerPool {
 public:
  WorkerPool(unsigned threads, std::function<void(Job&)> work, std::function<void()> on_done)
      : work_(std::move(work)), on_done_(std::move(on_done)) {
    for (unsigned i = 0; i < threads; ++i) threads_.emplace_back([this] { loop(); });
  }
  ~WorkerPool() {
    {
      std::lock_guard lock(mutex_);
      closing_ = true;
    }
    ready_.notify_all();
    for (auto& t : threads_) t.join();
  }
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  void submit(Job job) {
    {
      std::lock_guard lock(mutex_);
      jobs_.push_back(std::move(job));
    }
    ready_.notify_one();
  }
  std::vector<Job> take_done() {
    std::lock_guard lock(mutex_);
    std::vector<Job> out;
    out.swap(done_);
    return out;
  }

 private:
  void loop() {
    while (true) {
      Job job;
      {
        std::unique_lock lock(mutex_);
        ready_.wait(lock, [this] { return closing_ || !jobs_.empty(); });
        if (jobs_.empty()) return;
        job = std::move(jobs_.front());
        jobs_.pop_front();
      }
      work_(job);
      {
        std::lock_guard lock(mutex_);
        done_.push_back(std::move(job));
      }
      on_done_();
    }
  }

  std::function<void(Job&)> work_;
  std::function<void()> on_done_;
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<Job> jobs_;
  std::vector<Job> done_;
  bool closing_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace gazette::crawler
