// Number parsing and formatting with Redis's exact rules.
//
// Redis is strict about integers (no spaces, no '+', no leading zeros: "007" is not a number) and
// formats floats in specific ways (%.17g for replies, %.17Lf trimmed for INCRBYFLOAT). Clients see
// these texts, so every command goes through these helpers rather than the standard library.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace sable {

// Like Redis string2ll: optional '-', no leading zeros, fits in int64.
bool parse_int64(std::string_view s, int64_t* out);
// Like string2ull-ish for unsigned values (used by SCAN cursors): digits only, fits in uint64.
bool parse_uint64(std::string_view s, uint64_t* out);
// Like Redis getDoubleFromObject: strtod over the whole string, no leading space, no NaN.
bool parse_double(std::string_view s, double* out);
// Like Redis string2ld (INCRBYFLOAT): strtold over the whole string, no leading space, no NaN.
bool parse_long_double(std::string_view s, long double* out);

// Decimal text of an integer into `buf` (at least 21 bytes); returns the length.
size_t format_int64(int64_t v, char* buf);
std::string int64_to_string(int64_t v);
// Redis's ld2string in "human" mode: %.17Lf with trailing zeros (and '.') removed.
std::string format_long_double(long double v);
// Redis's %.17g formatting of a double with inf/-inf spelled out.
std::string format_double(double v);

}  // namespace sable
