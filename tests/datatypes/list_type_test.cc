// Engine tests for the list type: both representations, node boundaries, and a randomized
// comparison against std::deque.
#include "datatypes/list_type.h"

#include <catch.hpp>
#include <deque>
#include <random>
#include <string>
#include <vector>

using sable::List;
using sable::ListElem;
using sable::ListEnd;

namespace {

constexpr long long kFill = -2;  // 8 KB nodes, the default

std::vector<std::string> contents(const List& l) {
  std::vector<std::string> out;
  for (List::Iterator it = l.at(0); it.valid(); it.next()) out.push_back(it.get().to_string());
  return out;
}

std::vector<std::string> contents_backwards(const List& l) {
  std::vector<std::string> out;
  for (List::Iterator it = l.at(-1); it.valid(); it.prev()) out.push_back(it.get().to_string());
  return {out.rbegin(), out.rend()};
}

// RAII owner for tests.
struct Owned {
  explicit Owned(long long compress_depth = 0) : l(List::create(compress_depth)) {}
  List l;
  ~Owned() { l.destroy(); }
};

}  // namespace

TEST_CASE("list: push and pop at both ends of a small list", "[list]") {
  Owned o;
  o.l.push(ListEnd::kTail, "b", kFill);
  o.l.push(ListEnd::kHead, "a", kFill);
  o.l.push(ListEnd::kTail, "123", kFill);
  o.l.push(ListEnd::kTail, "-5", kFill);
  REQUIRE(o.l.is_packed());
  REQUIRE(contents(o.l) == std::vector<std::string>{"a", "b", "123", "-5"});
  std::string v;
  REQUIRE(o.l.pop(ListEnd::kTail, &v, kFill));
  REQUIRE(v == "-5");
  REQUIRE(o.l.pop(ListEnd::kHead, &v, kFill));
  REQUIRE(v == "a");
  REQUIRE(o.l.size() == 2);
  REQUIRE(o.l.check());
}

TEST_CASE("list: integers round-trip exactly, non-canonical numbers stay strings", "[list]") {
  Owned o;
  std::vector<std::string> vals = {"0",
                                   "-0",
                                   "007",
                                   "+1",
                                   "127",
                                   "128",
                                   "-128",
                                   "-129",
                                   "32767",
                                   "-9223372036854775808",
                                   "9223372036854775807",
                                   "9223372036854775808",
                                   "1.5",
                                   " 1",
                                   ""};
  for (auto& s : vals) o.l.push(ListEnd::kTail, s, kFill);
  REQUIRE(contents(o.l) == vals);
  REQUIRE(contents_backwards(o.l) == vals);
  ListElem e;
  REQUIRE(o.l.index(0, &e));
  REQUIRE(e.is_int);
  REQUIRE(o.l.index(2, &e));
  REQUIRE(!e.is_int);
}

TEST_CASE("list: long strings of every length class", "[list]") {
  Owned o;
  std::vector<std::string> vals;
  for (size_t n : {0, 1, 63, 64, 127, 128, 16383, 16384, 70000})
    vals.push_back(std::string(n, 'x'));
  for (auto& s : vals) o.l.push(ListEnd::kTail, s, kFill);
  REQUIRE(contents(o.l) == vals);
  REQUIRE(contents_backwards(o.l) == vals);
  REQUIRE(o.l.check());
}

TEST_CASE("list: becomes a quicklist past one node and packs again when small", "[list]") {
  Owned o;
  for (int i = 0; i < 5000; ++i) o.l.push(ListEnd::kTail, "element-" + std::to_string(i), kFill);
  REQUIRE(!o.l.is_packed());
  REQUIRE(o.l.node_count() > 5);
  REQUIRE(o.l.check());
  std::string v;
  for (int i = 0; i < 4990; ++i) {
    REQUIRE(o.l.pop(ListEnd::kHead, &v, kFill));
    REQUIRE(v == "element-" + std::to_string(i));
  }
  REQUIRE(o.l.is_packed());
  REQUIRE(o.l.size() == 10);
  REQUIRE(o.l.check());
}

TEST_CASE("list: positive fill bounds entries per node", "[list]") {
  Owned o;
  for (int i = 0; i < 100; ++i) o.l.push(ListEnd::kHead, std::to_string(i), 4);
  REQUIRE(o.l.node_count() == 25);
  REQUIRE(o.l.check());
  ListElem e;
  REQUIRE(o.l.index(0, &e));
  REQUIRE(e.to_string() == "99");
  REQUIRE(o.l.index(-1, &e));
  REQUIRE(e.to_string() == "0");
}

TEST_CASE("list: index and set across node boundaries", "[list]") {
  Owned o;
  const int n = 20000;
  for (int i = 0; i < n; ++i) o.l.push(ListEnd::kTail, std::to_string(i), kFill);
  ListElem e;
  for (int i : {0, 1, 999, 1000, 1001, 9999, 10000, 15000, n - 1}) {
    REQUIRE(o.l.index(i, &e));
    REQUIRE(e.to_string() == std::to_string(i));
    REQUIRE(o.l.index(i - n, &e));
    REQUIRE(e.to_string() == std::to_string(i));
  }
  REQUIRE(!o.l.index(n, &e));
  REQUIRE(!o.l.index(-n - 1, &e));
  REQUIRE(o.l.set(12345, std::string(3000, 'z'), kFill));
  REQUIRE(o.l.set(12346, std::string(9000, 'y'), kFill));  // bigger than a node on its own
  REQUIRE(o.l.check());
  REQUIRE(o.l.index(12345, &e));
  REQUIRE(e.str == std::string(3000, 'z'));
  REQUIRE(o.l.index(12346, &e));
  REQUIRE(e.str == std::string(9000, 'y'));
  REQUIRE(o.l.index(12347, &e));
  REQUIRE(e.to_string() == "12347");
  REQUIRE(!o.l.set(n, "x", kFill));
  REQUIRE(o.l.size() == static_cast<size_t>(n));
}

TEST_CASE("list: insert, remove and trim in a big list", "[list]") {
  Owned o;
  for (int i = 0; i < 10000; ++i)
    o.l.push(ListEnd::kTail, i % 10 == 0 ? "ten" : "x" + std::to_string(i), kFill);
  REQUIRE(o.l.insert("x5555", false, "before", kFill));
  REQUIRE(o.l.insert("x5555", true, "after", kFill));
  REQUIRE(!o.l.insert("missing", true, "v", kFill));
  ListElem e;
  REQUIRE(o.l.index(5555, &e));
  REQUIRE(e.to_string() == "before");
  REQUIRE(o.l.index(5557, &e));
  REQUIRE(e.to_string() == "after");
  REQUIRE(o.l.check());
  REQUIRE(o.l.remove("ten", 3, false, kFill) == 3);
  REQUIRE(o.l.remove("ten", 2, true, kFill) == 2);
  REQUIRE(o.l.remove("ten", 0, false, kFill) == 995);
  REQUIRE(o.l.size() == 10002 - 1000);
  REQUIRE(o.l.check());
  o.l.erase_end(ListEnd::kHead, 100, kFill);
  o.l.erase_end(ListEnd::kTail, 8800, kFill);
  REQUIRE(o.l.size() == 102);
  REQUIRE(o.l.check());
  REQUIRE(o.l.index(0, &e));
  REQUIRE(e.to_string() == "x112");
  o.l.erase_end(ListEnd::kTail, 1000, kFill);
  REQUIRE(o.l.size() == 0);
}

TEST_CASE("list: clone is deep and memory is reported", "[list]") {
  Owned o;
  for (int i = 0; i < 3000; ++i) o.l.push(ListEnd::kTail, std::to_string(i * 7), kFill);
  List c = o.l.clone();
  REQUIRE(contents(c) == contents(o.l));
  std::string v;
  c.pop(ListEnd::kHead, &v, kFill);
  REQUIRE(o.l.size() == 3000);
  REQUIRE(c.memory() > 3000);
  c.destroy();
}

// Random pushes, pops, sets, inserts, removals and trims against std::deque, with the list's
// invariants (compression shape included) checked every `check_every` steps.
static void random_ops(long long fill, long long depth, int steps, int check_every) {
  {
    Owned o(depth);
    std::deque<std::string> ref;
    std::mt19937 rng(static_cast<unsigned>(fill + 100 + depth * 7));
    auto rnd_value = [&]() -> std::string {
      switch (rng() % 4) {
        case 0:
          return std::to_string(static_cast<int>(rng() % 2000) - 1000);
        case 1:
          return "v" + std::to_string(rng() % 50);
        case 2:
          return std::string(rng() % 300, static_cast<char>('a' + rng() % 26));
        default:
          return std::to_string(static_cast<int64_t>(rng()) * 100003);
      }
    };
    for (int step = 0; step < steps; ++step) {
      unsigned op = rng() % 100;
      if (op < 30) {
        std::string v = rnd_value();
        bool head = rng() & 1;
        o.l.push(head ? ListEnd::kHead : ListEnd::kTail, v, fill);
        if (head)
          ref.push_front(v);
        else
          ref.push_back(v);
      } else if (op < 50) {
        std::string v;
        bool head = rng() & 1;
        bool ok = o.l.pop(head ? ListEnd::kHead : ListEnd::kTail, &v, fill);
        REQUIRE(ok == !ref.empty());
        if (ok) {
          REQUIRE(v == (head ? ref.front() : ref.back()));
          if (head)
            ref.pop_front();
          else
            ref.pop_back();
        }
      } else if (op < 65 && !ref.empty()) {
        long long i = static_cast<long long>(rng() % ref.size());
        std::string v = rnd_value();
        REQUIRE(o.l.set(i, v, fill));
        ref[static_cast<size_t>(i)] = v;
      } else if (op < 75 && !ref.empty()) {
        std::string pivot = ref[rng() % ref.size()], v = rnd_value();
        bool after = rng() & 1;
        REQUIRE(o.l.insert(pivot, after, v, fill));
        auto it = std::find(ref.begin(), ref.end(), pivot);
        ref.insert(after ? it + 1 : it, v);
      } else if (op < 82) {
        std::string v = "v" + std::to_string(rng() % 50);
        size_t count = rng() % 3;
        bool tail = rng() & 1;
        size_t removed = o.l.remove(v, count, tail, fill);
        size_t expect = 0;
        if (!tail) {
          for (auto it = ref.begin(); it != ref.end() && (count == 0 || expect < count);) {
            if (*it == v) {
              it = ref.erase(it);
              ++expect;
            } else {
              ++it;
            }
          }
        } else {
          for (size_t i = ref.size(); i-- > 0 && (count == 0 || expect < count);) {
            if (ref[i] == v) {
              ref.erase(ref.begin() + static_cast<long>(i));
              ++expect;
            }
          }
        }
        REQUIRE(removed == expect);
      } else if (op < 85) {
        size_t n = rng() % 20;
        bool tail = rng() & 1;
        o.l.erase_end(tail ? ListEnd::kTail : ListEnd::kHead, n, fill);
        for (size_t i = 0; i < n && !ref.empty(); ++i) tail ? ref.pop_back() : ref.pop_front();
      } else if (!ref.empty()) {
        long long i = static_cast<long long>(rng() % ref.size());
        ListElem e;
        REQUIRE(o.l.index(i, &e));
        REQUIRE(e.to_string() == ref[static_cast<size_t>(i)]);
        REQUIRE(o.l.index(i - static_cast<long long>(ref.size()), &e));
        REQUIRE(e.to_string() == ref[static_cast<size_t>(i)]);
      }
      REQUIRE(o.l.size() == ref.size());
      if (step % check_every == 0) {
        REQUIRE(o.l.check());
        REQUIRE(contents(o.l) == std::vector<std::string>(ref.begin(), ref.end()));
        REQUIRE(contents_backwards(o.l) == std::vector<std::string>(ref.begin(), ref.end()));
      }
    }
    REQUIRE(o.l.check());
    REQUIRE(contents(o.l) == std::vector<std::string>(ref.begin(), ref.end()));
  }
}

TEST_CASE("list: random operations match std::deque", "[list]") {
  for (long long fill : {-1LL, -2LL, 1LL, 3LL, 16LL}) random_ops(fill, 0, 20000, 500);
}

TEST_CASE("list: compressed lists match std::deque and keep Redis's shape", "[list]") {
  // check() verifies after every step that the `depth` end nodes are plain and every node
  // further in is compressed unless compressing it did not pay.
  for (long long depth : {1LL, 2LL, 3LL})
    for (long long fill : {1LL, 3LL, -1LL}) random_ops(fill, depth, 4000, 1);
  random_ops(-2, 65535 * 4, 3000, 50);  // a depth larger than any list: nothing compressed
}

TEST_CASE("list: compression shrinks inner nodes and keeps the ends plain", "[list]") {
  Owned o(1);
  std::string big(200, 'z');
  for (int i = 0; i < 100; ++i) o.l.push(ListEnd::kTail, big + std::to_string(i), 4);
  REQUIRE(o.l.node_count() == 25);
  REQUIRE(o.l.compressed_nodes() == 23);
  REQUIRE(o.l.check());
  REQUIRE(o.l.listpack_bytes() > o.l.memory());
  // Reads inflate into the reader's own copy and leave the list compressed.
  ListElem e;
  REQUIRE(o.l.index(50, &e));
  REQUIRE(e.to_string() == big + "50");
  REQUIRE(o.l.compressed_nodes() == 23);
  // The RDB writer sees LZF images of the inner nodes, listpacks at the ends.
  size_t lzf = 0, plain = 0;
  o.l.for_each_node([&](const List::NodeImage& n) { (n.compressed ? lzf : plain)++; });
  REQUIRE(lzf == 23);
  REQUIRE(plain == 2);
  // A copy keeps the depth and the compressed nodes.
  List c = o.l.clone();
  REQUIRE(c.compress_depth() == 1);
  REQUIRE(c.compressed_nodes() == 23);
  REQUIRE(contents(c) == contents(o.l));
  REQUIRE(c.check());
  c.destroy();
  // Shrinking to two nodes leaves nothing compressed; an emptied list stays a quicklist.
  o.l.erase_end(ListEnd::kHead, 92, 4);
  REQUIRE(o.l.node_count() == 2);
  REQUIRE(o.l.compressed_nodes() == 0);
  REQUIRE(o.l.check());
  o.l.erase_end(ListEnd::kTail, 8, 4);
  REQUIRE(o.l.size() == 0);
  REQUIRE(!o.l.is_packed());
  o.l.push(ListEnd::kHead, "x", 4);
  REQUIRE(contents(o.l) == std::vector<std::string>{"x"});
  REQUIRE(o.l.check());
}

TEST_CASE("list: incompressible and small nodes stay plain", "[list]") {
  Owned o(1);
  std::mt19937 rng(7);
  for (int i = 0; i < 60; ++i) {
    std::string v(100, ' ');
    for (char& ch : v) ch = static_cast<char>(rng());
    o.l.push(ListEnd::kTail, v, 2);
  }
  for (int i = 0; i < 60; ++i) o.l.push(ListEnd::kHead, "s", 2);  // 2-element nodes under 48 B
  REQUIRE(o.l.compressed_nodes() == 0);
  REQUIRE(o.l.check());
}

TEST_CASE("list: every node is a well-formed Redis listpack (what RDB writes)", "[list]") {
  for (long long fill : {-2LL, 5LL}) {
    List l = List::create();
    for (int i = 0; i < 3000; ++i)
      l.push(i % 2 ? ListEnd::kTail : ListEnd::kHead,
             i % 3 ? std::to_string(i * 37) : "el" + std::to_string(i), fill);
    size_t nodes = 0, elems = 0;
    l.for_each_listpack([&](std::string_view lp) {
      size_t n;
      REQUIRE(sable::Listpack::validate(reinterpret_cast<const unsigned char*>(lp.data()),
                                        lp.size(), sable::kLpSingles, &n));
      REQUIRE(n > 0);
      ++nodes;
      elems += n;
    });
    REQUIRE(nodes == l.node_count());
    REQUIRE(elems == l.size());
    REQUIRE(l.check());
    l.destroy();
  }
}
