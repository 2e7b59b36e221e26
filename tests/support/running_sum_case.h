// A program and data where a sum's running total in event order leaves 64 bits although the
// total fits again ("leaves.csv": seg fails the run), and where the absolute values pass 2^63
// but no running total does ("fits.csv": the sum is 9e18): each SQL dialect's overflow check
// must agree with seg both ways (PostgresSqlTest, ClickHouseE2eTest).
#pragma once
#include <filesystem>
#include <fstream>

namespace seg::test {

inline constexpr const char* kRunningSumFitsOutput = "id,total\nc1,9000000000000000000\n";

// Writes program.seg, customers.csv, fits.csv and leaves.csv into `dir`.
inline void WriteRunningSumCase(const std::filesystem::path& dir) {
  std::ofstream(dir / "program.seg") << "input customers key id { }\n"
                                        "input orders of customers by customer at ts { qty: int }\n"
                                        "score total = sum(orders.qty)\n";
  std::ofstream(dir / "customers.csv") << "id\nc1\n";
  std::ofstream(dir / "fits.csv") << "customer,ts,qty\nc1,2024-01-01,-9000000000000000000\n"
                                     "c1,2024-01-02,9000000000000000000\nc1,2024-01-03,9000000000000000000\n";
  std::ofstream(dir / "leaves.csv") << "customer,ts,qty\nc1,2024-01-01,9000000000000000000\n"
                                       "c1,2024-01-02,9000000000000000000\nc1,2024-01-03,-9000000000000000000\n";
}

}  // namespace seg::test
