// The yardstick, written to be as fast as a C++ programmer would make it: rules evaluated from
// the last to the first, each overwriting the bucket when it matches (so the first match wins
// without a branch), `&`/`|` instead of `&&`/`||`, the overwrite as a mask, and restrict-qualified
// columns. bench/CMakeLists.txt compiles this file alone at -O3 for the build machine's CPU
// (-march=native), so the compiler vectorises it: the JIT, which also targets the host CPU, is
// measured against the best a hand-written loop gets, not a scalar one.
#include "bench/hand_classify.h"

void HandClassify20(const HandColumns& x, size_t begin, size_t end, int32_t* __restrict out) {
  const int64_t* __restrict r = x.r;
  const int64_t* __restrict f = x.f;
  const int64_t* __restrict m = x.m;
  const int64_t* __restrict rec = x.recency_days;
  const int64_t* __restrict freq = x.frequency;
  const int64_t* __restrict mon = x.monetary;
  const uint8_t* __restrict news = x.newsletter;
  const uint8_t* __restrict disc = x.discount_lover;
  const uint8_t* __restrict b2b = x.b2b;
  constexpr int64_t k = 10000;  // one currency unit
  for (size_t i = begin; i < end; ++i) {
    int64_t b = kHandElse;
    b = HandPick(rec[i] > 365, 19, b);
    b = HandPick((r[i] == 1) & (f[i] == 1), 18, b);
    b = HandPick((m[i] == 3) | (f[i] == 3), 17, b);
    b = HandPick((rec[i] <= 60) & (mon[i] < 50 * k), 16, b);
    b = HandPick((news[i] != 0) & (rec[i] > 365), 15, b);
    b = HandPick((rec[i] > 180) & (freq[i] >= 2), 14, b);
    b = HandPick((rec[i] > 180) & (mon[i] >= 1000 * k), 13, b);
    b = HandPick((b2b[i] != 0) & (mon[i] >= 500 * k), 12, b);
    b = HandPick((r[i] <= 2) & (f[i] >= 3), 11, b);
    b = HandPick((r[i] <= 2) & (f[i] >= 4) & (m[i] >= 4), 10, b);
    b = HandPick((r[i] == 3) & (f[i] <= 2), 9, b);
    b = HandPick((r[i] == 3) & (f[i] == 3) & (m[i] == 3), 8, b);
    b = HandPick((news[i] != 0) & (rec[i] <= 30), 7, b);
    b = HandPick((disc[i] != 0) & (freq[i] >= 3), 6, b);
    b = HandPick((r[i] == 4) & (f[i] == 1), 5, b);
    b = HandPick((r[i] == 5) & (freq[i] == 1), 4, b);
    b = HandPick((r[i] >= 4) & (f[i] >= 2) & (f[i] <= 3), 3, b);
    b = HandPick((m[i] == 5) & (mon[i] >= 2000 * k), 2, b);
    b = HandPick((f[i] >= 4) & (r[i] >= 3), 1, b);
    b = HandPick((r[i] >= 4) & (f[i] >= 4) & (m[i] >= 4), 0, b);
    out[i] = static_cast<int32_t>(b);
  }
}
