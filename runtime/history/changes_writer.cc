#include "runtime/history/changes_writer.h"

#include <charconv>

namespace seg::rt {

void AddKey(ResultWriter& writer, KeyKind kind, const std::string& key) {
  int64_t number = 0;
  if (kind == KeyKind::kInt) {
    auto [end, error] = std::from_chars(key.data(), key.data() + key.size(), number);
    if (error == std::errc() && end == key.data() + key.size()) {
      writer.AddInt(number);
      return;
    }
  }
  writer.AddText(key);
}

bool WriteChanges(const std::vector<AudienceChanges>& changes, const std::string& key_name, KeyKind key_kind,
                  ResultFormat format, const ResultWriter::Sink& sink) {
  ResultWriter writer(format, {key_name, "classification", "bucket", "tag", "change"}, sink);
  for (const AudienceChanges& c : changes) {
    for (const auto& [keys, change] : {std::pair{&c.entered, "enter"}, std::pair{&c.exited, "exit"}}) {
      for (const std::string& key : *keys) {
        AddKey(writer, key_kind, key);
        if (c.audience.is_tag()) {
          writer.AddNull();
          writer.AddNull();
          writer.AddText(c.audience.tag);
        } else {
          writer.AddText(c.audience.classification);
          writer.AddText(c.audience.bucket);
          writer.AddNull();
        }
        writer.AddText(change);
        if (!writer.EndRow()) return false;
      }
    }
  }
  return writer.Finish();
}

}  // namespace seg::rt
