#include "compiler/driver/history/size_history.h"

#include <algorithm>

#include "runtime/history/history_dir.h"
#include "runtime/history/membership_file.h"

namespace seg::driver {

SizeHistory BuildSizeHistory(std::vector<rt::Membership> summaries) {
  // A chart over time: by as_of (runs recorded for past dates later fall into place), then by run.
  std::stable_sort(summaries.begin(), summaries.end(), [](const rt::Membership& a, const rt::Membership& b) {
    return a.as_of != b.as_of ? a.as_of < b.as_of : a.run_id < b.run_id;
  });
  SizeHistory history;
  auto series_of = [&](const std::string& classification, const std::string& label) -> SizeSeries& {
    for (SizeSeries& s : history.series)
      if (s.classification == classification && s.label == label) return s;
    history.series.push_back({classification, label, std::vector<std::optional<uint64_t>>(summaries.size())});
    return history.series.back();
  };
  // Newest first, so the series are in the last run's order.
  for (size_t i = summaries.size(); i-- > 0;) {
    const rt::Membership& m = summaries[i];
    for (size_t c = 0; c < m.classifications.size(); ++c) {
      for (size_t b = 0; b < m.classifications[c].buckets.size(); ++b)
        series_of(m.classifications[c].name, m.classifications[c].buckets[b]).sizes[i] = m.bucket_sizes[c][b];
    }
  }
  for (size_t i = summaries.size(); i-- > 0;) {
    const rt::Membership& m = summaries[i];
    for (size_t t = 0; t < m.tags.size(); ++t) series_of("", m.tags[t]).sizes[i] = m.tag_sizes[t];
  }
  for (const rt::Membership& m : summaries) history.runs.push_back({m.run_id, m.as_of, m.program_hash, m.customers});
  return history;
}

rt::Result<SizeHistory> ReadSizeHistory(const std::string& dir) {
  rt::Result<std::vector<uint64_t>> runs = rt::ListRecordedRuns(dir);
  if (!runs.ok()) return runs.status();
  std::vector<rt::Membership> summaries;
  for (uint64_t id : *runs) {
    rt::Result<rt::Membership> summary = rt::ReadMembershipSummary(rt::RunFilePath(dir, id));
    if (!summary.ok()) return summary.status();
    summaries.push_back(std::move(*summary));
  }
  SizeHistory history = BuildSizeHistory(std::move(summaries));
  history.directory = dir;
  return history;
}

}  // namespace seg::driver
