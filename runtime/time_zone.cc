#include "runtime/time_zone.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <sstream>
#include <vector>

#include "runtime/posix_tz.h"
#include "runtime/tzif_reader.h"

namespace seg::rt {

struct ZoneRules {
  TzifData tzif;
  bool has_footer = false;
  PosixTzRule footer;

  int32_t OffsetAt(int64_t utc_seconds) const {
    const auto& times = tzif.transition_times;
    auto it = std::upper_bound(times.begin(), times.end(), utc_seconds);
    if (it == times.end() && has_footer) return footer.OffsetAt(utc_seconds);
    // Before the first transition RFC 8536 uses local time type 0.
    if (it == times.begin()) return tzif.type_offsets[0];
    return tzif.type_offsets[tzif.transition_types[static_cast<size_t>(it - times.begin()) - 1]];
  }
};

namespace {

std::string OffsetName(int32_t offset_seconds) {
  std::string name(1, offset_seconds < 0 ? '-' : '+');
  int32_t magnitude = offset_seconds < 0 ? -offset_seconds : offset_seconds;
  int32_t hours = magnitude / 3600;
  int32_t minutes = magnitude / 60 % 60;
  name += static_cast<char>('0' + hours / 10);
  name += static_cast<char>('0' + hours % 10);
  name += ':';
  name += static_cast<char>('0' + minutes / 10);
  name += static_cast<char>('0' + minutes % 10);
  return name;
}

bool IsSafeZoneName(std::string_view name) {
  if (name.empty() || name.size() > 255 || name.front() == '/' || name.find("..") != std::string_view::npos) {
    return false;
  }
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '+' ||
           c == '-' || c == '/';
  });
}

}  // namespace

bool ParseFixedOffset(std::string_view name, int32_t* offset_seconds) {
  if (name.size() != 6 || (name[0] != '+' && name[0] != '-') || name[3] != ':') return false;
  for (size_t i : {1, 2, 4, 5}) {
    if (name[i] < '0' || name[i] > '9') return false;
  }
  int hours = (name[1] - '0') * 10 + (name[2] - '0');
  int minutes = (name[4] - '0') * 10 + (name[5] - '0');
  if (hours > 23 || minutes > 59) return false;
  *offset_seconds = (name[0] == '-' ? -1 : 1) * (hours * 3600 + minutes * 60);
  return true;
}

TimeZone::TimeZone() = default;

TimeZone TimeZone::Fixed(int32_t offset_seconds) {
  TimeZone zone;
  zone.name_ = OffsetName(offset_seconds);
  zone.fixed_offset_seconds_ = offset_seconds;
  return zone;
}

Result<TimeZone> TimeZone::Load(std::string_view name) {
  const char* dir = std::getenv("TZDIR");
  return LoadFrom(name, dir != nullptr && *dir != '\0' ? dir : "/usr/share/zoneinfo");
}

Result<TimeZone> TimeZone::LoadFrom(std::string_view name, const std::string& zoneinfo_dir) {
  if (name == "UTC" || name == "Z") return TimeZone::Utc();
  int32_t offset = 0;
  if (ParseFixedOffset(name, &offset)) return TimeZone::Fixed(offset);
  if (!IsSafeZoneName(name)) {
    return Status::Error("invalid time zone name '" + std::string(name) +
                         "' (expected UTC, +HH:MM, -HH:MM or an IANA name such as Europe/Berlin)");
  }
  std::string path = zoneinfo_dir + "/" + std::string(name);
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    std::ifstream probe(zoneinfo_dir + "/UTC", std::ios::binary);
    return Status::Error(probe ? "unknown time zone '" + std::string(name) + "' (no file " + path + ")"
                               : "unknown time zone '" + std::string(name) + "': time zone data is not installed (" +
                                     zoneinfo_dir + " is missing; install the tzdata package)");
  }
  std::string bytes((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  auto rules = std::make_shared<ZoneRules>();
  Result<TzifData> tzif = ParseTzif(bytes);
  if (!tzif.ok()) return tzif.status().Prefixed("time zone '" + std::string(name) + "': " + path + ": ");
  rules->tzif = std::move(*tzif);
  if (!rules->tzif.footer.empty()) {
    if (!ParsePosixTz(rules->tzif.footer, &rules->footer)) {
      return Status::Error("time zone '" + std::string(name) + "': unsupported rule '" + rules->tzif.footer + "'");
    }
    rules->has_footer = true;
  }
  TimeZone zone;
  zone.name_ = std::string(name);
  zone.rules_ = std::move(rules);
  return zone;
}

int32_t TimeZone::OffsetSecondsAt(int64_t utc_us) const {
  if (!rules_) return fixed_offset_seconds_;
  return rules_->OffsetAt(FloorDiv(utc_us, kMicrosPerSecond));
}

int32_t TimeZone::LocalDay(int64_t utc_us) const {
  return UtcDay(utc_us + int64_t{OffsetSecondsAt(utc_us)} * kMicrosPerSecond);
}

void TimeZone::LocalDays(const int64_t* utc_us, size_t n, int32_t* days) const {
  if (rules_) {
    for (size_t i = 0; i < n; ++i) days[i] = LocalDay(utc_us[i]);
    return;
  }
  int64_t offset = int64_t{fixed_offset_seconds_} * kMicrosPerSecond;
  for (size_t i = 0; i < n; ++i) days[i] = UtcDay(utc_us[i] + offset);
}

LocalDateTime TimeZone::ToLocal(int64_t utc_us) const {
  int64_t local = utc_us + int64_t{OffsetSecondsAt(utc_us)} * kMicrosPerSecond;
  int32_t day = UtcDay(local);
  return LocalDateTime{day, local - day * kMicrosPerDay};
}

int64_t TimeZone::LocalToUtc(const LocalDateTime& local) const {
  int64_t wall = local.AsMicros();
  if (!rules_) return wall - int64_t{fixed_offset_seconds_} * kMicrosPerSecond;
  // Real zones never change offset twice within two days, so the offsets a day either side of
  // the reading are the only candidates.
  int32_t before = OffsetSecondsAt(wall - kMicrosPerDay);
  int32_t after = OffsetSecondsAt(wall + kMicrosPerDay);
  int64_t with_before = wall - int64_t{before} * kMicrosPerSecond;
  int64_t with_after = wall - int64_t{after} * kMicrosPerSecond;
  bool before_valid = OffsetSecondsAt(with_before) == before;
  bool after_valid = OffsetSecondsAt(with_after) == after;
  if (before_valid && after_valid) return std::min(with_before, with_after);
  if (after_valid) return with_after;
  // Valid with `before`, or in a gap: both read the wall time with the earlier offset.
  return with_before;
}

}  // namespace seg::rt
