// A fund's budget years (风险补偿资金年度预算): opened by the first charge of the year, closed by the
// bureau. A closed year is never charged again:
//   - an approval is charged to the year of its (server) approval date, or, when the bureau has
//     closed that year, to the earliest later year that is not closed (opened as usual, with the
//     approving policy version's yearly budget);
//   - disposal proceeds returning to a closed year's line go to the current open year instead: the
//     earliest year not closed from the later of the year after the closed one and this year;
//   - a payout of what was approved before the close is still paid from the closed year (paying
//     is not a new charge).
// Approvals, recoveries and the close lock the year's row (SELECT … FOR UPDATE; years in ascending
// order), so a close and an approval serialise: whichever commits second sees the other. A trigger
// (fund_budgets_closed_frozen) refuses any charge to a closed row as a backstop.
import { Inject, Injectable } from '@nestjs/common';
import type { FundBudgetYearClosedResponse } from '@ipledger/contracts';
import type { TransactionClient } from './database';
import type { Outbox } from '@ipledger/messaging';
import { Money } from '@ipledger/money';
import {
  Clock,
  IllegalTransitionError,
  NotFoundError,
  OUTBOX,
  RuleViolationError,
  UnitOfWork,
  type CommandContext,
  type EventCause,
} from '@ipledger/service-kit';
import { yearOf, type LocalDate } from '@ipledger/calendar';
import type { z } from 'zod';
import type { PublishedPolicy } from './domain';
import type { FundBudget } from './claim-records';
import { toBudgetYearResponse } from './claim-response';
import { ClaimsRepository } from './claims.repository';
import { FundContributionsRepository } from './fund-contributions.repository';
import { PoliciesRepository } from './policies.repository';

/** More closed years in a row than this is a bug, not a budget. */
const MAX_CLOSED_YEARS_SKIPPED = 50;

@Injectable()
export class BudgetsService {
  constructor(
    private readonly claims: ClaimsRepository,
    private readonly policies: PoliciesRepository,
    private readonly contributions: FundContributionsRepository,
    private readonly unitOfWork: UnitOfWork<TransactionClient>,
    private readonly clock: Clock,
    @Inject(OUTBOX) private readonly outbox: Outbox,
  ) {}

  /**
   * Locks the budget year a charge dated in `fromYear` goes to: that year, or the earliest later
   * one the bureau has not closed, opening it (FundBudgetOpened) if needed.
   */
  async lockChargeableBudget(
    tx: TransactionClient,
    charge: { fundId: string; fromYear: number; policy: PublishedPolicy; on: LocalDate },
    cause: EventCause,
  ): Promise<{ budgetYear: number; budget: FundBudget }> {
    for (let budgetYear = charge.fromYear; budgetYear <= charge.fromYear + MAX_CLOSED_YEARS_SKIPPED; budgetYear += 1) {
      const budget = await this.openAndLock(tx, { fundId: charge.fundId, budgetYear, policy: charge.policy, on: charge.on }, cause);
      if (budget.closedAt === null) return { budgetYear, budget };
    }
    throw new Error(`fund ${charge.fundId}: more than ${MAX_CLOSED_YEARS_SKIPPED} closed budget years after ${charge.fromYear}`);
  }

  /**
   * Locks one budget year, open or closed, opening it first (FundBudgetOpened) with the policy's
   * yearly budget when nothing has opened it yet.
   */
  async openAndLock(
    tx: TransactionClient,
    year: { fundId: string; budgetYear: number; policy: PublishedPolicy; on: LocalDate },
    cause: EventCause,
  ): Promise<FundBudget> {
    const { fundId, budgetYear, policy, on } = year;
    const { opened, budget } = await this.claims.openAndLockBudget(tx, {
      fundId,
      budgetYear,
      policyId: policy.policyId,
      policyVersion: policy.version,
      appropriated: Money.of(policy.caps.fundYearlyBudget),
      openedOn: on,
    });
    if (opened) {
      await this.outbox.append(tx, {
        type: 'FundBudgetOpened',
        payload: {
          fundId,
          budgetYear,
          appropriated: budget.appropriated.toString(),
          policyId: policy.policyId,
          policyVersion: policy.version,
          openedOn: on,
        },
        ...cause,
      });
    }
    return budget;
  }

  /** The budget line a claim's returned proceeds go to: the year it was charged to, unless closed since. */
  async lockRecoveryBudget(
    tx: TransactionClient,
    claim: { fundId: string; budgetYear: number },
    policy: PublishedPolicy,
    cause: EventCause,
  ): Promise<number> {
    const charged = await this.claims.lockBudget(tx, claim);
    if (charged !== null && charged.closedAt === null) return claim.budgetYear;
    const today = this.clock.today();
    const fromYear = Math.max(claim.budgetYear + 1, yearOf(today));
    return (await this.lockChargeableBudget(tx, { fundId: claim.fundId, fromYear, policy, on: today }, cause)).budgetYear;
  }

  /** The bureau closes a budget year it opened, up to the current year; who closed it is recorded. */
  async close(fundId: string, budgetYear: number, ctx: CommandContext): Promise<z.infer<typeof FundBudgetYearClosedResponse>> {
    return this.unitOfWork.run(ctx, async (tx) => {
      const budget = await this.claims.lockBudget(tx, { fundId, budgetYear });
      if (budget === null) {
        if ((await this.policies.series(tx, fundId)).length === 0) throw new NotFoundError('fund', fundId);
        throw new RuleViolationError(
          `budget year ${budgetYear} of fund ${fundId} was never opened (nothing was charged to it), so there is nothing to close`,
          'NOT_OPENED',
        );
      }
      if (budget.closedAt !== null) {
        throw new IllegalTransitionError(`budget year ${budgetYear} of fund ${fundId} was already closed on ${budget.closedOn}`, 'CLOSED');
      }
      const today = this.clock.today();
      if (budgetYear > yearOf(today)) {
        throw new RuleViolationError(
          `budget year ${budgetYear} has not begun (today is ${today}); only a year up to the current one can be closed`,
          'OPEN',
        );
      }
      const closed = await this.claims.closeBudget(
        tx,
        { fundId, budgetYear },
        { on: today, at: this.clock.now(), by: { orgId: ctx.actor.orgId, userId: ctx.actor.userId } },
      );
      await this.outbox.append(tx, {
        type: 'FundBudgetYearClosed',
        payload: {
          fundId,
          budgetYear,
          closedOn: today,
          closedByOrgId: ctx.actor.orgId,
          closedByUserId: ctx.actor.userId,
          appropriated: closed.appropriated.toString(),
          used: closed.used.toString(),
          paid: closed.paid.toString(),
          shortfall: closed.shortfall.toString(),
          recovered: closed.recovered.toString(),
          claimsApproved: closed.claimsApproved,
        },
        ...ctx.cause,
      });
      return { fundId, year: toBudgetYearResponse(closed, await this.contributions.yearFunding(closed, tx)) };
    });
  }
}
