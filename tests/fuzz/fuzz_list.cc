// libFuzzer target: the list engine (datatypes/list_type), compressed or not. The first two bytes
// choose list-compress-depth (0-3) and the node limit (list-max-listpack-size: a count of 1-8 or
// a byte budget); each following byte pair is one operation — push, pop, set, insert, remove,
// trim, index, copy — on values of varied size and compressibility. The list is compared with a
// std::deque after every operation, and its invariants (counts, links, which nodes are
// compressed) are checked; any difference aborts.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <deque>
#include <string>

#include "datatypes/list_type.h"

namespace {

using sable::List;
using sable::ListElem;
using sable::ListEnd;

void require(bool ok) {
  if (!ok) std::abort();
}

// A value from one byte: small integers, short words, or runs long enough to compress.
std::string value(uint8_t b, size_t step) {
  switch (b & 3) {
    case 0:
      return std::to_string(static_cast<int>(b) - 128);
    case 1:
      return "w" + std::to_string(b % 7);
    case 2:
      return std::string(20 + (b >> 2) * 5, static_cast<char>('a' + b % 3));
    default: {
      std::string s(b >> 1, ' ');
      for (size_t i = 0; i < s.size(); ++i) s[i] = static_cast<char>((step * 131 + i * 7919) >> 3);
      return s;
    }
  }
}

void compare(const List& l, const std::deque<std::string>& ref) {
  require(l.size() == ref.size());
  size_t i = 0;
  for (List::Iterator it = l.at(0); it.valid(); it.next(), ++i)
    require(i < ref.size() && it.get().to_string() == ref[i]);
  require(i == ref.size());
  require(l.check());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  long long depth = data[0] % 4;
  long long fill = (data[1] & 8) ? static_cast<long long>(data[1] % 8) + 1
                                 : -static_cast<long long>(data[1] % 5) - 1;
  List l = List::create(depth);
  std::deque<std::string> ref;
  for (size_t p = 2, step = 0; p + 1 < size && step < 2000; p += 2, ++step) {
    uint8_t op = data[p], arg = data[p + 1];
    bool head = op & 1;
    switch ((op >> 1) % 9) {
      case 0:
      case 1: {
        std::string v = value(arg, step);
        l.push(head ? ListEnd::kHead : ListEnd::kTail, v, fill);
        head ? ref.push_front(v) : ref.push_back(v);
        break;
      }
      case 2: {
        std::string v;
        bool ok = l.pop(head ? ListEnd::kHead : ListEnd::kTail, &v, fill);
        require(ok == !ref.empty());
        if (ok) {
          require(v == (head ? ref.front() : ref.back()));
          head ? ref.pop_front() : ref.pop_back();
        }
        break;
      }
      case 3: {
        if (ref.empty()) break;
        size_t i = arg % ref.size();
        std::string v = value(static_cast<uint8_t>(op ^ arg), step);
        require(l.set(static_cast<long long>(i), v, fill));
        ref[i] = v;
        break;
      }
      case 4: {
        if (ref.empty()) break;
        std::string pivot = ref[arg % ref.size()], v = value(static_cast<uint8_t>(arg * 3), step);
        require(l.insert(pivot, head, v, fill));
        auto it = std::find(ref.begin(), ref.end(), pivot);
        ref.insert(head ? it + 1 : it, v);
        break;
      }
      case 5: {
        std::string v = value(arg, step);
        size_t count = arg % 3;
        size_t removed = l.remove(v, count, head, fill), expect = 0;
        if (!head) {
          for (auto it = ref.begin(); it != ref.end() && (count == 0 || expect < count);)
            it = *it == v ? (++expect, ref.erase(it)) : it + 1;
        } else {
          for (size_t i = ref.size(); i-- > 0 && (count == 0 || expect < count);)
            if (ref[i] == v) ref.erase(ref.begin() + static_cast<long>(i)), ++expect;
        }
        require(removed == expect);
        break;
      }
      case 6: {
        size_t n = arg % 16;
        l.erase_end(head ? ListEnd::kHead : ListEnd::kTail, n, fill);
        for (size_t i = 0; i < n && !ref.empty(); ++i) head ? ref.pop_front() : ref.pop_back();
        break;
      }
      case 7: {
        if (ref.empty()) break;
        long long i = arg % static_cast<long long>(ref.size());
        ListElem e;
        require(l.index(head ? i - static_cast<long long>(ref.size()) : i, &e));
        require(e.to_string() == ref[static_cast<size_t>(i)]);
        break;
      }
      default: {
        List c = l.clone();
        compare(c, ref);
        c.destroy();
        break;
      }
    }
    compare(l, ref);
  }
  l.destroy();
  return 0;
}
