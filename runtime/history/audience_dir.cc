#include "runtime/history/audience_dir.h"

#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>

#include "runtime/atomic_file.h"
#include "runtime/history/changes_writer.h"
#include "runtime/history/directory_replacement.h"
#include "runtime/history/membership_changes.h"

namespace seg::rt {

namespace {

using Json = nlohmann::ordered_json;

constexpr const char* kManifest = "manifest.json";
constexpr const char* kManifestFormat = "seg audiences";
constexpr int kManifestVersion = 1;

std::string Encoded(const std::string& name) {
  static const char* digits = "0123456789ABCDEF";
  std::string out;
  for (char ch : name) {
    auto b = static_cast<unsigned char>(ch);
    if ((b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || b == '_' || b == '-') {
      out += ch;
    } else {
      out += '%';
      out += digits[b >> 4];
      out += digits[b & 15];
    }
  }
  return out;
}

Status WriteFile(const std::string& path, const std::function<bool(const ResultWriter::Sink&)>& fill) {
  Result<OutputFile> out = OutputFile::Open(path, {});
  if (!out.ok()) return Status::Error("cannot write " + path + ": " + out.message());
  bool written = fill([&](std::string_view bytes) { return out->Write(bytes); });
  if (!written || !out->Commit()) return Status::Error("cannot write " + path + ": " + out->error());
  return Status::Ok();
}

Json AudienceJson(const Audience& a) {
  if (a.is_tag()) return Json{{"tag", a.tag}};
  return Json{{"classification", a.classification}, {"bucket", a.bucket}};
}

}  // namespace

std::string AudienceFileName(const Audience& audience, ResultFormat format) {
  std::string name = audience.is_tag() ? "tag." + Encoded(audience.tag)
                                       : "bucket." + Encoded(audience.classification) + "." + Encoded(audience.bucket);
  return name + (format == ResultFormat::kJsonLines ? ".jsonl" : ".csv");
}

bool IsAudienceDirectory(const std::string& dir) {
  std::ifstream in(dir + "/" + kManifest);
  if (!in) return false;
  Json manifest = Json::parse(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>(), nullptr, false);
  return manifest.is_object() && manifest.value("format", "") == kManifestFormat;
}

Status CheckAudienceDirectory(const std::string& dir) { return DirectoryReplacement::Check(dir, IsAudienceDirectory); }

Status WriteAudienceDirectory(const std::string& dir, const Membership& run, const AudienceDirOptions& options) {
  Result<DirectoryReplacement> replacement = DirectoryReplacement::Begin(dir, IsAudienceDirectory);
  if (!replacement.ok()) return replacement.status();
  const std::string& temp = replacement->temp_path();
  const bool changes = options.content == AudienceContent::kChanges;
  Json manifest;
  manifest["format"] = kManifestFormat;
  manifest["version"] = kManifestVersion;
  manifest["program"] = run.program;
  manifest["program_hash"] = run.program_hash;
  manifest["as_of"] = run.as_of;
  if (options.run_id > 0) manifest["run"] = options.run_id;
  manifest["content"] = changes ? "changes" : "members";
  manifest["file_format"] = options.format == ResultFormat::kJsonLines ? "jsonl" : "csv";
  manifest["key"] = run.key_name;
  manifest["customers"] = run.keys.size();
  if (changes) {
    manifest["since"] = options.previous == nullptr ? Json(nullptr)
                                                    : Json{{"run", options.previous->run_id},
                                                           {"as_of", options.previous->as_of},
                                                           {"program_hash", options.previous->program_hash}};
  }
  Json audiences = Json::array();
  if (changes) {
    for (const AudienceChanges& c : ComputeChanges(options.previous, run)) {
      std::string file = AudienceFileName(c.audience, options.format);
      Status written = WriteFile(temp + "/" + file, [&](const ResultWriter::Sink& sink) {
        ResultWriter writer(options.format, {run.key_name, "change"}, sink);
        for (const auto& [keys, change] : {std::pair{&c.entered, "enter"}, std::pair{&c.exited, "exit"}}) {
          for (const std::string& key : *keys) {
            AddKey(writer, run.key_kind, key);
            writer.AddText(change);
            if (!writer.EndRow()) return false;
          }
        }
        return writer.Finish();
      });
      if (!written.ok()) return written;
      Json entry = AudienceJson(c.audience);
      entry["file"] = file;
      entry["enter"] = c.entered.size();
      entry["exit"] = c.exited.size();
      audiences.push_back(entry);
    }
  } else {
    for (const Audience& a : AudiencesOf(run)) {
      std::string file = AudienceFileName(a, options.format);
      std::vector<std::string> members = MembersOf(run, a);
      Status written = WriteFile(temp + "/" + file, [&](const ResultWriter::Sink& sink) {
        ResultWriter writer(options.format, {run.key_name}, sink);
        for (const std::string& key : members) {
          AddKey(writer, run.key_kind, key);
          if (!writer.EndRow()) return false;
        }
        return writer.Finish();
      });
      if (!written.ok()) return written;
      Json entry = AudienceJson(a);
      entry["file"] = file;
      entry["customers"] = members.size();
      audiences.push_back(entry);
    }
  }
  manifest["audiences"] = audiences;
  // The manifest last: a directory with one is complete.
  Status written = WriteFile(temp + "/" + kManifest,
                             [&](const ResultWriter::Sink& sink) { return sink(manifest.dump(2) + "\n"); });
  if (!written.ok()) return written;
  return replacement->Commit();
}

}  // namespace seg::rt
