#pragma once

// The harnesses' invariant check. Not assert(): the replay build is RelWithDebInfo, where NDEBUG would turn
// every check into nothing. A broken invariant aborts, which libFuzzer reports as a crash with the input
// saved, and the replay test reports as a failure.

#include <cstdio>
#include <cstdlib>

#define FUZZ_CHECK(condition)                                                                                \
    do {                                                                                                     \
        if (!(condition)) {                                                                                  \
            std::fprintf(stderr, "%s:%d: invariant broken: %s\n", __FILE__, __LINE__, #condition);           \
            std::abort();                                                                                    \
        }                                                                                                    \
    } while (false)
