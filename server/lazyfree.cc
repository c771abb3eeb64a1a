// Lazy freeing on a background thread (see lazyfree.h).
#include "server/lazyfree.h"

#include "datatypes/hash_type.h"
#include "datatypes/list_type.h"
#include "datatypes/set_type.h"
#include "datatypes/stream_type.h"
#include "datatypes/zset_type.h"

#ifdef SABLE_HAVE_JEMALLOC
#include <jemalloc/jemalloc.h>
#endif

namespace sable {

LazyFree::~LazyFree() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  work_cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

size_t LazyFree::free_effort(const Value& v) {
  if (!v.p) return 1;
  switch (v.type) {
    case ObjType::kList:
      return List(v.p).node_count();
    case ObjType::kSet:
      return v.enc == Encoding::kHashtable ? Set(v.enc, v.p).size() : 1;
    case ObjType::kHash:
      return v.enc == Encoding::kHashtable ? Hash(v.enc, v.p).size() : 1;
    case ObjType::kZSet: {
      const auto* z = static_cast<const ZSet*>(v.p);
      return z->encoding() == Encoding::kSkiplist ? z->size() : 1;
    }
    case ObjType::kStream: {
      // Nodes plus every group's pending entries, as Redis counts a stream's effort.
      const auto* st = static_cast<const Stream*>(v.p);
      size_t n = st->node_count();
      for (const auto& [name, g] : st->groups()) n += 1 + g->pel.size();
      return n;
    }
    default:
      return 1;
  }
}

void LazyFree::free_value(const Value& v) {
  if (free_effort(v) <= kThreshold) {
    sable::free_value(v);
    return;
  }
  Job job;
  job.value = v;
  enqueue(std::move(job));
}

void LazyFree::free_db(std::unique_ptr<Db> db) {
  Job job;
  job.objects = db->size();
  job.db = std::move(db);
  enqueue(std::move(job));
}

void LazyFree::enqueue(Job job) {
  pending_.fetch_add(job.objects, std::memory_order_relaxed);
  {
    std::lock_guard<std::mutex> lock(mu_);
    jobs_.push_back(std::move(job));
    if (!thread_.joinable()) thread_ = std::thread([this] { run(); });
  }
  work_cv_.notify_one();
}

void LazyFree::run() {
  // This thread's cumulative allocated/freed byte counters (jemalloc keeps them per thread).
  uint64_t* allocated = nullptr;
  uint64_t* deallocated = nullptr;
#ifdef SABLE_HAVE_JEMALLOC
  size_t sz = sizeof(allocated);
  if (mallctl("thread.allocatedp", &allocated, &sz, nullptr, 0) != 0 ||
      mallctl("thread.deallocatedp", &deallocated, &sz, nullptr, 0) != 0)
    allocated = deallocated = nullptr;
#endif
  std::unique_lock<std::mutex> lock(mu_);
  for (;;) {
    work_cv_.wait(lock, [this] { return stop_ || !jobs_.empty(); });
    if (jobs_.empty()) return;  // stopping with nothing left
    Job job = std::move(jobs_.front());
    jobs_.pop_front();
    busy_ = true;
    lock.unlock();
    if (job.db)
      job.db.reset();
    else
      sable::free_value(job.value);
    if (allocated)
      heap_delta_.store(static_cast<int64_t>(*allocated - *deallocated), std::memory_order_relaxed);
    pending_.fetch_sub(job.objects, std::memory_order_relaxed);
    freed_.fetch_add(job.objects, std::memory_order_relaxed);
    lock.lock();
    busy_ = false;
    if (jobs_.empty()) idle_cv_.notify_all();
  }
}

void LazyFree::drain() {
  std::unique_lock<std::mutex> lock(mu_);
  idle_cv_.wait(lock, [this] { return jobs_.empty() && !busy_; });
}

}  // namespace sable
