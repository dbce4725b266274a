// Early warnings for the bureau and the statisticians. Each rule is a plain comparison with its
// threshold written here, and each warning says the numbers that raised it.
import { Money, percentOf } from '@ipledger/money';

export type WarningCode = 'budget-burn-ahead' | 'default-rate-rising' | 'pace-below-target';

export interface Warning {
  readonly code: WarningCode;
  readonly message: string;
}

/** Budget used ahead of the calendar by more than this many percentage points. */
export const BUDGET_BURN_MARGIN_POINTS = 10;
/** Default rate up by more than this many percentage points on the previous year. */
export const DEFAULT_RATE_RISE_POINTS = 1;

export interface WarningInput {
  /** Share of the year elapsed, in percent (e.g. "83.56" on 31 October). */
  readonly yearElapsedPercent: string;
  /** Each fund's budget for the year (appropriated plus top-ups) and what it used. */
  readonly budgets: readonly { readonly fundId: string; readonly budget: Money; readonly used: Money }[];
  readonly defaultRatePercent: string | null;
  readonly previousDefaultRatePercent: string | null;
  readonly projected: Money;
  readonly target: Money;
}

export function earlyWarnings(input: WarningInput): Warning[] {
  const warnings: Warning[] = [];
  const elapsed = Number(input.yearElapsedPercent);
  for (const budget of input.budgets) {
    if (budget.budget.isZero()) continue;
    const used = percentOf(budget.used, budget.budget);
    if (Number(used) > elapsed + BUDGET_BURN_MARGIN_POINTS) {
      warnings.push({
        code: 'budget-burn-ahead',
        message: `fund ${budget.fundId} has used ${used} % of its budget with ${input.yearElapsedPercent} % of the year gone`,
      });
    }
  }
  if (input.defaultRatePercent !== null && input.previousDefaultRatePercent !== null) {
    if (Number(input.defaultRatePercent) > Number(input.previousDefaultRatePercent) + DEFAULT_RATE_RISE_POINTS) {
      warnings.push({
        code: 'default-rate-rising',
        message: `the default rate is ${input.defaultRatePercent} %, up from ${input.previousDefaultRatePercent} % last year`,
      });
    }
  }
  if (input.projected.lt(input.target)) {
    warnings.push({
      code: 'pace-below-target',
      message: `at this pace the year ends at ${input.projected.toString()} yuan, ${percentOf(input.projected, input.target)} % of the target ${input.target.toString()}`,
    });
  }
  return warnings;
}
