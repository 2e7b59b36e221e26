// The synthetic CRM population. Every customer is generated from its own RNG streams, so the output
// does not depend on how customers are split across threads.
#include "model.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <string_view>

namespace seggen {

namespace {

constexpr std::int32_t kHistoryDays = 2190;  // signups reach back about six years
constexpr std::int32_t kTableDays = kHistoryDays + 10;

// A weighted choice over a small fixed table; totals up to kLut use a lookup table.
template <std::size_t N> struct Weighted {
  static constexpr std::uint32_t kLut = 256;
  std::uint32_t cum[N];
  std::uint32_t total;
  std::uint8_t lut[kLut];
  constexpr explicit Weighted(const std::uint32_t (&w)[N]) : cum{}, total(0), lut{} {
    for (std::size_t i = 0; i < N; ++i) cum[i] = total += w[i];
    if (total <= kLut)
      for (std::uint32_t x = 0, i = 0; x < total; ++x) {
        while (x >= cum[i]) ++i;
        lut[x] = static_cast<std::uint8_t>(i);
      }
  }
  // From 32 random bits.
  std::uint32_t pick32(std::uint32_t bits) const {
    const auto x = static_cast<std::uint32_t>((static_cast<std::uint64_t>(bits) * total) >> 32);
    if (total <= kLut) return lut[x];
    std::uint32_t i = 0;
    while (x >= cum[i]) ++i;
    return i;
  }
  std::uint32_t pick(Rng& r) const { return pick32(static_cast<std::uint32_t>(r.next() >> 32)); }
};

// Behaviour types: share of the population, relative order and visit volumes, discount propensity.
constexpr std::uint32_t kKindWeight[kKinds] = {14, 24, 14, 15, 7, 10, 6, 10};
constexpr Weighted kKindPick(kKindWeight);
constexpr double kOrderRel[kKinds] = {3.0, 1.0, 0.0, 0.7, 0.12, 1.3, 0.0, 0.0};
constexpr double kVisitRel[kKinds] = {1.5, 1.0, 0.5, 0.4, 0.8, 1.2, 3.0, 0.2};
constexpr double kNoVisits[kKinds] = {0.08, 0.08, 0.08, 0.08, 0.08, 0.08, 0.0, 0.7};
constexpr double kDiscountP[kKinds] = {0.15, 0.2, 0.3, 0.2, 0.35, 0.8, 0.0, 0.0};
constexpr double kStreakP[kKinds] = {0.03, 0.03, 0.0, 0.0, 0.0, 0.03, 1.0, 0.0};
// Product-page streaks: 20% stop just short of a week (5-6 days), the rest last 7-21 days, with 1-2
// product visits a day.
constexpr double kStreakMeanVisits = (0.2 * 5.5 + 0.8 * 14.0) * 1.5;

struct City {
  std::string_view name;
  std::uint32_t weight;
  unsigned tier;
};
constexpr City kCities[] = {
    {"New York", 880, 1},     {"Los Angeles", 390, 1},  {"Chicago", 270, 1},     {"Houston", 230, 1},
    {"Phoenix", 160, 1},      {"Philadelphia", 158, 1}, {"San Antonio", 145, 1}, {"San Diego", 138, 1},
    {"Dallas", 130, 2},       {"San Jose", 101, 2},     {"Austin", 96, 2},       {"Jacksonville", 95, 2},
    {"Fort Worth", 92, 2},    {"Columbus", 90, 2},      {"Charlotte", 87, 2},    {"Indianapolis", 88, 2},
    {"San Francisco", 81, 2}, {"Seattle", 74, 2},       {"Denver", 71, 2},       {"Washington", 69, 2},
    {"Boston", 65, 2},        {"Nashville", 69, 2},     {"El Paso", 68, 3},      {"Detroit", 63, 3},
    {"Oklahoma City", 68, 3}, {"Portland", 64, 3},      {"Las Vegas", 64, 3},    {"Memphis", 63, 3},
    {"Louisville", 62, 3},    {"Baltimore", 58, 3},     {"Milwaukee", 57, 3},    {"Albuquerque", 56, 3},
    {"Tucson", 54, 3},        {"Fresno", 54, 3},        {"Sacramento", 52, 3},   {"Kansas City", 51, 3},
    {"Atlanta", 50, 3},       {"Omaha", 48, 3},         {"Raleigh", 47, 3},      {"Miami", 44, 3},
};
constexpr std::size_t kNumCities = std::size(kCities);
constexpr auto city_weights() {
  struct W {
    std::uint32_t w[kNumCities];
  } r{};
  for (std::size_t i = 0; i < kNumCities; ++i) r.w[i] = kCities[i].weight;
  return r;
}
constexpr auto kCityW = city_weights();
constexpr Weighted<kNumCities> kCityPick(kCityW.w);

constexpr std::string_view kChannels[] = {"web", "app", "store", "marketplace"};
constexpr Weighted kChannelPick({45, 30, 18, 7});
constexpr std::string_view kGenders[] = {"F", "M", "X", ""};
constexpr Weighted kGenderPick({48, 45, 3, 4});
constexpr std::string_view kTags[] = {"newsletter", "vip", "loyalty_member", "b2b", "employee", "complainer"};

constexpr std::string_view kCategories[] = {"books",  "electronics", "fashion", "home",
                                            "beauty", "toys",        "grocery", "sports"};
constexpr Weighted kCategoryPick({12, 12, 20, 14, 12, 8, 14, 8});
constexpr double kMedianPriceCents[] = {1500, 14900, 3900, 4500, 2200, 2500, 900, 4900};

constexpr Weighted kQuantityPick({45, 25, 10, 6, 4, 3, 2, 2, 2, 1});  // 1..10
constexpr std::uint32_t kDiscountPct[] = {10, 15, 20, 25, 30, 40, 50};
constexpr Weighted kDiscountPick({25, 20, 20, 15, 10, 6, 4});
constexpr std::string_view kStatuses[] = {"paid", "cancelled", "returned"};
constexpr Weighted kStatusPick({90, 5, 5});

constexpr Weighted kHourPick({2, 1, 1, 1, 1, 1, 2, 4, 5, 6, 7, 7, 8, 7, 7, 7, 7, 7, 8, 9, 10, 9, 6, 4});

enum Page : unsigned { Home, Product, Cart, Checkout, Search, Account };
constexpr std::string_view kPages[] = {"home", "product", "cart", "checkout", "search", "account"};
constexpr Weighted kPagePick({25, 35, 10, 6, 15, 9});
constexpr Weighted kWindowPagePick({10, 70, 5, 0, 15, 0});

std::int32_t time_of_day(Rng& r) {
  const std::uint64_t x = r.next();
  const auto sec = static_cast<std::uint32_t>(((x & 0xFFFFFFFFu) * 3600) >> 32);
  return static_cast<std::int32_t>(kHourPick.pick32(static_cast<std::uint32_t>(x >> 32)) * 3600 + sec);
}

// A heavy-tailed (log-normal) count with the given mean, rounded stochastically so that the mean holds.
std::uint32_t heavy_count(Rng& r, double mean, double sigma) {
  if (mean <= 0) return 0;
  const double x = mean * std::exp(sigma * r.normal() - 0.5 * sigma * sigma);
  const double cap = 50 * mean + 10;
  return static_cast<std::uint32_t>(std::floor(std::min(x, cap) + r.uni()));
}

}  // namespace

double Rng::normal() {
  const double u1 = 1.0 - uni();  // (0, 1]
  const double u2 = uni();
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
}

std::uint32_t Rng::approx_normal_bucket() {
  // The sum of four 16-bit uniforms (Irwin-Hall), quantized to kNormalBuckets steps.
  const std::uint64_t x = next();
  const std::uint64_t sum = (x & 0xFFFF) + ((x >> 16) & 0xFFFF) + ((x >> 32) & 0xFFFF) + (x >> 48);
  return static_cast<std::uint32_t>(sum >> 6);
}

double Rng::bucket_normal(std::uint32_t bucket) {
  // Bucket midpoint as a standard normal deviate (four uniforms have variance 1/3).
  return ((bucket + 0.5) * 64.0 / 65536.0 - 2.0) * 1.7320508075688772;
}

void DateTable::build(std::int32_t first_day, std::int32_t last_day) {
  using namespace std::chrono;
  delete[] text_;
  first_ = first_day;
  last_ = last_day;
  text_ = new char[10 * static_cast<std::size_t>(last_day - first_day + 1)];
  for (std::int32_t d = first_day; d <= last_day; ++d) {
    const year_month_day ymd{sys_days{days{d}}};
    char* p = text_ + 10 * static_cast<std::size_t>(d - first_day);
    const int y = static_cast<int>(ymd.year());
    p = put2(p, static_cast<unsigned>(y / 100));
    p = put2(p, static_cast<unsigned>(y % 100));
    *p++ = '-';
    p = put2(p, static_cast<unsigned>(ymd.month()));
    *p++ = '-';
    put2(p, static_cast<unsigned>(ymd.day()));
  }
}

Model::Model(const Config& cfg) : cfg_(cfg) {
  for (std::uint64_t n = cfg.customers; n >= 10; n /= 10) ++id_width_;
  dates_.build(cfg.as_of - kTableDays, cfg.as_of);
  price_factor_.resize(Rng::kNormalBuckets);
  for (std::uint32_t b = 0; b < Rng::kNormalBuckets; ++b) price_factor_[b] = std::exp(0.55 * Rng::bucket_normal(b));

  double share[kKinds], total = 0;
  for (int k = 0; k < kKinds; ++k) total += kKindWeight[k];
  for (int k = 0; k < kKinds; ++k) share[k] = kKindWeight[k] / total;

  // One-time buyers contribute exactly one order each; the rest is spread by relative volume.
  const auto one_time = static_cast<int>(Kind::OneTime);
  if (cfg.orders_per_customer > 0) {
    double rel = 0;
    for (int k = 0; k < kKinds; ++k) rel += share[k] * kOrderRel[k];
    order_scale_ = std::max(0.0, (cfg.orders_per_customer - share[one_time]) / rel);
  }
  streaks_ = cfg.visits_per_customer > 0;
  if (streaks_) {
    double rel = 0, streak = 0;
    for (int k = 0; k < kKinds; ++k) {
      rel += share[k] * (1 - kNoVisits[k]) * kVisitRel[k];
      streak += share[k] * kStreakP[k] * kStreakMeanVisits;
    }
    visit_scale_ = std::max(0.0, (cfg.visits_per_customer - streak) / rel);
  }
}

Profile Model::profile(std::uint64_t index) const {
  Rng r(cfg_.seed, index, 0);
  Profile p{};
  p.kind = static_cast<Kind>(kKindPick.pick(r));
  std::int32_t back;
  switch (p.kind) {
    case Kind::New: back = r.range(0, 59); break;
    case Kind::Churned: back = 400 + static_cast<std::int32_t>((kHistoryDays - 400) * std::pow(r.uni(), 1.2)); break;
    default:  // more recent signups are more common (a growing business)
      back = 60 + static_cast<std::int32_t>((kHistoryDays - 60) * std::pow(r.uni(), 1.5));
      break;
  }
  p.signup = cfg_.as_of - back;
  const auto k = static_cast<int>(p.kind);
  if (p.kind == Kind::OneTime) {
    p.orders = cfg_.orders_per_customer > 0 ? 1 : 0;
  } else if (kOrderRel[k] > 0) {
    p.orders = heavy_count(r, order_scale_ * kOrderRel[k], p.kind == Kind::Loyal ? 0.7 : 1.0);
    // Everyone but the newly signed-up has bought at least once (that is what makes them loyal,
    // churned, ...).
    if (p.kind != Kind::New && order_scale_ > 0) p.orders = std::max<std::uint32_t>(p.orders, 1);
  }
  if (!r.chance(kNoVisits[k])) p.visits = heavy_count(r, visit_scale_ * kVisitRel[k], 1.0);
  return p;
}

const char* Model::header_customers(Fmt f) {
  return f == Fmt::Csv ? "id,signup,city,city_tier,channel,age,gender,tags\n" : "";
}
const char* Model::header_orders(Fmt f) {
  return f == Fmt::Csv ? "order_id,customer,ts,amount,quantity,unit_price,category,discounted,status\n" : "";
}
const char* Model::header_visits(Fmt f) { return f == Fmt::Csv ? "customer,ts,page,category\n" : ""; }

Counts Model::generate(std::uint64_t begin, std::uint64_t end, std::uint64_t first_order, Buf& customers, Buf& orders,
                       Buf& visits, Scratch& scratch) const {
  if (cfg_.fmt == Fmt::Csv) return generate_fmt<Fmt::Csv>(begin, end, first_order, customers, orders, visits, scratch);
  return generate_fmt<Fmt::Jsonl>(begin, end, first_order, customers, orders, visits, scratch);
}

template <Fmt F>
Counts Model::generate_fmt(std::uint64_t begin, std::uint64_t end, std::uint64_t first_order, Buf& cbuf, Buf& obuf,
                           Buf& vbuf, Scratch& scratch) const {
  constexpr std::size_t kRowRoom = 512;
  const std::int32_t as_of = cfg_.as_of;
  const std::int64_t base_secs = static_cast<std::int64_t>(dates_.first()) * 86400;
  Counts counts;
  std::uint64_t order_id = first_order;
  char id_text[32];

  for (std::uint64_t index = begin; index < end; ++index) {
    const Profile pr = profile(index);
    const auto kind = static_cast<int>(pr.kind);
    const std::int32_t signup = pr.signup;
    Rng r(cfg_.seed, index, 1);

    // id: "C" and the 1-based number, zero-padded to the width of the customer count.
    id_text[0] = 'C';
    {
      std::uint64_t v = index + 1;
      for (int i = id_width_; i >= 1; --i, v /= 10) id_text[i] = static_cast<char>('0' + v % 10);
    }
    const std::string_view id(id_text, static_cast<std::size_t>(id_width_) + 1);

    // --- customer row
    const City& city = kCities[kCityPick.pick(r)];
    const std::string_view channel = kChannels[kChannelPick.pick(r)];
    const bool has_age = !r.chance(0.03);
    const double a = (r.uni() + r.uni() + r.uni()) / 3.0;
    const auto age = static_cast<std::uint64_t>(18 + static_cast<int>(68 * std::pow(a, 1.35)));
    const std::string_view gender = kGenders[kGenderPick.pick(r)];
    unsigned tags = 0;
    if (r.chance(pr.kind == Kind::Hunter ? 0.7 : 0.35)) tags |= 1u << 0;
    if (r.chance(pr.kind == Kind::Loyal ? 0.25 : 0.02)) tags |= 1u << 1;
    if (r.chance(pr.kind == Kind::Loyal ? 0.6 : pr.kind == Kind::Regular ? 0.25 : 0.08)) tags |= 1u << 2;
    if (r.chance(0.03)) tags |= 1u << 3;
    if (r.chance(0.01)) tags |= 1u << 4;
    if (r.chance(pr.kind == Kind::Churned ? 0.12 : 0.03)) tags |= 1u << 5;
    {
      Row<F> row{cbuf.room(kRowRoom)};
      row.str("id", id);
      row.date("signup", dates_, signup);
      row.str("city", city.name);
      row.u64("city_tier", city.tier);
      row.str("channel", channel);
      row.u64_opt("age", has_age, std::min<std::uint64_t>(age, 85));
      row.str_opt("gender", gender);
      row.labels("tags", kTags, tags);
      cbuf.commit(row.end());
    }
    ++counts.customers;

    const unsigned favourite = kCategoryPick.pick(r);
    auto category = [&](Rng& rr) { return rr.chance(0.5) ? favourite : kCategoryPick.pick(rr); };

    // --- activity windows (days, inclusive)
    std::int32_t o0 = signup, o1 = as_of;
    switch (pr.kind) {
      case Kind::Loyal: o0 = std::max(signup, as_of - r.range(365, 1095)); break;
      case Kind::Hunter: o0 = std::max(signup, as_of - r.range(120, 540)); break;
      case Kind::Churned: {  // last order more than 180 days before as_of
        const std::int32_t back = as_of - signup;
        o1 = as_of - r.range(181, std::max(181, std::min(back, 1000)));
        o1 = std::max(o1, signup);
        break;
      }
      default: break;
    }
    std::int32_t v0 = std::max(signup, as_of - 730), v1 = as_of;
    switch (pr.kind) {
      case Kind::Churned:
        v0 = signup;
        v1 = std::min(as_of, o1 + r.range(0, 30));
        break;
      case Kind::Window: v0 = std::max(signup, as_of - 180); break;
      case Kind::Inactive:
        v0 = signup;
        v1 = std::min(as_of, signup + 30);
        break;
      default: break;
    }

    // --- orders
    if (pr.orders > 0) {
      auto& ts = scratch.ts;
      ts.resize(pr.orders);
      // Half the discount hunters are in the middle of a sale season: 40% of their orders fall in the
      // last 30 days.
      const bool sale = pr.kind == Kind::Hunter && r.chance(0.5);
      const std::int32_t sale0 = std::max(signup, as_of - 29);
      for (auto& t : ts) {
        const std::int32_t day = sale && r.chance(0.4) ? r.range(sale0, as_of) : r.range(o0, o1);
        t = static_cast<std::int64_t>(day) * 86400 + time_of_day(r);
      }
      // Boundary cases for window rules: an order on as_of itself or exactly 30/90/365 days before.
      if ((pr.kind == Kind::Loyal || pr.kind == Kind::Regular || pr.kind == Kind::Hunter) && r.chance(0.05)) {
        constexpr std::int32_t kEdges[] = {0, 30, 90, 365};
        const std::int32_t day = as_of - kEdges[r.below(4)];
        const bool midnight = r.chance(0.5);
        const std::int32_t tod = time_of_day(r);
        if (day >= signup) ts[0] = static_cast<std::int64_t>(day) * 86400 + (midnight ? 0 : tod);
      }
      std::sort(ts.begin(), ts.end());
      // Two orders of one customer at the same second.
      if (ts.size() >= 2 && r.chance(0.03)) {
        const std::uint32_t i = r.below(static_cast<std::uint32_t>(ts.size() - 1));
        ts[i + 1] = ts[i];
      }
      const double discount_p = kDiscountP[kind];
      for (const std::int64_t t : ts) {
        const unsigned cat = category(r);
        const std::int64_t quantity = kQuantityPick.pick(r) + 1;
        const double target = kMedianPriceCents[cat] * price_factor_[r.approx_normal_bucket()];
        const std::uint32_t style = r.below(10);
        const auto dollars = static_cast<std::int64_t>(target / 100);
        std::int64_t unit = style < 7   ? dollars * 100 + 99
                            : style < 8 ? dollars * 100 + 49
                                        : static_cast<std::int64_t>(target);
        unit = std::max<std::int64_t>(unit, 49);
        const std::int64_t gross = unit * quantity;
        const bool discounted = r.chance(discount_p);
        const std::int64_t discount = discounted ? (gross * kDiscountPct[kDiscountPick.pick(r)] + 50) / 100 : 0;
        const std::string_view status = kStatuses[kStatusPick.pick(r)];

        Row<F> row{obuf.room(kRowRoom)};
        row.u64("order_id", order_id++);
        row.str("customer", id);
        row.timestamp("ts", dates_, t);
        row.money("amount", gross - discount);
        row.u64("quantity", static_cast<std::uint64_t>(quantity));
        row.money("unit_price", unit);
        row.str("category", kCategories[cat]);
        row.boolean("discounted", discounted);
        row.str("status", status);
        obuf.commit(row.end());
      }
      counts.orders += ts.size();
    }

    // --- visits: key = seconds since the table's first day << 8 | page << 4 | category + 1
    auto& keys = scratch.keys;
    keys.clear();
    auto add_visit = [&](std::int32_t day, unsigned page, unsigned cat1) {
      const std::int64_t t = static_cast<std::int64_t>(day) * 86400 + time_of_day(r) - base_secs;
      keys.push_back(static_cast<std::uint64_t>(t) << 8 | page << 4 | cat1);
    };
    const auto& pages = pr.kind == Kind::Window ? kWindowPagePick : kPagePick;
    for (std::uint32_t i = 0; i < pr.visits; ++i) {
      const std::int32_t day = r.range(v0, v1);
      const unsigned page = pages.pick(r);
      add_visit(day, page, page == Product ? category(r) + 1 : 0);
    }
    // Runs of consecutive days with product-page visits (window shoppers, and a few others).
    if (streaks_ && r.chance(kStreakP[kind])) {
      const std::int32_t len = r.chance(0.2) ? r.range(5, 6) : r.range(7, 21);
      const std::int32_t last = r.chance(0.6) ? as_of : as_of - r.range(1, 60);
      for (std::int32_t day = std::max(signup, last - len + 1); day <= last; ++day) {
        const std::uint32_t per_day = 1 + r.below(2);
        for (std::uint32_t j = 0; j < per_day; ++j) add_visit(day, Product, category(r) + 1);
      }
    }
    std::sort(keys.begin(), keys.end());
    for (const std::uint64_t key : keys) {
      const unsigned cat1 = key & 15;
      Row<F> row{vbuf.room(kRowRoom)};
      row.str("customer", id);
      row.timestamp("ts", dates_, static_cast<std::int64_t>(key >> 8) + base_secs);
      row.str("page", kPages[(key >> 4) & 15]);
      row.str_opt("category", cat1 ? kCategories[cat1 - 1] : std::string_view());
      vbuf.commit(row.end());
    }
    counts.visits += keys.size();
  }
  return counts;
}

}  // namespace seggen
