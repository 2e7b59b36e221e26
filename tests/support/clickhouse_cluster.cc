#include "tests/support/clickhouse_cluster.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <future>
#include <stdexcept>
#include <thread>

#include "runtime/io/clickhouse/row_binary.h"
#include "tests/support/server_process.h"

namespace seg::test {
namespace {

constexpr const char* kServerBinary = "/usr/sbin/clickhouse-server";

}  // namespace

ClickHouseCluster& ClickHouseCluster::Get() {
  static std::unique_ptr<ClickHouseCluster> cluster;
  static std::string failure;
  if (cluster) return *cluster;
  if (!failure.empty()) throw std::runtime_error(failure);
  std::unique_ptr<ClickHouseCluster> starting(new ClickHouseCluster());
  try {
    starting->Start();
  } catch (const std::exception& e) {
    failure = std::string("cannot start the test ClickHouse cluster (two clickhouse-server processes): ") + e.what();
    throw std::runtime_error(failure);
  }
  cluster = std::move(starting);
  return *cluster;
}

void ClickHouseCluster::WriteConfig(const Server& server) const {
  std::string shards;
  for (const Server& s : servers_) {
    shards += "   <shard><replica><host>127.0.0.1</host><port>" + std::to_string(s.tcp_port) +
              "</port></replica></shard>\n";
  }
  const std::string& d = server.directory;
  // Small caches and few threads: two servers share the test machine with everything else.
  WriteFile(
      d + "/config.xml",
      "<?xml version=\"1.0\"?>\n<yandex>\n"
      " <logger><level>warning</level><log>" +
          d + "/server.log</log><errorlog>" + d +
          "/error.log</errorlog><console>0</console></logger>\n"
          " <listen_host>127.0.0.1</listen_host>\n"
          " <http_port>" +
          std::to_string(server.http_port) +
          "</http_port>\n"
          " <tcp_port>" +
          std::to_string(server.tcp_port) +
          "</tcp_port>\n"
          " <interserver_http_port>" +
          std::to_string(server.interserver_port) +
          "</interserver_http_port>\n"
          " <interserver_http_host>127.0.0.1</interserver_http_host>\n"
          " <path>" +
          d + "/data/</path>\n <tmp_path>" + d +
          "/tmp/</tmp_path>\n"
          " <user_files_path>" +
          d +
          "/user_files/</user_files_path>\n"
          " <format_schema_path>" +
          d +
          "/format_schemas/</format_schema_path>\n"
          " <mark_cache_size>67108864</mark_cache_size>\n <uncompressed_cache_size>67108864</uncompressed_cache_size>\n"
          " <max_concurrent_queries>40</max_concurrent_queries>\n"
          " <users_config>" +
          d +
          "/users.xml</users_config>\n"
          " <default_profile>default</default_profile>\n <default_database>default</default_database>\n"
          " <timezone>UTC</timezone>\n"
          " <remote_servers><" +
          std::string(kCluster) + ">\n" + shards + " </" + kCluster +
          "></remote_servers>\n"
          "</yandex>\n");
  WriteFile(d + "/users.xml",
            "<?xml version=\"1.0\"?>\n<yandex>\n"
            " <profiles><default><max_threads>2</max_threads></default></profiles>\n"
            " <users><default><password></password><networks><ip>127.0.0.1</ip></networks>"
            "<profile>default</profile><quota>default</quota></default></users>\n"
            " <quotas><default></default></quotas>\n</yandex>\n");
}

void ClickHouseCluster::Start() {
  if (access(kServerBinary, X_OK) != 0) {
    throw std::runtime_error(std::string(kServerBinary) +
                             " not found: install clickhouse-server (scripts/install-deps.sh)");
  }
  // In memory where there is a tmpfs: every INSERT writes a MergeTree part of a few files per
  // column, and on a disk file system creating and removing them is most of a test's time.
  std::string pattern = std::string(access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp") + "/seg-ch-XXXXXX";
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp " + pattern + ": " + std::strerror(errno));
  directory_ = pattern;
  HandToNobody(directory_);
  // The watchdog stops the servers and removes the directory once this process is gone, however
  // it ends; it learns the servers' process ids as they start.
  watchdog_ = std::make_unique<Watchdog>(
      "pids=$(cat); kill -9 $pids 2>/dev/null; for i in 1 2 3 4 5 6 7 8 9 10; do "
      "kill -0 $pids 2>/dev/null || break; sleep 0.1; done; rm -rf '" +
      directory_ + "'");

  std::string failure;
  for (int attempt = 0; attempt < 3; ++attempt) {  // another process may take a port meanwhile
    for (Server& server : servers_) {
      if (server.pid > 0) kill(server.pid, SIGKILL), waitpid(server.pid, nullptr, 0);
    }
    servers_.clear();
    servers_.resize(kShards);
    for (int i = 0; i < kShards; ++i) {
      Server& server = servers_[i];
      server.directory = directory_ + "/shard" + std::to_string(i + 1) + "-try" + std::to_string(attempt);
      server.http_port = FreeLoopbackPort();
      server.tcp_port = FreeLoopbackPort();
      server.interserver_port = FreeLoopbackPort();
    }
    failure.clear();
    for (Server& server : servers_) {
      std::filesystem::create_directories(server.directory);
      HandToNobody(server.directory);
      WriteConfig(server);
      server.pid = SpawnServerProgram({kServerBinary, "--config-file=" + server.directory + "/config.xml"},
                                      server.directory + "/stdout.log");
      watchdog_->Tell(std::to_string(server.pid) + "\n");
      server.client = std::make_unique<rt::ch::Client>(rt::ch::ClickHouseUrl{.user = "",
                                                                             .password = "",
                                                                             .host = "127.0.0.1",
                                                                             .port = server.http_port,
                                                                             .database = kDatabase,
                                                                             .table = ""});
    }
    // Ready when each answers; a server that exits (a port taken, a bad config) is a failure.
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    for (Server& server : servers_) {
      for (;;) {
        int status = 0;
        if (waitpid(server.pid, &status, WNOHANG) == server.pid) {
          server.pid = -1;
          failure = "clickhouse-server in " + server.directory + " exited (status " + std::to_string(status) + "):\n" +
                    ReadFileTail(server.directory + "/error.log") + ReadFileTail(server.directory + "/stdout.log");
          break;
        }
        try {
          server.client->Version();
          break;
        } catch (const rt::ch::Error& e) {
          if (std::chrono::steady_clock::now() > deadline) {
            failure = std::string("clickhouse-server did not answer within 60 s: ") + e.what() + "\n" +
                      ReadFileTail(server.directory + "/error.log");
            break;
          }
          std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
      }
      if (!failure.empty()) break;
    }
    if (failure.empty()) break;
  }
  if (!failure.empty()) throw std::runtime_error(failure);
}

ClickHouseCluster::~ClickHouseCluster() {
  for (Server& server : servers_) server.client.reset();
  watchdog_.reset();  // the watchdog stops the servers and cleans up
  for (Server& server : servers_) {
    if (server.pid > 0) waitpid(server.pid, nullptr, 0);
  }
}

std::string ClickHouseCluster::Url(const std::string& suffix, int shard) const {
  return "clickhouse://127.0.0.1:" + std::to_string(servers_[shard].http_port) + "/" + kDatabase + suffix;
}

std::string ClickHouseCluster::Query(const std::string& sql, int shard) {
  return servers_[shard].client->Query(sql, "test query");
}

void ClickHouseCluster::QueryOnEach(const std::string& sql) {
  for (int i = 0; i < kShards; ++i) Query(sql, i);
}

void ClickHouseCluster::LoadSharded(const std::string& name, const rt::Table& table, const std::string& key,
                                    const std::map<std::string, StoredColumn>& stored) {
  std::string columns = "seg_row UInt64";
  std::string names = "seg_row";
  std::vector<const StoredColumn*> stored_as(table.num_columns(), nullptr);
  for (size_t c = 0; c < table.num_columns(); ++c) {
    std::string column = rt::ch::QuoteIdentifier(table.column_name(c));
    if (auto it = stored.find(table.column_name(c)); it != stored.end()) stored_as[c] = &it->second;
    columns += ", " + column + " " +
               (stored_as[c] ? stored_as[c]->type : rt::ch::SegColumnType(table.column(c).type()));
    names += ", " + column;
  }
  std::string local = rt::ch::QuoteIdentifier(name + "_local");
  std::string distributed = rt::ch::QuoteIdentifier(name);
  std::string& layout = layouts_[name];
  std::string wanted = columns + " / " + key;
  if (layout == wanted) {
    // The same tables again (the differential test reloads them for every case): emptying the
    // shards costs one statement a server, run side by side, instead of four.
    auto truncate = std::async(std::launch::async, [&] { Query("TRUNCATE TABLE " + local, 1); });
    Query("TRUNCATE TABLE " + local, 0);
    truncate.get();
  } else {
    QueryOnEach("DROP TABLE IF EXISTS " + distributed);
    QueryOnEach("DROP TABLE IF EXISTS " + local);
    QueryOnEach("CREATE TABLE " + local + " (" + columns + ") ENGINE = MergeTree ORDER BY seg_row");
    // The key column is Nullable, which a sharding key may not be: rows without a key go where ''
    // goes, all to one shard, as any one key's rows do.
    QueryOnEach("CREATE TABLE " + distributed + " AS " + local + " ENGINE = Distributed(" + kCluster + ", " +
                kDatabase + ", " + local + ", cityHash64(ifNull(toString(" + rt::ch::QuoteIdentifier(key) + "), '')))");
    layout = wanted;
  }
  std::string rows;
  for (size_t r = 0; r < table.num_rows(); ++r) {
    uint64_t row = r;
    rows.append(reinterpret_cast<const char*>(&row), sizeof(row));
    for (size_t c = 0; c < table.num_columns(); ++c) {
      if (stored_as[c]) rows += stored_as[c]->values.at(r);
      else rt::ch::AppendValue(table.column(c), r, &rows);
    }
  }
  // insert_distributed_sync: the rows are on their shards when the INSERT returns.
  servers_[0].client->Insert("INSERT INTO " + distributed + " (" + names + ") FORMAT RowBinary", rows,
                             "loading test table " + name, {{"insert_distributed_sync", "1"}});
}

std::vector<size_t> ClickHouseCluster::ShardRowCounts(const std::string& name) {
  std::vector<size_t> counts;
  for (int i = 0; i < kShards; ++i) {
    counts.push_back(std::stoull(Query("SELECT count() FROM " + rt::ch::QuoteIdentifier(name + "_local"), i)));
  }
  return counts;
}

void ClickHouseTest::SetUp() {
  try {
    cluster_ = &ClickHouseCluster::Get();
  } catch (const std::exception& e) {
    FAIL() << e.what();
  }
}

}  // namespace seg::test
