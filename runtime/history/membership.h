// One run's membership: for every customer, the bucket of each classification and each tag,
// with what identifies the run (as_of, the program's hash). What `seg run --history DIR` records
// (membership_file.h is its bytes), what `seg changes` compares and what `seg run --audiences`
// writes out. Independent of the compiler: built from a run by compiler/driver/history.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace seg::rt {

// How the customer key was typed in the data: an int key is written back as a number in JSON.
enum class KeyKind : uint8_t { kText = 0, kInt = 1 };

struct MembershipClassification {
  std::string name;
  std::vector<std::string> buckets;  // labels in declaration order
};

struct Membership {
  uint64_t run_id = 0;       // 1, 2, 3, ... in the order the runs were recorded; 0 until recorded
  std::string as_of;         // YYYY-MM-DD
  std::string program_hash;  // SHA-256 hex of the compiled program (as the PostgreSQL history table)
  std::string program;       // the rule file's path as given
  int64_t recorded_at = 0;   // seconds since 1970 UTC
  std::string key_name;      // the customer key's column name
  KeyKind key_kind = KeyKind::kText;
  std::vector<MembershipClassification> classifications;
  std::vector<std::string> tags;
  // The customers' keys as text, ascending in byte order, each once; the columns below follow it.
  std::vector<std::string> keys;
  // [classification][customer]: 0 for no bucket, b + 1 for bucket b.
  std::vector<std::vector<uint32_t>> buckets;
  // [tag][customer]: 1 when tagged.
  std::vector<std::vector<uint8_t>> tagged;
  // Customers per bucket ([classification][bucket]) and per tag. Filled from the columns by
  // CountMembers, or read alone from a file's header (ReadMembershipSummary) when only the sizes
  // are wanted.
  std::vector<std::vector<uint64_t>> bucket_sizes;
  std::vector<uint64_t> tag_sizes;
  uint64_t customers = 0;
};

// Fills bucket_sizes, tag_sizes and customers from the columns.
void CountMembers(Membership* m);

// Sorts the customers by key (the columns follow); the keys must be distinct.
void SortByKey(Membership* m);

}  // namespace seg::rt
