// The test runner's main, compiled once and linked into the test executable.
// Catch::Session exists in Catch2 v2 (with CATCH_CONFIG_RUNNER) and in v3.
#define CATCH_CONFIG_RUNNER
#include "catch.hpp"

int main(int argc, char* argv[]) {
    return Catch::Session().run(argc, argv);
}
