// Lazy freeing: values too big to free without stalling the event loop are handed to one
// background thread, as Redis's UNLINK, FLUSHDB ASYNC and lazyfree-lazy-user-* do.
//
// A value's "free effort" is what freeing it costs in allocations: the element count of a
// hashtable-encoded set or hash and of a skiplist zset, the node count of a list, 1 for strings
// and compact encodings. Values with an effort over 64 (Redis's LAZYFREE_THRESHOLD) go to the
// thread; the others are freed at once. A whole emptied database always goes to the thread.
// INFO reports lazyfree_pending_objects (queued, not yet freed) and lazyfreed_objects (freed by
// the thread since start or CONFIG RESETSTAT); a database counts as one object per key.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>

#include "datatypes/keyspace.h"

namespace sable {

class LazyFree {
 public:
  static constexpr size_t kThreshold = 64;

  LazyFree() = default;
  ~LazyFree();  // frees whatever is still queued, then stops the thread
  LazyFree(const LazyFree&) = delete;
  LazyFree& operator=(const LazyFree&) = delete;

  static size_t free_effort(const Value& v);
  // Frees a value detached from the keyspace (Db::take): in the background when it is big.
  void free_value(const Value& v);
  // Frees every key of `db` in the background.
  void free_db(std::unique_ptr<Db> db);

  uint64_t pending() const { return pending_.load(std::memory_order_relaxed); }
  uint64_t freed() const { return freed_.load(std::memory_order_relaxed); }
  void reset_stats() { freed_.store(0, std::memory_order_relaxed); }
  // Heap bytes the thread allocated minus those it freed (negative: it frees what the event loop
  // allocated). used_memory adds it to the loop thread's own count.
  int64_t thread_heap_delta() const { return heap_delta_.load(std::memory_order_relaxed); }
  // Blocks until the queue is empty (tests, DEBUG-style synchronisation).
  void drain();

 private:
  struct Job {
    Value value;             // when db is null
    std::unique_ptr<Db> db;  // a detached database
    uint64_t objects = 1;
  };
  void enqueue(Job job);
  void run();

  std::mutex mu_;
  std::condition_variable work_cv_, idle_cv_;
  std::deque<Job> jobs_;
  bool busy_ = false;
  bool stop_ = false;
  std::thread thread_;  // started by the first job
  std::atomic<uint64_t> pending_{0};
  std::atomic<uint64_t> freed_{0};
  std::atomic<int64_t> heap_delta_{0};
};

}  // namespace sable
