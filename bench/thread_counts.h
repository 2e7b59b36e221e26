// The benchmarks' list of thread counts, as given on their command line: "1,2,4".
#pragma once

#include <string>
#include <vector>

namespace seg::bench {

inline std::vector<size_t> ThreadCounts(std::string list) {
  std::vector<size_t> counts;
  while (!list.empty()) {
    size_t comma = list.find(',');
    counts.push_back(std::stoul(list.substr(0, comma)));
    list = comma == std::string::npos ? "" : list.substr(comma + 1);
  }
  return counts;
}

}  // namespace seg::bench
