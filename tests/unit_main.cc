// Catch2 entry point for the unit and in-process command tests.
#define CATCH_CONFIG_MAIN
#include <catch.hpp>
