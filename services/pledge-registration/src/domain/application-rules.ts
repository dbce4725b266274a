// What a pledge application must meet beyond its shape (the contracts' zod schema checks that):
// real identifiers with correct check characters, no IP item twice, a Chongqing district.
// Pure: no framework, no database. Every broken rule is reported, not just the first.
import type { FieldIssue, RegisterPledgeRequest, SubmitPledgeApplicationRequest } from '@ipledger/contracts';
import { validateChongqingDivisionCode, validateIpNumber, validateUscc } from '@ipledger/identifiers';

export function checkApplication(request: SubmitPledgeApplicationRequest): FieldIssue[] {
  return [...checkPledgor(request), ...checkIpItems(request), ...checkDistrict(request.districtCode)];
}

function checkPledgor(request: SubmitPledgeApplicationRequest): FieldIssue[] {
  const uscc = validateUscc(request.pledgor.uscc);
  return uscc.ok ? [] : [{ field: 'pledgor.uscc', rule: uscc.reason }];
}

function checkIpItems(request: SubmitPledgeApplicationRequest): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const firstPosition = new Map<string, number>();
  request.ipItems.forEach((item, index) => {
    const field = `ipItems[${index}].number`;
    const number = validateIpNumber(item.ipType, item.number);
    if (!number.ok) {
      issues.push({ field, rule: number.reason });
      return;
    }
    // "ZL201910884346.5" and "201910884346.5" are the same patent: compare normalised numbers.
    const key = `${item.ipType} ${number.value.normalised}`;
    const earlier = firstPosition.get(key);
    if (earlier === undefined) firstPosition.set(key, index);
    else issues.push({ field, rule: `${key} is already listed as ipItems[${earlier}]` });
  });
  return issues;
}

function checkDistrict(code: string): FieldIssue[] {
  const division = validateChongqingDivisionCode(code);
  if (!division.ok) {
    const rule = division.reason.includes(code) ? division.reason : `division code ${code}: ${division.reason}`;
    return [{ field: 'districtCode', rule }];
  }
  // Retired codes stay readable on old records, but a new application names today's division.
  if (division.value.retired) {
    return [{ field: 'districtCode', rule: `division code ${code} (${division.value.name}) was retired; use ${division.value.successor}` }];
  }
  return [];
}

/** The one spelling an IP item is stored under (a granted patent loses its "ZL"); call after checkApplication. */
export function normalisedIpNumber(ipType: string, number: string): string {
  const result = validateIpNumber(ipType, number);
  return result.ok ? result.value.normalised : number;
}

/** The registrar's date cannot lie ahead of today. */
export function checkRegistration(request: RegisterPledgeRequest, today: string): FieldIssue[] {
  if (request.registrationDate > today) {
    return [{ field: 'registrationDate', rule: `must not be in the future (today is ${today})` }];
  }
  return [];
}
