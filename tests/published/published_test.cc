// End to end on published results: seg reproduces the CDNOW calibration summary that the
// `lifetimes` package ships (cdnow_customers_summary_with_transactions.csv) for every customer.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

std::vector<std::string> SplitCsv(const std::string& line) {
  std::vector<std::string> out;
  std::stringstream in(line);
  std::string cell;
  while (std::getline(in, cell, ',')) out.push_back(cell);
  if (!line.empty() && line.back() == ',') out.push_back("");
  return out;
}

std::string ReadAll(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// `--engine jit --verbose 2>err` ran compiled code: its engine line names the JIT, where a
// fallback to the interpreter (same bytes by design) would name the interpreter.
void ExpectCompiledCodeRan(const fs::path& err) {
  if (!SEG_PUBLISHED_HAVE_JIT) return;
  std::string text = ReadAll(err);
  EXPECT_NE(text.find("seg run: engine: jit ("), std::string::npos) << "the JIT fell back:\n" << text;
}

// Rounds half up to two decimals, as the published table does.
double Round2(double v) { return std::floor(v * 100.0 + 0.5 + 1e-9) / 100.0; }

TEST(PublishedTest, RfmOrdersSameBytesOnBothEngines) {
  fs::path data = fs::path(SEG_SHARED_DATA) / "rfm-r-package";
  if (!fs::exists(data / "rfm_data_orders.csv")) GTEST_SKIP() << "no shared data at " << data;
  fs::path dir = fs::temp_directory_path() / ("seg_rfm_engines_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream program(dir / "orders.seg");
  program << "import std.rfm\n"
             "input customers key customer_id { }\n"
             "input sales of customers by customer_id at order_date { order_date: date; revenue: money }\n"
             "events orders = sales { amount = revenue; ts = order_date }\n";
  program.close();
  std::string command = std::string(SEG_BINARY) + " run " + (dir / "orders.seg").string() +
                        " --input sales=" + (data / "rfm_data_orders.csv").string() +
                        " --as-of 2006-12-31 --with rfm_r,rfm_f,rfm_m,rfm_recency,rfm_monetary --quiet --no-cache";
  std::string interp = command + " --engine interp --out " + (dir / "interp.csv").string();
  std::string jit = command + " --engine jit --verbose --out " + (dir / "jit.csv").string() + " 2>" +
                    (dir / "jit.err").string();
  ASSERT_EQ(std::system(interp.c_str()), 0) << interp;
  ASSERT_EQ(std::system(jit.c_str()), 0) << jit;
  ExpectCompiledCodeRan(dir / "jit.err");
  std::string a = ReadAll(dir / "interp.csv");
  EXPECT_GT(a.size(), 1000u);
  EXPECT_EQ(a, ReadAll(dir / "jit.csv"));
  fs::remove_all(dir);
}

TEST(PublishedTest, CdnowCalibrationSummaryForEveryCustomer) {
  fs::path data = fs::path(SEG_SHARED_DATA) / "cdnow";
  if (!fs::exists(data / "CDNOW_sample.txt")) GTEST_SKIP() << "no shared data at " << data;
  fs::path dir = fs::temp_directory_path() / ("seg_cdnow_" + std::to_string(::getpid()));
  fs::create_directories(dir);

  // The sample is whitespace separated with YYYYMMDD dates: make it a CSV the way a user would.
  std::ifstream raw(data / "CDNOW_sample.txt");
  std::ofstream csv(dir / "purchases.csv");
  csv << "id,date,cds,dollars\n";
  std::string master, id, date, cds, dollars;
  size_t rows = 0;
  while (raw >> master >> id >> date >> cds >> dollars) {
    csv << std::stoi(id) << "," << date.substr(0, 4) << "-" << date.substr(4, 2) << "-" << date.substr(6, 2) << ","
        << cds << "," << dollars << "\n";
    ++rows;
  }
  csv.close();
  ASSERT_EQ(rows, 6919u);

  std::string command = std::string(SEG_BINARY) + " run " + SEG_SOURCE_DIR + "/tests/published/cdnow_summary.seg" +
                        " --input purchases=" + (dir / "purchases.csv").string() + " --as-of 1997-09-30" +
                        " --with x,t_x,T,zbar --quiet --no-warn=unused-let --no-cache";
  std::string interp = command + " --engine interp --out " + (dir / "out.csv").string();
  std::string jit = command + " --engine jit --verbose --out " + (dir / "out_jit.csv").string() + " 2>" +
                    (dir / "jit.err").string();
  ASSERT_EQ(std::system(interp.c_str()), 0) << interp;
  ASSERT_EQ(std::system(jit.c_str()), 0) << jit;
  ExpectCompiledCodeRan(dir / "jit.err");
  // Both engines must write the same bytes.
  EXPECT_EQ(ReadAll(dir / "out.csv"), ReadAll(dir / "out_jit.csv"));

  std::map<std::string, std::vector<std::string>> ours;
  std::ifstream out(dir / "out.csv");
  std::string line;
  std::getline(out, line);
  EXPECT_EQ(line, "id,x,t_x,T,zbar");
  while (std::getline(out, line)) {
    std::vector<std::string> cells = SplitCsv(line);
    ours[cells[0]] = cells;
  }
  std::ifstream published(data / "cdnow_customers_summary_with_transactions.csv");
  std::getline(published, line);
  size_t compared = 0;
  while (std::getline(published, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::vector<std::string> p = SplitCsv(line);
    ASSERT_EQ(p.size(), 5u) << line;
    auto it = ours.find(p[0]);
    ASSERT_NE(it, ours.end()) << "customer " << p[0] << " missing from seg's output";
    const std::vector<std::string>& o = it->second;
    EXPECT_EQ(std::stoi(o[1]), std::stoi(p[1])) << "x of customer " << p[0];
    EXPECT_DOUBLE_EQ(Round2(std::stod(o[2])), std::stod(p[2])) << "t_x of customer " << p[0];
    EXPECT_DOUBLE_EQ(Round2(std::stod(o[3])), std::stod(p[3])) << "T of customer " << p[0];
    EXPECT_DOUBLE_EQ(Round2(std::stod(o[4])), std::stod(p[4])) << "zbar of customer " << p[0];
    ++compared;
  }
  EXPECT_EQ(compared, 2357u);
  EXPECT_EQ(ours.size(), 2357u);
  fs::remove_all(dir);
}

}  // namespace
