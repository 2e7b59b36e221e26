// `seg report`: bucket sizes, revenue, metric means, score cut points and rule overlap of a
// program run over data, as one self-contained HTML page or JSON (chosen by --out's extension);
// with --history DIR, also each segment's size over the runs recorded there.
#include <cstdio>

#include "compiler/cli/commands.h"
#include "compiler/cli/run_context.h"
#include "compiler/driver/execute.h"
#include "compiler/driver/report.h"
#include "compiler/exec/result.h"

namespace seg::cli {

namespace {
// `seg check --data` shows the rule overlap and the crosstabs: their rule conditions and tags.
std::vector<ir::NodeId> CheckDataNodes(const ir::Program& program) {
  std::vector<ir::NodeId> nodes = driver::OverlapNodes(program);
  for (ir::NodeId tag : driver::CrosstabNodes(program)) nodes.push_back(tag);
  return nodes;
}

bool EndsWith(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}
}  // namespace

int RunReport(const Args& args) {
  std::optional<std::string> out_path = args.Get("out");
  if (!out_path) {
    std::fprintf(stderr, "seg report: give --out report.html or --out report.json\n");
    return 2;
  }
  bool html = EndsWith(*out_path, ".html") || EndsWith(*out_path, ".htm");
  if (!html && !EndsWith(*out_path, ".json")) {
    std::fprintf(stderr, "seg report: --out must end in .html or .json, not '%s'\n", out_path->c_str());
    return 2;
  }
  std::optional<rt::OutputFile> out = OpenOutput(args, "report", *out_path);
  if (!out) return 1;
  // Read before the run: a damaged run file fails at once, naming it.
  std::optional<driver::SizeHistory> history;
  if (std::optional<std::string> dir = args.Get("history")) {
    rt::Result<driver::SizeHistory> read = driver::ReadSizeHistory(*dir);
    if (!read.ok()) {
      std::fprintf(stderr, "seg report: --history: %s\n", read.message().c_str());
      return 1;
    }
    history = std::move(*read);
  }
  RunContext context;
  exec::RunResult result;
  if (int status = PrepareAndExecute(args, "report", driver::ReportNodes, &context, &result); status != 0)
    return status;
  const ir::Program& program = *context.compilation->ir;
  driver::Report report;
  if (rt::Status built = driver::BuildReport(program, context.loaded.data, context.params, result, args.positional()[0],
                                             &report);
      !built.ok()) {
    std::fprintf(stderr, "seg report: %s\n", built.message().c_str());
    return 1;
  }
  report.history = std::move(history);
  std::string bytes = html ? driver::ReportHtml(report) : driver::ReportJson(report);
  if (!FinishOutput("report", *out, out->Write(bytes))) return 1;
  if (!args.Has("quiet")) {
    std::string flagged;
    for (const driver::ClassificationOverlap& o : report.overlap) {
      for (const driver::RuleOverlap& r : o.rules) {
        if (r.gets_nobody()) flagged += "  " + o.name + ".\"" + r.label + "\" gets nobody\n";
      }
    }
    std::fprintf(stderr, "wrote %s: %zu classifications, %zu tags, %zu scores explained, %zu customers\n%s",
                 out_path->c_str(), report.classifications.size(), report.tags.size(), report.cuts.size(),
                 report.customers, flagged.c_str());
    std::fputs(driver::SummarizeCrosstabs(report.crosstabs).c_str(), stderr);
    for (const exec::ModelFitRecord& fit : report.models) std::fprintf(stderr, "  %s\n", fit.Describe().c_str());
  }
  return 0;
}

// `seg check FILE --data`: the rule overlap tables and the crosstabs on real data, printed.
// Diagnostics and the exit status are those of `seg check`; the data only adds information.
int RunCheckData(const Args& args) {
  RunContext context;
  context.columns = driver::ColumnsToLoad::kRead;  // as `seg run` loads, so both see the same rows
  exec::RunResult result;
  if (int status = PrepareAndExecute(args, "check", CheckDataNodes, &context, &result); status != 0) return status;
  const ir::Program& program = *context.compilation->ir;
  size_t customers = context.loaded.data.num_customers();
  std::string text = driver::FormatOverlap(driver::ComputeOverlap(program, result, customers));
  text += driver::FormatCrosstabs(driver::ComputeCrosstabs(program, result, customers));
  std::fwrite(text.data(), 1, text.size(), stdout);
  return 0;
}

}  // namespace seg::cli
