// What each event of the system adds to the statistics. Runs in the consumer's transaction (the
// transport's inbox makes a redelivered event a no-op); every write adds to a rollup or counter.
import { Injectable, Logger } from '@nestjs/common';
import type { EventEnvelope } from '@ipledger/contracts';
import type { TransactionClient } from './database';
import { Money } from '@ipledger/money';
import { todayInChina } from '@ipledger/service-kit';
import { daysBetween } from './domain/durations';
import { rollupDeltas, type Direction, type StatFact } from './domain/rollup';
import type { Deal } from './deal-records';
import { DealsRepository } from './deals.repository';
import { RollupsRepository } from './rollups.repository';

const yearOf = (date: string): number => Number(date.slice(0, 4));

@Injectable()
export class FactsService {
  private readonly logger = new Logger(FactsService.name);

  constructor(
    private readonly rollups: RollupsRepository,
    private readonly deals: DealsRepository,
  ) {}

  async dealRecorded(tx: TransactionClient, event: EventEnvelope<'DealRecorded'>): Promise<void> {
    const deal = event.payload;
    await this.addFact(tx, {
      category: deal.kind,
      on: deal.contractDate,
      amount: Money.of(deal.amount),
      districtCode: deal.districtCode,
      ipTypes: deal.ipItems.map((item) => item.ipType),
      industry: deal.industry,
    });
  }

  /** Takes back exactly what the recording added: the facts come from the stored deal. */
  async dealReversed(tx: TransactionClient, event: EventEnvelope<'DealReversed'>): Promise<void> {
    const deal = await this.deals.find(tx, event.payload.dealId);
    if (deal === null) throw new Error(`DealReversed for deal ${event.payload.dealId}, which is not recorded`);
    await this.addFact(tx, dealFact(deal), 'reverse');
  }

  async loanDisbursed(tx: TransactionClient, event: EventEnvelope<'LoanDisbursed'>): Promise<void> {
    const loan = event.payload;
    await this.addFact(tx, {
      category: 'pledge-financing',
      on: loan.disbursedOn,
      amount: Money.of(loan.principal),
      districtCode: loan.districtCode,
      ipTypes: loan.ipTypes,
      bankOrgId: loan.bankOrgId,
    });
    await this.rollups.addToCounter(tx, yearOf(loan.disbursedOn), 'loans-disbursed', Money.of(loan.principal));
  }

  async pledgeApplicationSubmitted(tx: TransactionClient, event: EventEnvelope<'PledgeApplicationSubmitted'>): Promise<void> {
    const submittedOn = todayInChina(() => new Date(event.payload.submittedAt));
    await this.rollups.rememberSubmission(tx, event.payload.pledgeId, submittedOn);
    await this.rollups.addToCounter(tx, yearOf(submittedOn), 'pledge-applications', Money.of(event.payload.requestedLoanAmount));
  }

  /** Counted in the year of registration; the days since submission go into that year's histogram. */
  async pledgeRegistered(tx: TransactionClient, event: EventEnvelope<'PledgeRegistered'>): Promise<void> {
    const { pledgeId, registrationDate } = event.payload;
    const year = yearOf(registrationDate);
    await this.rollups.addToCounter(tx, year, 'pledge-registrations');
    const submitted = await this.rollups.submissionOf(tx, pledgeId);
    if (submitted === null) {
      this.logger.warn(`PledgeRegistered for pledge ${pledgeId} without its submission: no duration recorded`);
      return;
    }
    await this.rollups.addDuration(tx, year, daysBetween(submitted, registrationDate));
  }

  async loanDefaulted(tx: TransactionClient, event: EventEnvelope<'LoanDefaulted'>): Promise<void> {
    const { defaultedOn, outstandingPrincipal } = event.payload;
    await this.rollups.addToCounter(tx, yearOf(defaultedOn), 'loans-defaulted', Money.of(outstandingPrincipal));
  }

  async fundBudgetOpened(tx: TransactionClient, event: EventEnvelope<'FundBudgetOpened'>): Promise<void> {
    const { fundId, budgetYear, appropriated } = event.payload;
    await this.rollups.openBudget(tx, fundId, budgetYear, Money.of(appropriated));
  }

  async compensationApproved(tx: TransactionClient, event: EventEnvelope<'CompensationApproved'>): Promise<void> {
    const { fundId, budgetYear, approvedOn, approvedAmount, fundPayable } = event.payload;
    await this.rollups.addToCounter(tx, yearOf(approvedOn), 'compensation-approved', Money.of(approvedAmount));
    await this.rollups.useBudget(tx, fundId, budgetYear, Money.of(fundPayable));
  }

  async compensationPaid(tx: TransactionClient, event: EventEnvelope<'CompensationPaid'>): Promise<void> {
    const { paidOn, amount } = event.payload;
    await this.rollups.addToCounter(tx, yearOf(paidOn), 'compensation-paid', Money.of(amount));
  }

  async recoveryDistributed(tx: TransactionClient, event: EventEnvelope<'RecoveryDistributed'>): Promise<void> {
    const { distributedOn, netProceeds } = event.payload;
    await this.rollups.addToCounter(tx, yearOf(distributedOn), 'compensation-recovered', Money.of(netProceeds));
  }

  private addFact(tx: TransactionClient, fact: StatFact, direction: Direction = 'record'): Promise<void> {
    return this.rollups.addRollups(tx, rollupDeltas(fact, direction));
  }
}

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
