// `seg watch FILE --snapshot DIR`: new events as JSON Lines on standard input, appended to the
// snapshot and re-evaluated per customer; enter/exit events as JSON Lines on standard output
// (docs/SNAPSHOT.md, "Watching a stream").
//
// What standard input holds when it is read is one batch: its complete lines are checked, appended to the
// snapshot as one generation (written durably before anything is said about them), acknowledged
// with {"ack": LINE}, and only then are the customers they name re-evaluated. A process killed
// at any point loses no acknowledged line; lines read but not yet acknowledged are not stored.
#include <poll.h>
#include <stdlib.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "compiler/cli/commands.h"
#include "compiler/cli/flag_hints.h"
#include "compiler/cli/run_context.h"
#include "compiler/driver/snapshot_import.h"
#include "compiler/driver/watch/watcher.h"

namespace seg::cli {

namespace {

namespace fs = std::filesystem;

struct Line {
  size_t number = 0;
  std::string text;
  size_t input = 0;  // the event input it belongs to
};

// Says which event input a line is for: its "input" field, or the program's one event input.
// Empty on success, else why not.
std::string ParseLine(const ir::Program& program, Line* line) {
  nlohmann::json row = nlohmann::json::parse(line->text, nullptr, false);
  if (row.is_discarded()) return "not valid JSON";
  if (!row.is_object()) return "expected a JSON object (one event)";
  std::vector<size_t> events;
  for (size_t i = 0; i < program.inputs.size(); ++i) {
    if (program.inputs[i].is_event) events.push_back(i);
  }
  if (row.contains("input")) {
    if (!row["input"].is_string()) return "\"input\" must name an input of events";
    for (size_t i : events) {
      if (program.inputs[i].name == row["input"].get<std::string>()) {
        line->input = i;
        return "";
      }
    }
    return "the program has no input of events named '" + row["input"].get<std::string>() + "'";
  }
  if (events.size() != 1) return "the program reads several inputs of events: say which with \"input\"";
  line->input = events[0];
  return "";
}

// A batch is what standard input holds when it is read, up to this many bytes (about 15,000
// orders): fewer, larger generations when events come faster than they are stored.
constexpr size_t kMaxBatchBytes = 4 << 20;

// Whether standard input can be read without waiting.
bool InputWaiting() {
  pollfd in{0, POLLIN, 0};
  return poll(&in, 1, 0) > 0 && (in.revents & (POLLIN | POLLHUP)) != 0;
}

class Stream {
 public:
  Stream(const ir::Program& program, std::string dir, std::string temp, bool fail_on_bad, driver::watch::Watcher* w)
      : program_(program), dir_(std::move(dir)), temp_(std::move(temp)), fail_on_bad_(fail_on_bad), watcher_(w) {}

  // Checks, stores and evaluates one batch; false after a message when the watch must stop.
  bool Batch(std::vector<Line> lines) {
    std::vector<Line> good;
    bool stop = false;
    for (Line& line : lines) {
      if (std::string why = ParseLine(program_, &line); !why.empty()) {
        if (Bad(line, why)) {
          stop = true;
          break;
        }
        continue;
      }
      good.push_back(std::move(line));
    }
    if (good.empty()) return !stop;
    std::vector<driver::InputBinding> bindings = Write(good, "batch");
    if (!Written()) return false;
    driver::LoadedTables batch = driver::LoadTables(program_, bindings, {}, driver::ColumnsToLoad::kRead);
    if (!batch.ok()) {
      // A value the loader refuses: find the lines, each read alone (only when there is one).
      std::vector<Line> loadable;
      for (Line& line : good) {
        if (std::string why = LoadAlone(line); !why.empty()) {
          if (Bad(line, why)) {
            stop = true;
            break;
          }
          continue;
        }
        loadable.push_back(std::move(line));
      }
      good = std::move(loadable);
      if (good.empty()) return !stop;
      bindings = Write(good, "batch");
      if (!Written()) return false;
      batch = driver::LoadTables(program_, bindings, {}, driver::ColumnsToLoad::kRead);
      if (!batch.ok()) {
        std::fprintf(stderr, "seg watch: %s\n", FlagWording(batch.status).c_str());
        return false;
      }
    }
    if (!Store(good, bindings, std::move(batch.tables))) return false;
    return !stop;
  }

  size_t bad() const { return bad_; }
  size_t stored() const { return stored_; }
  size_t changes() const { return changes_; }

 private:
  // The files of one batch, an input each, as `seg import --append` reads them.
  std::vector<driver::InputBinding> Write(const std::vector<Line>& lines, const std::string& stem) {
    std::vector<driver::InputBinding> bindings;
    std::vector<std::ofstream> files(program_.inputs.size());
    for (const Line& line : lines) {
      if (!files[line.input].is_open()) {
        std::string path = temp_ + "/" + stem + "-" + program_.inputs[line.input].name + ".jsonl";
        files[line.input].open(path, std::ios::trunc);
        bindings.push_back({program_.inputs[line.input].name, path});
      }
      files[line.input] << line.text << '\n';
    }
    for (std::ofstream& file : files) {
      if (file.is_open()) file.close();
      if (file.fail()) write_failed_ = true;  // a short file would store fewer lines than acknowledged
    }
    return bindings;
  }

  // After Write: false, after a message, when a file could not be written whole.
  bool Written() {
    if (!write_failed_) return true;
    std::fprintf(stderr, "seg watch: cannot write the batch's files in %s\n", temp_.c_str());
    return false;
  }

  // Why the loader refuses the line, read alone ("" when it takes it). Only a line that parses
  // is loaded, so this catches the values (a date that is not one, a missing key).
  std::string LoadAlone(const Line& line) {
    std::vector<driver::InputBinding> bindings = Write({line}, "check");
    driver::LoadedTables loaded = driver::LoadTables(program_, bindings, {}, driver::ColumnsToLoad::kRead);
    if (loaded.ok()) return "";
    std::string message = loaded.status.message();
    // The loader names the one-line file; the stream's line is what the user knows.
    std::string prefix = bindings[0].path + ":1:";
    if (message.rfind(prefix, 0) == 0) message = message.substr(message.find_first_not_of(' ', prefix.size()));
    std::string path = bindings[0].path;
    for (size_t at; (at = message.find(path)) != std::string::npos;) message.replace(at, path.size(), "the line");
    return message;
  }

  // Reports a bad line; true when that stops the watch.
  bool Bad(const Line& line, const std::string& why) {
    ++bad_;
    std::fprintf(stderr, "seg watch: standard input line %zu: %s%s\n", line.number, why.c_str(),
                 fail_on_bad_ ? "" : " (skipped)");
    return fail_on_bad_;
  }

  // Appends the batch to the snapshot, acknowledges it, then re-evaluates its customers.
  bool Store(const std::vector<Line>& lines, const std::vector<driver::InputBinding>& bindings,
             std::vector<std::optional<rt::Table>> tables) {
    driver::ImportResult stored = driver::ImportSnapshot(program_, bindings, {}, dir_, true,
                                                         driver::ColumnsToLoad::kRead);
    if (!stored.ok()) {
      std::fprintf(stderr, "seg watch: cannot append to %s: %s\n", dir_.c_str(), FlagWording(stored.status).c_str());
      return false;
    }
    stored_ += lines.size();
    std::printf("{\"ack\":%zu}\n", lines.back().number);
    std::fflush(stdout);
    rt::Result<std::vector<driver::watch::Change>> changes = watcher_->Apply(std::move(tables));
    if (!changes.ok()) {
      std::fprintf(stderr, "seg watch: %s\n", FlagWording(changes.status()).c_str());
      return false;
    }
    for (const driver::watch::Change& c : *changes) {
      nlohmann::json out = {{"key", c.key}, {"event", c.enter ? "enter" : "exit"}};
      if (c.is_tag) {
        out["tag"] = c.name;
      } else {
        out["classification"] = c.name;
        out["bucket"] = c.bucket;
      }
      std::fputs((out.dump() + "\n").c_str(), stdout);
    }
    changes_ += changes->size();
    std::fflush(stdout);
    return true;
  }

  const ir::Program& program_;
  std::string dir_;
  std::string temp_;
  bool fail_on_bad_;
  driver::watch::Watcher* watcher_;
  bool write_failed_ = false;
  size_t bad_ = 0;
  size_t stored_ = 0;
  size_t changes_ = 0;
};

}  // namespace

int RunWatch(const Args& args) {
  std::optional<std::string> dir = args.Get("snapshot");
  if (!dir || dir->empty()) {
    std::fprintf(stderr,
                 "seg watch: give --snapshot DIR, the snapshot the events are appended to\n"
                 "(see `seg watch --help`)\n");
    return 2;
  }
  std::string policy = args.Get("on-bad-line").value_or("skip");
  if (policy != "skip" && policy != "fail") {
    std::fprintf(stderr, "seg watch: --on-bad-line takes skip or fail, not '%s'\n", policy.c_str());
    return 2;
  }
  driver::ExecuteOptions execute;
  if (!ExecuteOptionsFrom(args, "watch", &execute)) return 2;
  RunContext context;
  context.columns = driver::ColumnsToLoad::kRead;
  if (int status = PrepareRun(args, "watch", &context); status != 0) return status;
  const ir::Program& program = *context.compilation->ir;
  rt::Result<std::unique_ptr<driver::watch::Watcher>> watcher = driver::watch::Watcher::Start(
      program, std::move(context.loaded.data), context.loaded.customers_derived, context.params, execute);
  if (!watcher.ok()) {
    std::fprintf(stderr, "seg watch: %s\n", FlagWording(watcher.status()).c_str());
    return 1;
  }
  std::string temp_template = (fs::temp_directory_path() / "seg-watch-XXXXXX").string();
  if (mkdtemp(temp_template.data()) == nullptr) {
    std::fprintf(stderr, "seg watch: cannot make a temporary directory in %s\n",
                 fs::temp_directory_path().string().c_str());
    return 1;
  }
  bool quiet = args.Has("quiet");
  if (!quiet)
    std::fprintf(stderr, "seg watch: %zu customers; reading events from standard input\n", (*watcher)->num_customers());
  Stream stream(program, *dir, temp_template, policy == "fail", watcher->get());
  std::string pending;
  size_t line_number = 0;
  bool ok = true;
  char buffer[1 << 16];
  for (bool eof = false; ok && !eof;) {
    ssize_t n = read(0, buffer, sizeof(buffer));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) eof = true;
    if (n > 0) pending.append(buffer, static_cast<size_t>(n));
    // What is already waiting joins the batch (up to kMaxBatchBytes): a burst or a file is a few
    // large batches, a trickle is a batch per line, stored and answered at once.
    while (!eof && pending.size() < kMaxBatchBytes && InputWaiting()) {
      n = read(0, buffer, sizeof(buffer));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) eof = true;
      if (n > 0) pending.append(buffer, static_cast<size_t>(n));
    }
    // One batch: the complete lines (and at the end, a last line without its newline).
    std::vector<Line> lines;
    size_t start = 0;
    for (size_t end; (end = pending.find('\n', start)) != std::string::npos; start = end + 1) {
      ++line_number;
      std::string text = pending.substr(start, end - start);
      if (!text.empty() && text.back() == '\r') text.pop_back();
      if (text.find_first_not_of(" \t") != std::string::npos) lines.push_back({line_number, std::move(text), 0});
    }
    pending.erase(0, start);
    if (eof && pending.find_first_not_of(" \t\r") != std::string::npos) lines.push_back({++line_number, pending, 0});
    if (!lines.empty()) ok = stream.Batch(std::move(lines));
  }
  std::error_code ignored;
  fs::remove_all(temp_template, ignored);
  if (std::optional<std::string> path = args.Get("memberships")) {
    std::optional<rt::OutputFile> out = OpenOutput(args, "watch", *path);
    if (!out) return 1;
    std::string text = (*watcher)->MembershipsJsonl();
    if (!FinishOutput("watch", *out, out->Write(text))) return 1;
  }
  if (!quiet) {
    std::fprintf(stderr, "seg watch: %zu line%s read, %zu appended to %s, %zu bad, %zu enter/exit events\n",
                 line_number, line_number == 1 ? "" : "s", stream.stored(), dir->c_str(), stream.bad(),
                 stream.changes());
  }
  return ok ? 0 : 1;
}

}  // namespace seg::cli
