// The checks a published version of policy data (a compensation policy, a subsidy scheme) is held
// to: amounts in the wire format, counts, dates, scope; every problem named by field and rule.
import { isAfter, isLocalDate, type LocalDate } from '@ipledger/calendar';
import { Money } from '@ipledger/money';
import type { MoneyString, PolicyProblem, PolicyScope } from './policy';

export function problem(field: string, rule: string, message: string): PolicyProblem {
  return { field, rule, message };
}

/** effectiveFrom a date; effectiveTo, when given, a later date (exclusive). */
export function checkDates(draft: { readonly effectiveFrom: LocalDate; readonly effectiveTo?: LocalDate }): PolicyProblem[] {
  if (!isLocalDate(draft.effectiveFrom)) {
    return [problem('effectiveFrom', 'date', `effectiveFrom must be a date YYYY-MM-DD, got ${JSON.stringify(draft.effectiveFrom)}`)];
  }
  if (draft.effectiveTo === undefined) return [];
  if (!isLocalDate(draft.effectiveTo)) {
    return [problem('effectiveTo', 'date', `effectiveTo must be a date YYYY-MM-DD, got ${JSON.stringify(draft.effectiveTo)}`)];
  }
  return isAfter(draft.effectiveTo, draft.effectiveFrom)
    ? []
    : [problem('effectiveTo', 'after-effective-from', 'effectiveTo must be after effectiveFrom')];
}

/** A scope: a city, optionally its division-code prefix, optionally one district of it. */
export function checkScope(scope: PolicyScope): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  if (scope.city.trim() === '') problems.push(problem('scope.city', 'required', 'a policy applies to a city'));
  if (scope.district !== undefined && !/^\d{6}$/.test(scope.district)) {
    problems.push(
      problem('scope.district', 'division-code', `a district is a 6-digit division code, got ${JSON.stringify(scope.district)}`),
    );
  }
  const { cityCode, district } = scope;
  if (cityCode !== undefined && !/^\d{2}(\d{2})?$/.test(cityCode)) {
    problems.push(
      problem(
        'scope.cityCode',
        'division-prefix',
        `a city code is the 2 or 4 leading digits of a division code, got ${JSON.stringify(cityCode)}`,
      ),
    );
  } else if (cityCode !== undefined && district !== undefined && !district.startsWith(cityCode)) {
    problems.push(problem('scope.district', 'in-city', `district ${district} is not in the city's division codes ${cityCode}…`));
  }
  return problems;
}

export function checkMoney(field: string, value: MoneyString, allowZero: boolean): PolicyProblem[] {
  // Stored policy data uses the wire format, so a version reads the same wherever it is shown.
  if (!Money.isMoneyString(value)) {
    return [
      problem(
        field,
        'money-string',
        `${field} must be an amount with exactly two decimals such as "1000000.00", got ${JSON.stringify(value)}`,
      ),
    ];
  }
  const parsed = Money.parse(value, { field, allowZero });
  return parsed.ok ? [] : [problem(field, allowZero ? 'non-negative-amount' : 'positive-amount', parsed.error.message)];
}

export function checkOptionalPositive(field: string, value: MoneyString | undefined): PolicyProblem[] {
  return value === undefined ? [] : checkMoney(field, value, false);
}

export function checkOptionalCount(field: string, value: number | undefined, min: number): PolicyProblem[] {
  if (value === undefined || (Number.isSafeInteger(value) && value >= min)) return [];
  return [problem(field, 'whole-number', `${field} must be a whole number ≥ ${min}, got ${value}`)];
}

/** Frozen all the way down: a published version cannot be changed in memory either. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}
