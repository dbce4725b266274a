// Identifier checks that requests share (a pledge application, a recorded deal): every IP item a
// real number with its check character and listed once, and the district a current Chongqing
// division. Each answer names the request field it concerns, so services return them as they are.
import { validateChongqingDivisionCode } from './chongqing-division-code';
import { validateIpNumber } from './ip-number';
import { rightRegisterOf } from './ip-types';

export interface IdentifierIssue {
  field: string;
  rule: string;
}

/** Problems with `ipItems[i].number`: a wrong number, or the same item listed twice. */
export function ipItemIssues(items: readonly { ipType: string; number: string }[]): IdentifierIssue[] {
  const issues: IdentifierIssue[] = [];
  const firstPosition = new Map<string, number>();
  items.forEach((item, index) => {
    const field = `ipItems[${index}].number`;
    const number = validateIpNumber(item.ipType, item.number);
    if (!number.ok) {
      issues.push({ field, rule: number.reason });
      return;
    }
    // "ZL201910884346.5" and "201910884346.5" are the same patent: compare normalised numbers, in
    // the register the right belongs to (a geographical indication is its mark's trademark number).
    const key = `${rightRegisterOf(number.value.ipType)} ${number.value.normalised}`;
    const earlier = firstPosition.get(key);
    if (earlier === undefined) firstPosition.set(key, index);
    else issues.push({ field, rule: `${item.ipType} ${number.value.normalised} is already listed as ipItems[${earlier}]` });
  });
  return issues;
}

/** Problems with a district code on a new record: unknown, or retired (naming today's division). */
export function districtIssues(code: string, field = 'districtCode'): IdentifierIssue[] {
  const division = validateChongqingDivisionCode(code);
  if (!division.ok) {
    const rule = division.reason.includes(code) ? division.reason : `division code ${code}: ${division.reason}`;
    return [{ field, rule }];
  }
  // Retired codes stay readable on old records, but a new record names today's division.
  if (division.value.retired) {
    return [{ field, rule: `division code ${code} (${division.value.name}) was retired; use ${division.value.successor}` }];
  }
  return [];
}

/** The one spelling an IP item is stored under (a granted patent loses its "ZL"); call after the checks. */
export function normalisedIpNumber(ipType: string, number: string): string {
  const result = validateIpNumber(ipType, number);
  return result.ok ? result.value.normalised : number;
}
