// The tagged program's yardsticks (bench/hand_tagged.h). Like bench/hand_classify.cc, this file
// is compiled alone at -O3 for the build machine's CPU (bench/CMakeLists.txt).
#include "bench/hand_tagged.h"

#include <string_view>

namespace {

bool StartsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }
bool EndsWith(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}

template <typename F> std::vector<int32_t> Table(const HandText& t, F&& test) {
  std::vector<int32_t> out(t.dictionary.size() + 1, 0);  // slot 0: missing
  for (size_t k = 0; k < t.dictionary.size(); ++k) out[k + 1] = test(t.dictionary[k]);
  return out;
}

}  // namespace

HandTextFacts HandTextTables(const HandTaggedColumns& x) {
  HandTextFacts t;
  t.corporate_domain = Table(*x.domain, [](std::string_view s) { return StartsWith(s, "corp."); });
  t.gmail = Table(*x.domain, [](std::string_view s) { return StartsWith(s, "gmail."); });
  t.app_channel = Table(*x.channel, [](std::string_view s) { return StartsWith(s, "app"); });
  t.web_channel = Table(*x.channel, [](std::string_view s) { return s == "web"; });
  t.san_city = Table(*x.city, [](std::string_view s) { return StartsWith(s, "San "); });
  t.west_city = Table(*x.city, [](std::string_view s) { return StartsWith(s, "Los ") || EndsWith(s, "Francisco"); });
  return t;
}

void HandTaggedBranchFree(const HandTaggedColumns& x, const HandTextFacts& t, size_t begin, size_t end,
                          int32_t* __restrict bucket, uint8_t* const* tags) {
  const int64_t* __restrict r = x.numbers.r;
  const int64_t* __restrict f = x.numbers.f;
  const int64_t* __restrict m = x.numbers.m;
  const int64_t* __restrict rec = x.numbers.recency_days;
  const int64_t* __restrict freq = x.numbers.frequency;
  const int64_t* __restrict mon = x.numbers.monetary;
  const uint8_t* __restrict news = x.numbers.newsletter;
  const uint8_t* __restrict disc = x.numbers.discount_lover;
  const uint8_t* __restrict b2b = x.numbers.b2b;
  const int32_t* __restrict city = x.city->codes;
  const int32_t* __restrict domain = x.domain->codes;
  const int32_t* __restrict channel = x.channel->codes;
  const int32_t* __restrict corp_t = t.corporate_domain.data() + 1;
  const int32_t* __restrict gmail_t = t.gmail.data() + 1;
  const int32_t* __restrict app_t = t.app_channel.data() + 1;
  const int32_t* __restrict web_t = t.web_channel.data() + 1;
  const int32_t* __restrict san_t = t.san_city.data() + 1;
  const int32_t* __restrict west_t = t.west_city.data() + 1;
  uint8_t* __restrict t0 = tags[0];
  uint8_t* __restrict t1 = tags[1];
  uint8_t* __restrict t2 = tags[2];
  uint8_t* __restrict t3 = tags[3];
  uint8_t* __restrict t4 = tags[4];
  uint8_t* __restrict t5 = tags[5];
  uint8_t* __restrict t6 = tags[6];
  uint8_t* __restrict t7 = tags[7];
  uint8_t* __restrict t8 = tags[8];
  uint8_t* __restrict t9 = tags[9];
  constexpr int64_t k = 10000;  // one currency unit
  for (size_t i = begin; i < end; ++i) {
    bool corp = corp_t[domain[i]], san = san_t[city[i]];
    int64_t b = kHandTaggedElse;
    b = HandPick(rec[i] > 365, 19, b);
    b = HandPick((m[i] == 3) | (f[i] == 3), 18, b);
    b = HandPick((news[i] != 0) & (rec[i] > 365), 17, b);
    b = HandPick((rec[i] > 180) & san, 16, b);
    b = HandPick((rec[i] > 180) & (mon[i] >= 1000 * k), 15, b);
    b = HandPick((b2b[i] != 0) & (mon[i] >= 500 * k), 14, b);
    b = HandPick((r[i] <= 2) & (f[i] >= 3), 13, b);
    b = HandPick((r[i] <= 2) & (f[i] >= 4) & (m[i] >= 4), 12, b);
    b = HandPick((r[i] == 3) & (f[i] <= 2), 11, b);
    b = HandPick((r[i] == 3) & (f[i] == 3) & (m[i] == 3), 10, b);
    b = HandPick(app_t[channel[i]] & (freq[i] >= 4), 9, b);
    b = HandPick((news[i] != 0) & (rec[i] <= 30), 8, b);
    b = HandPick((disc[i] != 0) & (freq[i] >= 3), 7, b);
    b = HandPick((r[i] == 4) & (f[i] == 1), 6, b);
    b = HandPick((r[i] == 5) & (freq[i] == 1), 5, b);
    b = HandPick((r[i] >= 4) & (f[i] >= 2) & (f[i] <= 3), 4, b);
    b = HandPick(corp & (mon[i] >= 500 * k), 3, b);
    b = HandPick((m[i] == 5) & (mon[i] >= 2000 * k), 2, b);
    b = HandPick((f[i] >= 4) & (r[i] >= 3), 1, b);
    b = HandPick((r[i] >= 4) & (f[i] >= 4) & (m[i] >= 4), 0, b);
    bucket[i] = static_cast<int32_t>(b);
    t0[i] = (m[i] == 5) & (f[i] >= 4);
    t1[i] = gmail_t[domain[i]];
    t2[i] = san;
    t3[i] = web_t[channel[i]];
    t4[i] = (news[i] != 0) & !corp;
    t5[i] = (disc[i] != 0) & (freq[i] >= 2);
    t6[i] = rec[i] <= 30;
    t7[i] = mon[i] >= 3000 * k;
    t8[i] = west_t[city[i]];
    t9[i] = domain[i] < 0;
  }
}

void HandTaggedBranchy(const HandTaggedColumns& x, const HandTextFacts& t, size_t begin, size_t end, int32_t* bucket,
                       uint8_t* const* tags) {
  constexpr int64_t k = 10000;
  const int32_t* corp_t = t.corporate_domain.data() + 1;
  const int32_t* san_t = t.san_city.data() + 1;
  for (size_t i = begin; i < end; ++i) {
    int64_t r = x.numbers.r[i], f = x.numbers.f[i], m = x.numbers.m[i], rec = x.numbers.recency_days[i],
            freq = x.numbers.frequency[i], mon = x.numbers.monetary[i];
    bool news = x.numbers.newsletter[i], corp = corp_t[x.domain->codes[i]];
    int32_t b;
    if (r >= 4 && f >= 4 && m >= 4) b = 0;
    else if (f >= 4 && r >= 3) b = 1;
    else if (m == 5 && mon >= 2000 * k) b = 2;
    else if (corp && mon >= 500 * k) b = 3;
    else if (r >= 4 && f >= 2 && f <= 3) b = 4;
    else if (r == 5 && freq == 1) b = 5;
    else if (r == 4 && f == 1) b = 6;
    else if (x.numbers.discount_lover[i] && freq >= 3) b = 7;
    else if (news && rec <= 30) b = 8;
    else if (t.app_channel[x.channel->codes[i] + 1] && freq >= 4) b = 9;
    else if (r == 3 && f == 3 && m == 3) b = 10;
    else if (r == 3 && f <= 2) b = 11;
    else if (r <= 2 && f >= 4 && m >= 4) b = 12;
    else if (r <= 2 && f >= 3) b = 13;
    else if (x.numbers.b2b[i] && mon >= 500 * k) b = 14;
    else if (rec > 180 && mon >= 1000 * k) b = 15;
    else if (rec > 180 && san_t[x.city->codes[i]]) b = 16;
    else if (news && rec > 365) b = 17;
    else if (m == 3 || f == 3) b = 18;
    else if (rec > 365) b = 19;
    else b = kHandTaggedElse;
    bucket[i] = b;
    tags[0][i] = m == 5 && f >= 4;
    tags[1][i] = t.gmail[x.domain->codes[i] + 1];
    tags[2][i] = san_t[x.city->codes[i]];
    tags[3][i] = t.web_channel[x.channel->codes[i] + 1];
    tags[4][i] = news && !corp;
    tags[5][i] = x.numbers.discount_lover[i] && freq >= 2;
    tags[6][i] = rec <= 30;
    tags[7][i] = mon >= 3000 * k;
    tags[8][i] = t.west_city[x.city->codes[i] + 1];
    tags[9][i] = x.domain->codes[i] < 0;
  }
}
