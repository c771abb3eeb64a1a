// Seed of the table hash function (randomised by the server at start-up).
#include "datatypes/hash.h"

namespace sable {
uint64_t g_hash_seed = 0x2d358dccaa6c78a5ULL;
}  // namespace sable
