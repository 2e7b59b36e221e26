#include "runtime/io/fast_cell_parsers.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "runtime/io/cell_parser.h"

namespace seg::rt {
namespace {

// Texts near every edge of the fast paths' forms, and random mutations of them.
std::vector<std::string> Samples() {
  std::vector<std::string> samples = {"",
                                      "0",
                                      "-0",
                                      "7",
                                      "-7",
                                      "+7",
                                      "007",
                                      "999999999999999999",
                                      "-999999999999999999",
                                      "1000000000000000000",
                                      "9223372036854775807",
                                      "-9223372036854775808",
                                      "1.5",
                                      "12.",
                                      ".5",
                                      "-.5",
                                      "1.2345",
                                      "1.23456",
                                      "-0.0001",
                                      "99999999999999.9999",
                                      "100000000000000",
                                      "922337203685477.5807",
                                      "-922337203685477.5808",
                                      "1e3",
                                      " 1",
                                      "1 ",
                                      "--1",
                                      "+-1",
                                      "-",
                                      "true",
                                      "false",
                                      "TRUE",
                                      "yes",
                                      "no",
                                      "0x1",
                                      "2024-01-02",
                                      "2024-02-29",
                                      "2023-02-29",
                                      "2024-13-01",
                                      "2024-00-10",
                                      "2024-01-32",
                                      "0000-01-01",
                                      "9999-12-31",
                                      "2024-1-02",
                                      "2024/01/02",
                                      "2024-01-02T03:04:05Z",
                                      "2024-01-02 03:04:05",
                                      "2024-01-02T03:04:05",
                                      "2024-01-02t03:04:05Z",
                                      "2024-01-02T23:59:59.999999Z",
                                      "2024-01-02T23:59:59.9999999Z",
                                      "2024-01-02T23:59:59.123456789+01:00",
                                      "2024-01-02T23:59:59.1234567891Z",
                                      "2024-01-02T00:00:00.Z",
                                      "2024-01-02T24:00:00Z",
                                      "2024-01-02T23:60:00Z",
                                      "2024-01-02T23:59:60Z",
                                      "2024-01-02T03:04:05+05:30",
                                      "2024-01-02T03:04:05-08:00",
                                      "2024-01-02T03:04:05+0530",
                                      "2024-01-02T03:04:05+05",
                                      "2024-01-02T03:04:05+24:00",
                                      "2024-01-02T03:04:05+05:60",
                                      "2024-01-02T03:04:05z",
                                      "2024-01-02T03:04",
                                      "2024-01-02T03:04:05ZZ",
                                      "2024-01-02T03:04:05,5Z",
                                      "2024-01-02T3:04:05Z"};
  std::mt19937 rng(7);
  const std::string alphabet = "0123456789-+.:TZ ez";
  size_t base = samples.size();
  for (size_t i = 0; i < 20000; ++i) {
    std::string text = samples[rng() % base];
    if (text.empty()) continue;
    for (int edits = 1 + static_cast<int>(rng() % 2); edits > 0; --edits) {
      size_t at = rng() % text.size();
      switch (rng() % 3) {
        case 0: text[at] = alphabet[rng() % alphabet.size()]; break;
        case 1: text.erase(at, 1); break;
        default: text.insert(at, 1, alphabet[rng() % alphabet.size()]); break;
      }
      if (text.empty()) break;
    }
    samples.push_back(text);
  }
  return samples;
}

// Where a fast path takes a text, ParseCell must take it too and give the same value.
TEST(FastCellParsersTest, AgreeWithTheExactParsersWhereverTheyAnswer) {
  TimeZone utc;
  size_t taken[5] = {};
  DayCache date_days, stamp_days;
  for (const std::string& text : Samples()) {
    CellValue exact;
    int64_t i64 = 0;
    if (FastInt64(text, &i64)) {
      ++taken[0];
      ASSERT_TRUE(ParseCell(ValueType::kInt, text, utc, &exact)) << text;
      EXPECT_EQ(i64, exact.i64) << text;
    }
    if (FastMoney(text, &i64)) {
      ++taken[1];
      ASSERT_TRUE(ParseCell(ValueType::kMoney, text, utc, &exact)) << text;
      EXPECT_EQ(i64, exact.i64) << text;
    }
    int32_t days = 0;
    if (FastDate(text, &date_days, &days)) {
      ++taken[2];
      ASSERT_TRUE(ParseCell(ValueType::kDate, text, utc, &exact)) << text;
      EXPECT_EQ(days, exact.i64) << text;
    }
    ParsedTimestamp stamp;
    if (FastTimestamp(text, &stamp_days, &stamp)) {
      ++taken[3];
      ParsedTimestamp reference;
      ASSERT_TRUE(ParseTimestamp(text, &reference)) << text;
      EXPECT_EQ(stamp.local.day, reference.local.day) << text;
      EXPECT_EQ(stamp.local.micros_of_day, reference.local.micros_of_day) << text;
      EXPECT_EQ(stamp.has_offset, reference.has_offset) << text;
      EXPECT_EQ(stamp.offset_seconds, reference.offset_seconds) << text;
    }
    uint8_t flag = 0;
    if (FastBool(text, &flag)) {
      ++taken[4];
      ASSERT_TRUE(ParseCell(ValueType::kBool, text, utc, &exact)) << text;
      EXPECT_EQ(flag, exact.i64) << text;
    }
  }
  // Each fast path took a good share of the samples: the test checks something.
  for (size_t count : taken) EXPECT_GT(count, 20u);
}

// The common forms are the fast paths' to take (else the loader falls back on every row).
TEST(FastCellParsersTest, TakeTheCommonForms) {
  int64_t value = 0;
  EXPECT_TRUE(FastInt64("-42", &value));
  EXPECT_EQ(value, -42);
  EXPECT_TRUE(FastMoney("509.95", &value));
  EXPECT_EQ(value, 5099500);
  EXPECT_TRUE(FastMoney("-0.0001", &value));
  EXPECT_EQ(value, -1);
  DayCache cache;
  int32_t days = 0;
  EXPECT_TRUE(FastDate("1970-01-02", &cache, &days));
  EXPECT_EQ(days, 1);
  ParsedTimestamp stamp;
  for (const char* text : {"2020-06-24T15:18:37Z", "2020-06-24 15:18:37", "2020-06-24T15:18:37.5+02:00"}) {
    EXPECT_TRUE(FastTimestamp(text, &cache, &stamp)) << text;
  }
  // Declined, for the exact parsers: a fifth decimal (rounded), an offset without colon, a plus.
  EXPECT_FALSE(FastMoney("1.00005", &value));
  EXPECT_FALSE(FastTimestamp("2020-06-24T15:18:37+0200", &cache, &stamp));
  EXPECT_FALSE(FastInt64("+1", &value));
  // More whole digits than 14 decline before they could overflow (the CSV fuzzer found 19 digits
  // overflowing int64 under UBSan); the exact parser then says "out of range".
  EXPECT_TRUE(FastMoney("99999999999999.9999", &value));
  EXPECT_EQ(value, 999999999999999999);
  EXPECT_FALSE(FastMoney("592233720368547758071", &value));
  EXPECT_FALSE(FastMoney("-9223372036854775807", &value));
  EXPECT_FALSE(FastMoney("123456789012345", &value));
}

// Both number forms read their sign and whole digits alike (ReadSignedDigits): up to 18 digits
// for an int, 14 for money, a run longer than that declined whatever follows it, and no digit at
// all declined.
TEST(FastCellParsersTest, NumbersShareTheSignAndDigitLimits) {
  int64_t value = 0;
  EXPECT_TRUE(FastInt64("999999999999999999", &value));
  EXPECT_EQ(value, 999999999999999999);
  EXPECT_TRUE(FastInt64("-999999999999999999", &value));
  EXPECT_EQ(value, -999999999999999999);
  EXPECT_TRUE(FastInt64("-0", &value));
  EXPECT_EQ(value, 0);
  for (const char* text :
       {"0000000000000000001", "1000000000000000000", "-1000000000000000000", "", "-", "12a", "1.0"}) {
    EXPECT_FALSE(FastInt64(text, &value)) << text;
  }
  EXPECT_TRUE(FastMoney("-12345678901234", &value));
  EXPECT_EQ(value, -123456789012340000);
  for (const char* text : {"000000000000001", "000000000000001.5", "", "-", "-.5", "1a", "1.", "1..5", "1.5a"}) {
    EXPECT_FALSE(FastMoney(text, &value)) << text;
  }
}

// Every year a date can be written with, at the days where months end: the day count by the
// leap-year rule must be ParseDate's.
TEST(FastCellParsersTest, DatesOfEveryYearAgreeWithParseDate) {
  DayCache cache;
  for (int year = 0; year <= 9999; ++year) {
    for (int month = 1; month <= 12; ++month) {
      for (int day : {1, 28, 29, 30, 31}) {
        char text[16];
        std::snprintf(text, sizeof(text), "%04d-%02d-%02d", year, month, day);
        int32_t fast = 0, exact = 0;
        bool fast_ok = FastDate(text, &cache, &fast);
        bool exact_ok = ParseDate(text, &exact);
        if (fast_ok) {
          ASSERT_TRUE(exact_ok) << text;
          ASSERT_EQ(fast, exact) << text;
        } else {
          ASSERT_TRUE(!exact_ok || year == 0) << text;  // year 0 is left to ParseDate
        }
      }
    }
  }
}

// The day cache answers a repeated date from memory, and never for text that is no date.
TEST(FastCellParsersTest, DayCacheRemembersOnlyRealDates) {
  DayCache cache;
  int32_t days = 0;
  EXPECT_FALSE(cache.Days(std::string(10, '\0').data(), &days));
  EXPECT_TRUE(cache.Days("2024-03-01", &days));
  EXPECT_EQ(days, 19783);
  EXPECT_TRUE(cache.Days("2024-03-01", &days));
  EXPECT_EQ(days, 19783);
  EXPECT_FALSE(cache.Days("2024-02-30", &days));
  EXPECT_TRUE(cache.Days("2024-02-29", &days));
  EXPECT_EQ(days, 19782);
}

}  // namespace
}  // namespace seg::rt
