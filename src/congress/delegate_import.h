// Turns a spreadsheet of delegates into validated Delegate records, or a
// row-by-row report of what is wrong. Pure logic: no file formats, no SQL.
#pragma once

#include <string>
#include <vector>

#include "common/status.h"
#include "common/table.h"
#include "congress/model.h"

namespace phonghop::congress {

struct ImportProblem {
  int line = 0;         // spreadsheet row (0 = the file as a whole)
  std::string message;  // Vietnamese, e.g. "thiếu họ tên"
};

struct ImportOptions {
  // Create delegations named in the file that the congress does not have;
  // when false such a row is an error ("đoàn không tồn tại").
  bool create_delegations = false;
  int current_year = 2026;
};

struct ImportPlan {
  std::vector<Delegate> delegates;           // validated, ready to upsert
  std::vector<std::string> new_delegations;  // to create first
  std::vector<ImportProblem> problems;       // non-empty = reject the file
  int skipped_blank_rows = 0;
  bool ok() const { return problems.empty(); }
};

// Builds the plan. Headers are matched in Vietnamese or English, with or
// without diacritics ("Họ và tên", "ho ten", "Full name"). Rows entirely blank
// are skipped. Every problem found is reported (not just the first), with the
// row number; the caller must write nothing unless plan.ok().
ImportPlan PlanDelegateImport(const Table& table,
                              const std::vector<Delegation>& existing,
                              const ImportOptions& options);

// Formats problems as one message: "dòng 14: thiếu họ tên; dòng 20: ...".
std::string FormatProblems(const std::vector<ImportProblem>& problems,
                           size_t max_listed = 50);

// The column order used by exports (and accepted back by imports).
std::vector<std::string> ExportHeader();
std::vector<std::string> ExportRow(const Delegate& d);

}  // namespace phonghop::congress
