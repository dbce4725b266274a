// What each event of the system adds to the statistics. A run of events (one, or a consumed batch)
// is summed in memory (domain/statistics-changes.ts) and stored in one go, in the consumer's
// transaction: the transport's inbox makes a redelivered event a no-op, and every write adds to a
// rollup or counter. Three events need what earlier ones stored: a deal's reversal takes back what
// the stored deal added, a registration's duration starts at the pledge's submission, and a
// subsidy's payout is counted under its approval's district and industry. Each is read once per
// run, and a submission or approval earlier in the same run counts as stored.
import { Injectable, Logger } from '@nestjs/common';
import type { AnyEventEnvelope } from '@ipledger/contracts';
import type { TransactionClient } from './database';
import { Money } from '@ipledger/money';
import { todayInChina } from '@ipledger/service-kit';
import type { LocalDate } from '@ipledger/calendar';
import { daysBetween } from './domain/durations';
import { rollupDeltas, type StatFact } from './domain/rollup';
import { UNKNOWN_VALUE } from './domain/categories';
import { StatisticsChanges, type SubsidyApprovalChange } from './domain/statistics-changes';
import { subsidyDeltas } from './domain/subsidies';
import type { Deal } from './deal-records';
import { DealsRepository } from './deals.repository';
import { RollupsRepository } from './rollups.repository';

const yearOf = (date: string): number => Number(date.slice(0, 4));

/** What events of a run read from storage: the reversed deals, the registered pledges' submissions and the paid subsidies' approvals. */
interface StoredFacts {
  readonly deals: ReadonlyMap<string, Deal>;
  readonly submissions: ReadonlyMap<string, LocalDate>;
  readonly subsidyApprovals: ReadonlyMap<string, SubsidyApprovalChange>;
}

@Injectable()
export class FactsService {
  private readonly logger = new Logger(FactsService.name);

  constructor(
    private readonly rollups: RollupsRepository,
    private readonly deals: DealsRepository,
  ) {}

  /** Adds what the events count, in their order; events the statistics do not count change nothing. */
  async recordAll(tx: TransactionClient, events: readonly AnyEventEnvelope[]): Promise<void> {
    const stored = await this.storedFactsFor(tx, events);
    const changes = new StatisticsChanges();
    for (const event of events) this.add(changes, event, stored);
    await this.rollups.apply(tx, changes);
  }

  private async storedFactsFor(tx: TransactionClient, events: readonly AnyEventEnvelope[]): Promise<StoredFacts> {
    const reversedDealIds = events.filter(isType('DealReversed')).map((event) => event.payload.dealId);
    const registeredPledgeIds = events.filter(isType('PledgeRegistered')).map((event) => event.payload.pledgeId);
    const paidApplicationIds = events.filter(isType('SubsidyPaid')).map((event) => event.payload.applicationId);
    // One after the other: a transaction is one connection, which runs one statement at a time.
    const deals = await this.deals.findAll(tx, reversedDealIds);
    const submissions = await this.rollups.submissionsOf(tx, registeredPledgeIds);
    const subsidyApprovals = await this.rollups.subsidyApprovalsOf(tx, paidApplicationIds);
    return { deals: new Map(deals.map((deal) => [deal.id, deal])), submissions, subsidyApprovals };
  }

  private add(changes: StatisticsChanges, event: AnyEventEnvelope, stored: StoredFacts): void {
    switch (event.type) {
      case 'DealRecorded': {
        const deal = event.payload;
        changes.addRollups(
          rollupDeltas({
            category: deal.kind,
            on: deal.contractDate,
            amount: Money.of(deal.amount),
            districtCode: deal.districtCode,
            ipTypes: deal.ipItems.map((item) => item.ipType),
            industry: deal.industry,
          }),
        );
        return;
      }
      case 'DealReversed': {
        // Takes back exactly what the recording added: the facts come from the stored deal.
        const deal = stored.deals.get(event.payload.dealId);
        if (deal === undefined) throw new Error(`DealReversed for deal ${event.payload.dealId}, which is not recorded`);
        changes.addRollups(rollupDeltas(dealFact(deal), 'reverse'));
        return;
      }
      case 'LoanDisbursed': {
        const loan = event.payload;
        changes.addRollups(
          rollupDeltas({
            category: 'pledge-financing',
            on: loan.disbursedOn,
            amount: Money.of(loan.principal),
            districtCode: loan.districtCode,
            ipTypes: loan.ipTypes,
            bankOrgId: loan.bankOrgId,
            // The borrower's GB/T 4754 section as registered with the pledge; unclassified when not stated.
            ...(loan.borrowerIndustry === undefined ? {} : { industry: loan.borrowerIndustry }),
          }),
        );
        changes.addToCounter(yearOf(loan.disbursedOn), 'loans-disbursed', Money.of(loan.principal));
        return;
      }
      case 'PledgeApplicationSubmitted': {
        const submittedOn = todayInChina(() => new Date(event.payload.submittedAt));
        changes.rememberSubmission(event.payload.pledgeId, submittedOn);
        changes.addToCounter(yearOf(submittedOn), 'pledge-applications', Money.of(event.payload.requestedLoanAmount));
        return;
      }
      case 'PledgeRegistered': {
        // Counted in the year of registration; the days since submission go into that year's histogram.
        const { pledgeId, registrationDate } = event.payload;
        const year = yearOf(registrationDate);
        changes.addToCounter(year, 'pledge-registrations');
        const submitted = changes.submissionOf(pledgeId) ?? stored.submissions.get(pledgeId);
        if (submitted === undefined) {
          this.logger.warn(`PledgeRegistered for pledge ${pledgeId} without its submission: no duration recorded`);
          return;
        }
        changes.addDuration(year, daysBetween(submitted, registrationDate));
        return;
      }
      case 'LoanDefaulted':
        changes.addToCounter(yearOf(event.payload.defaultedOn), 'loans-defaulted', Money.of(event.payload.outstandingPrincipal));
        return;
      case 'FundBudgetOpened': {
        const { fundId, budgetYear, appropriated } = event.payload;
        changes.openBudget(fundId, budgetYear, Money.of(appropriated));
        return;
      }
      case 'FundContributionReceived': {
        const { fundId, budgetYear, kind, amount } = event.payload;
        // A payment towards the appropriation was counted when the year opened; a top-up raises the budget.
        if (kind === 'top-up') changes.topUpBudget(fundId, budgetYear, Money.of(amount));
        return;
      }
      case 'CompensationApproved': {
        const { fundId, budgetYear, approvedOn, approvedAmount, fundPayable } = event.payload;
        changes.addToCounter(yearOf(approvedOn), 'compensation-approved', Money.of(approvedAmount));
        changes.useBudget(fundId, budgetYear, Money.of(fundPayable));
        return;
      }
      case 'CompensationShortfallSettled':
        // A later year's budget settles an earlier shortfall: that year's budget is used by it.
        changes.useBudget(event.payload.fundId, event.payload.budgetYear, Money.of(event.payload.amount));
        return;
      case 'CompensationPaid':
        changes.addToCounter(yearOf(event.payload.paidOn), 'compensation-paid', Money.of(event.payload.amount));
        return;
      case 'RecoveryDistributed':
        changes.addToCounter(yearOf(event.payload.distributedOn), 'compensation-recovered', Money.of(event.payload.netProceeds));
        return;
      case 'SubsidyApproved': {
        const { applicationId, kind, approvedOn, approvedAmount, bankOrgId, districtCode, industry } = event.payload;
        changes.rememberSubsidyApproval({ applicationId, districtCode, industry, approvedOn });
        changes.addSubsidies(
          subsidyDeltas({ measure: 'approved', kind, on: approvedOn, amount: Money.of(approvedAmount), bankOrgId, districtCode, industry }),
        );
        return;
      }
      case 'SubsidyPaid': {
        // Kind and bank are the payout's own; district and industry its approval's.
        const { applicationId, kind, paidOn, amount, bankOrgId } = event.payload;
        const approval = changes.subsidyApprovalOf(applicationId) ?? stored.subsidyApprovals.get(applicationId);
        if (approval === undefined)
          this.logger.warn(`SubsidyPaid for application ${applicationId} without its approval: counted under 不详 district and industry`);
        changes.addSubsidies(
          subsidyDeltas({
            measure: 'paid',
            kind,
            on: paidOn,
            amount: Money.of(amount),
            bankOrgId,
            districtCode: approval?.districtCode ?? UNKNOWN_VALUE,
            industry: approval === undefined ? UNKNOWN_VALUE : approval.industry,
          }),
        );
        return;
      }
      default:
        return;
    }
  }
}

const isType =
  <T extends AnyEventEnvelope['type']>(type: T) =>
  (event: AnyEventEnvelope): event is Extract<AnyEventEnvelope, { type: T }> =>
    event.type === type;

function dealFact(deal: Deal): StatFact {
  return {
    category: deal.kind,
    on: deal.contractDate,
    amount: deal.amount,
    districtCode: deal.districtCode,
    ipTypes: deal.ipItems.map((item) => item.ipType),
    industry: deal.industry,
  };
}
