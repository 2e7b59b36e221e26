// seg-gen: writes a deterministic synthetic CRM data set (customers, orders, visits) as CSV or JSON lines.
//
// Customers are generated in chunks by worker threads; chunks are written strictly in order, so the files
// are byte-identical for any --threads.
#include <algorithm>
#include <atomic>
#include <charconv>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <thread>
#include <vector>

#include "model.h"

namespace fs = std::filesystem;
using namespace seggen;

namespace {

constexpr std::uint64_t kChunk = 2048;  // customers per chunk

const char* const kUsage =
    "usage: seg-gen --out DIR [--customers N=1000] [--orders-per-customer F=20] [--visits-per-customer F=10]\n"
    "               [--seed S=42] [--as-of YYYY-MM-DD=2025-06-30] [--format csv|jsonl] [--threads T]\n"
    "Writes DIR/customers, DIR/orders and DIR/visits (.csv or .jsonl). The same flags give byte-identical\n"
    "files for any --threads (default: all hardware threads).\n";

// Temporary files not yet renamed into place; fail() removes them (only the main thread writes files).
std::vector<fs::path> g_pending;

[[noreturn]] void fail(const std::string& msg) {
  std::fprintf(stderr, "seg-gen: %s\n", msg.c_str());
  for (const auto& p : g_pending) {
    std::error_code ec;
    fs::remove(p, ec);
  }
  std::_Exit(2);
}

template <class T> T parse_uint(std::string_view flag, std::string_view s) {
  T v{};
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size())
    fail("bad value for " + std::string(flag) + ": '" + std::string(s) + "' (expected a non-negative integer)");
  return v;
}

double parse_mean(std::string_view flag, std::string_view s) {
  double v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || !(v >= 0 && v <= 100000))
    fail("bad value for " + std::string(flag) + ": '" + std::string(s) + "' (expected a number 0..100000)");
  return v;
}

std::int32_t parse_date(std::string_view s) {
  using namespace std::chrono;
  int y = 0;
  unsigned m = 0, d = 0;
  auto num = [&](std::size_t at, std::size_t len, auto& out) {
    auto [p, ec] = std::from_chars(s.data() + at, s.data() + at + len, out);
    return ec == std::errc() && p == s.data() + at + len;
  };
  if (s.size() != 10 || s[4] != '-' || s[7] != '-' || !num(0, 4, y) || !num(5, 2, m) || !num(8, 2, d))
    fail("bad --as-of '" + std::string(s) + "' (expected YYYY-MM-DD)");
  const year_month_day ymd{year{y}, month{m}, day{d}};
  if (!ymd.ok() || y < 1980) fail("bad --as-of '" + std::string(s) + "' (expected a valid date, year 1980 or later)");
  return static_cast<std::int32_t>(sys_days{ymd}.time_since_epoch().count());
}

// One output file, written to NAME.tmp and renamed into place on success.
class OutFile {
 public:
  OutFile(const fs::path& dir, const std::string& name) : final_(dir / name), tmp_(dir / (name + ".tmp")) {
    f_ = std::fopen(tmp_.c_str(), "wb");
    if (!f_) fail("cannot create " + tmp_.string() + ": " + std::strerror(errno));
    g_pending.push_back(tmp_);
  }
  OutFile(const OutFile&) = delete;
  OutFile& operator=(const OutFile&) = delete;
  ~OutFile() {
    if (f_) {  // not committed: drop the partial file
      std::fclose(f_);
      std::error_code ec;
      fs::remove(tmp_, ec);
    }
  }
  void write(const char* data, std::size_t n) {
    if (n && std::fwrite(data, 1, n, f_) != n) fail("write failed on " + tmp_.string() + ": " + std::strerror(errno));
  }
  void write(std::string_view s) { write(s.data(), s.size()); }
  void commit() {
    const bool ok = std::fflush(f_) == 0 && !std::ferror(f_);
    const int err = errno;
    if (std::fclose(f_) != 0 || !ok) {
      f_ = nullptr;
      fail("write failed on " + tmp_.string() + ": " + std::strerror(err));
    }
    f_ = nullptr;
    std::error_code ec;
    fs::rename(tmp_, final_, ec);
    std::erase(g_pending, tmp_);
    if (ec) fail("cannot rename " + tmp_.string() + " to " + final_.string() + ": " + ec.message());
  }
  std::string name() const { return final_.filename().string(); }

 private:
  fs::path final_, tmp_;
  std::FILE* f_ = nullptr;
};

struct Slot {
  Buf customers, orders, visits;
  Counts counts;
};

}  // namespace

int main(int argc, char** argv) {
  Config cfg;
  std::string out_dir;
  std::string as_of_text = "2025-06-30";
  unsigned threads = std::max(1u, std::thread::hardware_concurrency());

  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "-h" || arg == "--help") {
      std::fputs(kUsage, stdout);
      return 0;
    }
    std::string_view value;
    if (auto eq = arg.find('='); arg.starts_with("--") && eq != std::string_view::npos) {
      value = arg.substr(eq + 1);
      arg = arg.substr(0, eq);
    } else if (i + 1 < argc) {
      value = argv[++i];
    } else {
      std::fputs(kUsage, stderr);
      fail("missing value for " + std::string(arg));
    }
    if (arg == "--out") out_dir = value;
    else if (arg == "--customers") cfg.customers = parse_uint<std::uint64_t>(arg, value);
    else if (arg == "--orders-per-customer") cfg.orders_per_customer = parse_mean(arg, value);
    else if (arg == "--visits-per-customer") cfg.visits_per_customer = parse_mean(arg, value);
    else if (arg == "--seed") cfg.seed = parse_uint<std::uint64_t>(arg, value);
    else if (arg == "--as-of") as_of_text = value;
    else if (arg == "--threads") threads = parse_uint<unsigned>(arg, value);
    else if (arg == "--format") {
      if (value == "csv") cfg.fmt = Fmt::Csv;
      else if (value == "jsonl") cfg.fmt = Fmt::Jsonl;
      else fail("bad --format '" + std::string(value) + "' (expected csv or jsonl)");
    } else {
      std::fputs(kUsage, stderr);
      fail("unknown flag " + std::string(arg));
    }
  }
  if (out_dir.empty()) {
    std::fputs(kUsage, stderr);
    fail("--out DIR is required");
  }
  if (threads < 1 || threads > 1024) fail("--threads must be 1..1024");
  if (cfg.customers > 999'999'999'999ULL) fail("--customers is too large");
  cfg.as_of = parse_date(as_of_text);

  const auto t0 = std::chrono::steady_clock::now();
  std::error_code ec;
  fs::create_directories(out_dir, ec);
  if (ec) fail("cannot create " + out_dir + ": " + ec.message());

  const Model model(cfg);
  const std::uint64_t chunks = (cfg.customers + kChunk - 1) / kChunk;
  threads = static_cast<unsigned>(std::min<std::uint64_t>(threads, std::max<std::uint64_t>(chunks, 1)));

  // Pass 1: orders per chunk (profiles only), so each chunk knows its first order id.
  std::vector<std::uint64_t> first_order(chunks + 1, 0);
  {
    std::atomic<std::uint64_t> next{0};
    auto count = [&] {
      for (std::uint64_t c; (c = next.fetch_add(1)) < chunks;) {
        std::uint64_t n = 0;
        for (std::uint64_t i = c * kChunk, e = std::min(cfg.customers, i + kChunk); i < e; ++i)
          n += model.profile(i).orders;
        first_order[c + 1] = n;
      }
    };
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads; ++t) pool.emplace_back(count);
    count();
    for (auto& th : pool) th.join();
    first_order[0] = 1;
    for (std::uint64_t c = 0; c < chunks; ++c) first_order[c + 1] += first_order[c];
  }

  const char* ext = cfg.fmt == Fmt::Csv ? ".csv" : ".jsonl";
  OutFile fc(out_dir, std::string("customers") + ext);
  OutFile fo(out_dir, std::string("orders") + ext);
  OutFile fv(out_dir, std::string("visits") + ext);
  fc.write(Model::header_customers(cfg.fmt));
  fo.write(Model::header_orders(cfg.fmt));
  fv.write(Model::header_visits(cfg.fmt));

  Counts total;
  auto write_slot = [&](Slot& s) {
    fc.write(s.customers.data(), s.customers.size());
    fo.write(s.orders.data(), s.orders.size());
    fv.write(s.visits.data(), s.visits.size());
    total.customers += s.counts.customers;
    total.orders += s.counts.orders;
    total.visits += s.counts.visits;
  };
  auto fill_slot = [&](Slot& s, Scratch& scratch, std::uint64_t c) {
    s.customers.clear();
    s.orders.clear();
    s.visits.clear();
    const std::uint64_t b = c * kChunk, e = std::min(cfg.customers, b + kChunk);
    s.counts = model.generate(b, e, first_order[c], s.customers, s.orders, s.visits, scratch);
  };

  if (threads == 1) {
    Slot slot;
    Scratch scratch;
    for (std::uint64_t c = 0; c < chunks; ++c) {
      fill_slot(slot, scratch, c);
      write_slot(slot);
    }
  } else {
    // Workers claim chunks in order and fill a ring of slots; this thread writes the slots in chunk
    // order. A worker waits while its slot still holds an unwritten chunk.
    const std::uint64_t ring = 2ULL * threads + 2;
    std::vector<Slot> slots(ring);
    std::vector<char> done(chunks, 0);
    std::uint64_t written = 0;
    std::mutex mu;
    std::condition_variable cv_done, cv_free;
    std::atomic<std::uint64_t> next{0};
    auto work = [&] {
      Scratch scratch;
      for (std::uint64_t c; (c = next.fetch_add(1)) < chunks;) {
        {
          std::unique_lock lock(mu);
          cv_free.wait(lock, [&] { return c < written + ring; });
        }
        fill_slot(slots[c % ring], scratch, c);
        {
          std::lock_guard lock(mu);
          done[c] = 1;
        }
        cv_done.notify_one();
      }
    };
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < threads; ++t) pool.emplace_back(work);
    for (std::uint64_t c = 0; c < chunks; ++c) {
      {
        std::unique_lock lock(mu);
        cv_done.wait(lock, [&] { return done[c] != 0; });
      }
      write_slot(slots[c % ring]);
      {
        std::lock_guard lock(mu);
        written = c + 1;
      }
      cv_free.notify_all();
    }
    for (auto& th : pool) th.join();
  }

  fc.commit();
  fo.commit();
  fv.commit();
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("seg-gen: wrote %s: %llu rows, %s: %llu rows, %s: %llu rows to %s (seed %llu, as_of %s, %.2f s)\n",
              fc.name().c_str(), static_cast<unsigned long long>(total.customers), fo.name().c_str(),
              static_cast<unsigned long long>(total.orders), fv.name().c_str(),
              static_cast<unsigned long long>(total.visits), out_dir.c_str(), static_cast<unsigned long long>(cfg.seed),
              as_of_text.c_str(), secs);
  return 0;
}
