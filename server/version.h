// Version strings. Sable reports Redis's version where clients check it for features.
#pragma once

namespace sable {
inline constexpr const char* kRedisVersion = "7.0.15";
inline constexpr const char* kSableVersion = "0.1.0";
}  // namespace sable
