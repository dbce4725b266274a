// The register of pledged rights and the bureau's decision on an application, as pure rules:
// which IP items are held by another registered pledge, when the bureau must decide, what a
// change of registration (变更登记) changes, and when a bank may have a pledge released.
// Pure: no framework, no database.
import { countWorkingDays, isAfter, type WorkingDayCalendar } from '@ipledger/calendar';
import type { FieldIssue } from '@ipledger/contracts';
import { isIpType, rightRegisterOf } from '@ipledger/identifiers';
import { Money } from '@ipledger/money';

/** A right in the register, as stored: by IP type and normalised number. */
export interface RegisteredRight {
  /** The pledge that holds it. */
  readonly pledgeId: string;
  readonly ipType: string;
  readonly number: string;
  /** The registrar's number of the pledge that holds it. */
  readonly registrationNumber: string;
  readonly registeredOn: string;
}

/** The register type a right is keyed by in the register of pledged rights (rightRegisterOf). */
export function registerOf(ipType: string): string {
  return isIpType(ipType) ? rightRegisterOf(ipType) : ipType;
}

/**
 * The items of an application that are under another registered pledge, each on its field
 * (`ipItems[i].number`) naming the registration that holds it. Empty: every right is free.
 */
export function rightsAlreadyPledged(
  items: readonly { readonly ipType: string; readonly number: string }[],
  held: readonly RegisteredRight[],
): FieldIssue[] {
  const issues: FieldIssue[] = [];
  items.forEach((item, index) => {
    const holder = held.find((right) => right.ipType === registerOf(item.ipType) && right.number === item.number);
    if (holder === undefined) return;
    issues.push({
      field: `ipItems[${index}].number`,
      rule: `${item.ipType} ${item.number} is under registered pledge ${holder.registrationNumber} (registered on ${holder.registeredOn}); it can be pledged again once that pledge is released`,
    });
  });
  return issues;
}

/** "ipItems[0].number: … registered pledge Y2026…" as one message for the 409. */
export function alreadyPledgedMessage(issues: readonly FieldIssue[]): string {
  return `an IP right may carry only one registered pledge: ${issues.map((issue) => `${issue.field}: ${issue.rule}`).join('; ')}`;
}

export interface DecisionDeadline {
  /** The last day the bureau should decide on: N working days after the receipt. */
  readonly deadline: string;
  /** Counted through a year whose PRC holidays are not entered (Monday to Friday). */
  readonly provisional: boolean;
  /** Today is after the deadline (deciding on the deadline day is in time). */
  readonly overdue: boolean;
}

/**
 * The bureau's decision deadline for an application received (first or again after 补正) on
 * `receivedOn`: the receipt day is not counted, as with the registrar's "within N working days".
 */
export function decisionDeadline(receivedOn: string, workingDays: number, today: string, calendar: WorkingDayCalendar): DecisionDeadline {
  const count = countWorkingDays(receivedOn, workingDays, calendar);
  return { deadline: count.date, provisional: count.provisional, overdue: isAfter(today, count.date) };
}

/** What a registration version says. */
export interface RegistrationTerms {
  readonly securedAmount: string;
  readonly termMonths: number;
  readonly pledgorName: string;
}

/**
 * 变更登记: the terms of the next version, or the issue when the request changes nothing that
 * is registered (a version that says the same as the last is no change).
 */
export function changedTerms(
  current: RegistrationTerms,
  change: { readonly securedAmount?: string; readonly termMonths?: number; readonly pledgorName?: string },
): { ok: true; terms: RegistrationTerms } | { ok: false; issues: FieldIssue[] } {
  const terms: RegistrationTerms = {
    securedAmount: change.securedAmount === undefined ? current.securedAmount : Money.of(change.securedAmount).toString(),
    termMonths: change.termMonths ?? current.termMonths,
    pledgorName: change.pledgorName ?? current.pledgorName,
  };
  const same =
    Money.of(terms.securedAmount).eq(Money.of(current.securedAmount)) &&
    terms.termMonths === current.termMonths &&
    terms.pledgorName === current.pledgorName;
  if (same) {
    return {
      ok: false,
      issues: [
        {
          field: 'securedAmount',
          rule: `changes nothing: the registration already says ${current.securedAmount} for ${current.termMonths} months, pledgor ${current.pledgorName}`,
        },
      ],
    };
  }
  return { ok: true, terms };
}

/** A bank may have its pledge released (注销登记) only while it secures no loan; a loan's closure releases it otherwise. */
export function bankReleaseRefusal(pledgeId: string, loanId: string | null): string | null {
  if (loanId === null) return null;
  return `pledge ${pledgeId} secures loan ${loanId}: it is released when that loan closes (repaid), or disposed of after a default`;
}
