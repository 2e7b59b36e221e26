#include "bench/classify_data.h"

#include "runtime/money.h"

namespace seg::bench {

const std::vector<std::string> kCities = {"Boston",      "San Francisco", "San Diego", "San Jose",
                                          "Los Angeles", "Seattle",       "Portland",  "Denver",
                                          "Austin",      "Chicago",       "New York",  "Santa Fe",
                                          "Miami",       "Atlanta",       "Phoenix",   "Sandusky"};
const std::vector<std::string> kDomains = {"gmail.com",        "yahoo.com",   "corp.acme.com", "corp.globex.com",
                                           "outlook.com",      "gmail.co.uk", "proton.me",     "icloud.com",
                                           "corp.initech.com", "aol.com"};
const std::vector<std::string> kChannels = {"web", "app-ios", "app-android", "store", "phone", "webshop"};

Metrics Generate(size_t n, uint64_t seed) {
  Metrics x;
  x.n = n;
  for (auto* v : {&x.r, &x.f, &x.m, &x.recency_days, &x.frequency, &x.monetary}) v->resize(n);
  for (auto* v : {&x.newsletter, &x.discount_lover, &x.b2b}) v->resize(n);
  for (auto* v : {&x.city, &x.domain, &x.channel}) v->resize(n);
  Rng rng{seed};
  for (size_t i = 0; i < n; ++i) {
    // Recency follows the R score loosely, frequency is heavy-tailed, spend follows frequency.
    int64_t r = 1 + rng.Below(5);
    int64_t f = 1 + rng.Below(5);
    int64_t recency = (5 - r) * 120 + rng.Below(160);
    int64_t frequency = f == 1 ? 1 + rng.Below(2) : (f * f) + rng.Below(4 * f * f);
    int64_t basket = 500'000 + rng.Below(2'500'000);  // 50.00 .. 300.00 per order
    int64_t monetary = frequency * basket;
    constexpr int64_t k = seg::rt::kMoneyScale;
    int64_t m = 1 + (monetary >= 200 * k) + (monetary >= 800 * k) + (monetary >= 2500 * k) + (monetary >= 6000 * k);
    if (rng.Chance(20)) m = 1 + rng.Below(5);  // quintiles rank a longer history than 365 days
    x.r[i] = r;
    x.f[i] = f;
    x.m[i] = m;
    x.recency_days[i] = recency;
    x.frequency[i] = frequency;
    x.monetary[i] = monetary;
    x.newsletter[i] = rng.Chance(40);
    x.discount_lover[i] = rng.Chance(15);
    x.b2b[i] = rng.Chance(5);
    x.city[i] = rng.Chance(3) ? -1 : static_cast<int32_t>(rng.Below(static_cast<int64_t>(kCities.size())));
    x.domain[i] = rng.Chance(5) ? -1 : static_cast<int32_t>(rng.Below(static_cast<int64_t>(kDomains.size())));
    x.channel[i] = static_cast<int32_t>(rng.Below(static_cast<int64_t>(kChannels.size())));
  }
  return x;
}

seg::rt::Table CustomerTable(const Metrics& x, size_t n) {
  using seg::rt::ValueType;
  seg::rt::Table t("customers");
  auto ints = [&](const char* name, ValueType type, const std::vector<int64_t>& v) {
    seg::rt::Column& c = t.AddColumn(name, type);
    c.Reserve(n);
    for (size_t i = 0; i < n; ++i) c.AppendInt64(v[i]);
  };
  auto bools = [&](const char* name, const std::vector<uint8_t>& v) {
    seg::rt::Column& c = t.AddColumn(name, ValueType::kBool);
    c.Reserve(n);
    for (size_t i = 0; i < n; ++i) c.AppendBool(v[i] != 0);
  };
  seg::rt::Column& id = t.AddColumn("id", ValueType::kId);
  id.Reserve(n);
  for (size_t i = 0; i < n; ++i) id.AppendText(std::to_string(i + 1));
  ints("r", ValueType::kInt, x.r);
  ints("f", ValueType::kInt, x.f);
  ints("m", ValueType::kInt, x.m);
  ints("recency_days", ValueType::kInt, x.recency_days);
  ints("frequency", ValueType::kInt, x.frequency);
  ints("monetary", ValueType::kMoney, x.monetary);
  bools("newsletter", x.newsletter);
  bools("discount_lover", x.discount_lover);
  bools("b2b", x.b2b);
  auto texts = [&](const char* name, const std::vector<int32_t>& codes, const std::vector<std::string>& words) {
    seg::rt::Column& c = t.AddColumn(name, ValueType::kText);
    c.Reserve(n);
    for (size_t i = 0; i < n; ++i) {
      if (codes[i] < 0) c.AppendNull();
      else c.AppendText(words[static_cast<size_t>(codes[i])]);
    }
  };
  texts("city", x.city, kCities);
  texts("domain", x.domain, kDomains);
  texts("channel", x.channel, kChannels);
  return t;
}

HandColumns NumberColumns(const Metrics& x) {
  return {x.r.data(),         x.f.data(),        x.m.data(),          x.recency_days.data(),
          x.frequency.data(), x.monetary.data(), x.newsletter.data(), x.discount_lover.data(),
          x.b2b.data()};
}

}  // namespace seg::bench
