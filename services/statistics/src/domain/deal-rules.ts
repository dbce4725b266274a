// What a deal must meet beyond its shape (the contracts' zod schema checks that): real USCCs and
// IP numbers with correct check characters, no IP item twice, a current Chongqing district, two
// different parties, and a contract date that is an outside fact: the bureau states it, not in the
// future and not further back than the backdating limit. Pure; every broken rule is reported.
import { outsideFactDateIssues, type BackdatingBounds } from '@ipledger/calendar';
import type { FieldIssue, RecordDealRequest } from '@ipledger/contracts';
import { districtIssues, ipItemIssues, validateUscc } from '@ipledger/identifiers';

export { normalisedIpNumber } from '@ipledger/identifiers';

export function checkDeal(request: RecordDealRequest, bounds: BackdatingBounds): FieldIssue[] {
  return [
    ...checkParties(request),
    ...ipItemIssues(request.ipItems),
    ...districtIssues(request.districtCode),
    ...outsideFactDateIssues('contractDate', request.contractDate, bounds),
  ];
}

/**
 * A reversal the bureau dates (the day the contract was rescinded) is an outside fact too: not in
 * the future, not before the contract, within the limit. Without a date it is the server's today.
 */
export function checkReversalDate(reversedOn: string, contractDate: string, bounds: BackdatingBounds): FieldIssue[] {
  return outsideFactDateIssues('reversedOn', reversedOn, bounds, [{ date: contractDate, what: 'the contract date' }]);
}

function checkParties(request: RecordDealRequest): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const side of ['from', 'to'] as const) {
    const uscc = validateUscc(request[side].uscc);
    if (!uscc.ok) issues.push({ field: `${side}.uscc`, rule: uscc.reason });
  }
  if (issues.length === 0 && request.from.uscc === request.to.uscc)
    issues.push({ field: 'to.uscc', rule: 'must differ from from.uscc: a deal is between two parties' });
  return issues;
}
