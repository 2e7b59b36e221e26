// Each segment's size over the recorded runs (`seg report --history DIR`): per run its number,
// as_of and program, and per bucket and tag one series of sizes, read from the run files' headers
// alone (rt::ReadMembershipSummary), so a year of daily runs is cheap to chart.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "runtime/history/membership.h"
#include "runtime/status.h"

namespace seg::driver {

struct SizeHistoryRun {
  uint64_t run = 0;
  std::string as_of;
  std::string program_hash;
  uint64_t customers = 0;
};

struct SizeSeries {
  std::string classification;                  // empty for a tag
  std::string label;                           // the bucket, or the tag's name
  std::vector<std::optional<uint64_t>> sizes;  // per run; none where that run's program lacks it
};

struct SizeHistory {
  std::string directory;
  std::vector<SizeHistoryRun> runs;  // by as_of, then by run number
  // The last run's buckets (in declaration order) and tags first, then those only older runs had.
  std::vector<SizeSeries> series;
};

SizeHistory BuildSizeHistory(std::vector<rt::Membership> summaries);

// Reads the summaries of every run in `dir`; the message of a failure names the file.
rt::Result<SizeHistory> ReadSizeHistory(const std::string& dir);

}  // namespace seg::driver
