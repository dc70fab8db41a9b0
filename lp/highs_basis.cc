// A HiGHS call its C API lacks: passing a basis HiGHS may trust.
//
// Highs_setBasis passes every basis as alien: HiGHS scales the LP, factors
// the basis (repairing it if it is singular or incomplete) and then, since
// a new basis invalidates the simplex state, factors it again when it runs.
// A basis that was optimal for a model with the same rows and columns is
// complete, so it can be passed as it is, and Highs_run factors it once
// (replacing the columns of a singular one by slacks as it always does).
// On a Monte Carlo sample of the default scenario that is 0.6 ms of a
// 9 ms warm solve.

#include "Highs.h"

#include <cmath>

// teraplan_set_trusted_basis passes col_status and row_status (HiGHS basis
// statuses) to highs as a complete basis. It returns 0 when HiGHS took it,
// and -1, changing nothing, when it is not one: the number of basic
// variables is not the number of rows, or a nonbasic variable rests at an
// infinite bound or has an unknown status. The caller then passes it the
// alien way. No exception leaves it (Go cannot catch one): an allocation
// that fails refuses the basis too.
static HighsInt set_trusted_basis(void* highs, const HighsInt* col_status, const HighsInt* row_status);

extern "C" HighsInt teraplan_set_trusted_basis(void* highs, const HighsInt* col_status,
                                               const HighsInt* row_status) {
  try {
    return set_trusted_basis(highs, col_status, row_status);
  } catch (...) {
    return -1;
  }
}

static HighsInt set_trusted_basis(void* highs, const HighsInt* col_status, const HighsInt* row_status) {
  Highs* h = static_cast<Highs*>(highs);
  const HighsLp& lp = h->getLp();
  const HighsInt num_col = lp.num_col_, num_row = lp.num_row_;
  if (num_row == 0) return -1;
  HighsBasis basis;
  basis.col_status.resize(num_col);
  basis.row_status.resize(num_row);
  HighsInt basic = 0;
  // take checks one status against its variable's bounds.
  auto take = [&basic](HighsInt st, double lower, double upper, HighsBasisStatus& to) {
    switch (static_cast<HighsBasisStatus>(st)) {
      case HighsBasisStatus::kBasic:
        basic++;
        break;
      case HighsBasisStatus::kLower:
        if (std::isinf(lower)) return false;
        break;
      case HighsBasisStatus::kUpper:
        if (std::isinf(upper)) return false;
        break;
      case HighsBasisStatus::kZero:
        if (!std::isinf(lower) || !std::isinf(upper)) return false;
        break;
      default:
        return false;
    }
    to = static_cast<HighsBasisStatus>(st);
    return true;
  };
  for (HighsInt j = 0; j < num_col; j++)
    if (!take(col_status[j], lp.col_lower_[j], lp.col_upper_[j], basis.col_status[j])) return -1;
  for (HighsInt i = 0; i < num_row; i++)
    if (!take(row_status[i], lp.row_lower_[i], lp.row_upper_[i], basis.row_status[i])) return -1;
  if (basic != num_row) return -1;
  basis.alien = false;
  basis.valid = true;
  return h->setBasis(basis, "teraplan") == HighsStatus::kError ? -1 : 0;
}
