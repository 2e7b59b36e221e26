// Real time against the batch on random programs and edge-case data: every customer evaluated
// alone (its own rows only) against the batch's population must get the batch's value for
// every tag, score, let and classification. The programs rank with every population function
// and method, on data full of ties and missing values, and fit models (p_alive, ..., fitted_clv)
// that real time predicts with the batch's parameters. Then every customer again, all in one run
// with a ranking source over all their keys (what `seg watch` does with a batch's customers):
// each must still get the batch's value.
//
//   SEG_DIFF_RT_PROGRAMS=N   programs (default 400, one dataset each)
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>

#include "compiler/backend/interp/interpreter.h"
#include "compiler/driver/compiler.h"
#include "compiler/driver/load_data.h"
#include "compiler/driver/params.h"
#include "compiler/driver/population_snapshot.h"
#include "tests/differential/data_generator.h"
#include "tests/differential/output_compare.h"
#include "tests/differential/program_generator.h"

namespace seg::differential {
namespace {

// Every output of customer `row` of a run, as text: "name=value" lines.
std::string Outputs(const ir::Program& program, const exec::RunResult& run, const std::vector<ir::Named>& lets,
                    size_t row) {
  std::string out;
  for (size_t c = 0; c < program.classifications.size(); ++c) {
    int32_t b = run.buckets[c][row];
    out += program.classifications[c].name + "=" + (b < 0 ? "-" : program.classifications[c].buckets[b]) + "\n";
  }
  for (const std::vector<ir::Named>* named : {&program.tags, &program.scores, &lets}) {
    for (const ir::Named& n : *named) out += n.name + "=" + exec::FormatResult(*run.nodes[n.node], row) + "\n";
  }
  return out;
}

std::string KeyText(const rt::Column& keys, size_t row) {
  return keys.type() == rt::ValueType::kInt ? std::to_string(keys.values<int64_t>()[row])
                                            : std::string(keys.TextAt(row));
}

TEST(RealTimeDifferential, EveryCustomerAloneGetsTheBatchAnswer) {
  uint64_t programs = EnvNumber("SEG_DIFF_RT_PROGRAMS", 400);
  size_t customers = 0, ranked_programs = 0, fitted_programs = 0;
  for (uint64_t seed = 1; seed <= programs; ++seed) {
    GeneratedProgram generated = GenerateProgram(seed);
    auto compilation = CompileGenerated(seed, generated);
    ASSERT_TRUE(compilation->ok() && compilation->ir) << "generator bug: program seed " << seed;
    const ir::Program& program = *compilation->ir;
    DataSet data = GenerateData(seed, 0);
    std::vector<lang::Value> params;
    rt::Status bound = driver::BindParams(program, {}, data.as_of, &params);
    ASSERT_TRUE(bound.ok()) << bound.message();
    driver::LoadedData all = driver::IndexTables(program, BuildTables(program, data), 1);
    ASSERT_TRUE(all.ok()) << all.status.message();
    exec::RunOptions batch_options;
    batch_options.keep_population = true;
    for (const ir::Named& l : program.lets) batch_options.keep.push_back(l.node);
    exec::RunResult batch = interp::Run(program, all.data, params, batch_options);
    if (!batch.ok()) continue;  // a run-time error (overflow) stops the batch: nothing to compare
    const rt::Column& keys = all.data.customers.column(all.data.key_column);
    std::vector<std::string> key_text;
    for (size_t r = 0; r < all.data.num_customers(); ++r) key_text.push_back(KeyText(keys, r));
    std::shared_ptr<const driver::PopulationData> population = driver::PopulationData::FromRun(program, key_text,
                                                                                               batch);
    fitted_programs += !batch.model_fits.empty();
    bool ranks = false;
    for (const ir::Node& n : program.nodes) ranks = ranks || n.kind == ir::NodeKind::kPopulation;
    ranked_programs += ranks;

    // Each customer of the data, found in the batch by its key as the batch writes it.
    const ir::InputSchema& entity = program.inputs[program.entity_input];
    bool int_key = entity.columns[entity.key_column].type.Is(lang::TypeKind::kInt);
    for (const Row& customer : data.inputs["customers"]) {
      const Cell& id = customer.at("id");
      std::string key = int_key ? std::to_string(id.i) : id.s;
      size_t row = static_cast<size_t>(std::find(key_text.begin(), key_text.end(), key) - key_text.begin());
      ASSERT_LT(row, key_text.size()) << "program seed " << seed << ": customer " << key << " is not in the batch";
      driver::LoadedData one = driver::IndexTables(program, BuildTables(program, OnlyCustomer(data, id.s)), 1);
      ASSERT_TRUE(one.ok()) << one.status.message();
      ASSERT_EQ(one.data.num_customers(), 1u);
      driver::OneCustomerAgainst ranking(program, population.get(), key_text[row]);
      exec::RunOptions options;
      options.population = &ranking;
      options.keep = batch_options.keep;
      exec::RunResult now = interp::Run(program, one.data, params, options);
      ASSERT_TRUE(now.ok()) << "program seed " << seed << ", customer " << key_text[row] << ": "
                            << now.status.message();
      ASSERT_EQ(Outputs(program, now, program.lets, 0), Outputs(program, batch, program.lets, row))
          << "program seed " << seed << ", customer " << key_text[row] << ", as_of " << data.as_of << "\n"
          << generated.text;
      for (uint8_t u : ranking.unavailable()) ASSERT_EQ(u, 0) << "program seed " << seed;
      ++customers;
    }

    // Every customer again, all in one run (as `seg watch` evaluates a batch's customers): each
    // row is ranked against the batch as if it ran alone, so each gets the batch's answer too.
    driver::OneCustomerAgainst together(program, population.get(), key_text);
    exec::RunOptions options;
    options.population = &together;
    options.keep = batch_options.keep;
    exec::RunResult now = interp::Run(program, all.data, params, options);
    ASSERT_TRUE(now.ok()) << "program seed " << seed << ": " << now.status.message();
    for (size_t row = 0; row < key_text.size(); ++row) {
      ASSERT_EQ(Outputs(program, now, program.lets, row), Outputs(program, batch, program.lets, row))
          << "program seed " << seed << ", customer " << key_text[row] << " in one run with the others\n"
          << generated.text;
      for (uint8_t u : together.unavailable(row)) ASSERT_EQ(u, 0) << "program seed " << seed;
    }
  }
  std::cout << customers << " customers evaluated alone and all together, in " << programs << " programs ("
            << ranked_programs << " with population functions, " << fitted_programs << " with fitted models)\n";
  EXPECT_GT(ranked_programs, programs / 4) << "the generator should rank customers in many programs";
  if (programs >= 50) {
    EXPECT_GT(fitted_programs, 0u) << "the generator should fit models that real time predicts with";
  }
}

}  // namespace
}  // namespace seg::differential
