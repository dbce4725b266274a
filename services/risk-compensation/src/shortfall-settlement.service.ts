// Fund shortfalls settled from later budgets (docs/funds.md, "Shortfalls"; the rules are
// domain/shortfall-settlement.ts). Whoever gives a budget year room — an approval charging it, a
// contribution opening or topping it up — settles the fund's outstanding shortfalls from it first,
// in two steps that keep the lock order of every claim command (claims → budget year):
//   1. lockOutstanding, before the year's row is locked: the fund's claims with a shortfall left;
//   2. settleFrom, with the year's row locked: charges what it can, oldest approval first, and
//      tells the ledger both sides (CompensationShortfallSettled keyed by the fund,
//      LoanShortfallSettled keyed by the loan).
// A bureau user then records paying the bank (recordPayment), like the approval's payout.
import { Inject, Injectable } from '@nestjs/common';
import { ComputationResponse, type ClaimResponse, type RecordClaimPaymentRequest } from '@ipledger/contracts';
import type { Outbox } from '@ipledger/messaging';
import { Money } from '@ipledger/money';
import {
  Clock,
  ForbiddenError,
  newId,
  NotFoundError,
  OUTBOX,
  RuleViolationError,
  UnitOfWork,
  type CommandContext,
  type EventCause,
} from '@ipledger/service-kit';
import type { LocalDate } from '@ipledger/calendar';
import {
  compensationReceivable,
  outstandingShortfall,
  paymentFourEyesRefusal,
  settlementOnLoan,
  settleShortfalls,
  type ShortfallClaim,
} from './domain';
import { budgetRemaining, type Claim, type FundBudget } from './claim-records';
import { toClaimResponse } from './claim-response';
import { ClaimsRepository } from './claims.repository';
import type { TransactionClient } from './database';

/** The claim as the settlement rules read it. */
export function toShortfallClaim(claim: Claim): ShortfallClaim {
  const bankLine = claim.recovery?.returns.find((line) => line.party === 'bank');
  const bankPart = claim.parts.find((part) => part.party === 'bank')?.amount ?? Money.zero();
  return {
    claimId: claim.id,
    fundShortfall: claim.fundShortfall ?? Money.zero(),
    shortfallSettled: claim.shortfallSettled,
    closedWith:
      claim.status !== 'CLOSED'
        ? null
        : {
            bankBore: Money.of(bankLine?.bore ?? '0.00'),
            bankPart,
            bankReturned: Money.of(bankLine?.returned ?? '0.00'),
          },
  };
}

@Injectable()
export class ShortfallSettlementService {
  constructor(
    private readonly claims: ClaimsRepository,
    private readonly unitOfWork: UnitOfWork<TransactionClient>,
    private readonly clock: Clock,
    @Inject(OUTBOX) private readonly outbox: Outbox,
  ) {}

  /** Step 1 (before the budget year's row): the fund's claims with a shortfall left, locked, oldest approval first. */
  async lockOutstanding(tx: TransactionClient, fundId: string): Promise<Claim[]> {
    const claims = await this.claims.lockClaimsWithShortfall(tx, fundId);
    return claims.filter((claim) => outstandingShortfall(toShortfallClaim(claim)).isPositive());
  }

  /**
   * Step 2 (the year's row locked): settles the claims' shortfalls charged to this year or an earlier
   * one from what remains of it. Returns the year as it now stands (unchanged when closed or full).
   */
  async settleFrom(
    tx: TransactionClient,
    claims: readonly Claim[],
    year: FundBudget,
    on: LocalDate,
    cause: EventCause,
  ): Promise<FundBudget> {
    if (year.closedAt !== null || claims.length === 0) return year;
    const eligible = claims.filter((claim) => claim.budgetYear !== null && claim.budgetYear <= year.budgetYear);
    const settlements = settleShortfalls(
      eligible.map((claim) => ({ claimId: claim.id, amount: outstandingShortfall(toShortfallClaim(claim)) })),
      budgetRemaining(year),
    );
    let current = year;
    for (const settlement of settlements) {
      const claim = eligible.find((candidate) => candidate.id === settlement.claimId);
      if (claim === undefined) continue;
      const id = newId('shortfallSettlement');
      current = await this.claims.recordShortfallSettlement(tx, {
        id,
        claimId: claim.id,
        fundId: year.fundId,
        budgetYear: year.budgetYear,
        amount: settlement.amount,
        settledOn: on,
      });
      await this.announce(tx, claim, { id, budgetYear: year.budgetYear, amount: settlement.amount, on }, cause);
    }
    return current;
  }

  /** The bureau paid the bank what later budgets settled of the claim's shortfall (all unpaid settlements). */
  async recordPayment(claimId: string, request: RecordClaimPaymentRequest, ctx: CommandContext): Promise<ClaimResponse> {
    return this.unitOfWork.run(ctx, async (tx) => {
      const claim = await this.claims.lock(tx, claimId);
      if (claim === null) throw new NotFoundError('claim', claimId);
      const unpaid = claim.shortfallSettlements.filter((settlement) => settlement.payment === null);
      if (unpaid.length === 0) {
        throw new RuleViolationError(`claim ${claim.id} has no settled shortfall to pay`, claim.status, [
          { field: 'claimId', rule: 'nothing settled from a later budget is unpaid', code: 'no-settled-shortfall' },
        ]);
      }
      const refusal = paymentFourEyesRefusal({ id: claim.id, approverUserId: claim.decidedByUserId }, ctx.actor.userId);
      if (refusal !== undefined) throw new ForbiddenError(refusal);
      const paidOn = this.clock.today();
      await this.claims.recordSettlementPayments(
        tx,
        unpaid.map((settlement) => settlement.id),
        { paidOn, reference: request.paymentReference, by: { orgId: ctx.actor.orgId, userId: ctx.actor.userId } },
      );
      // One payout per budget year charged, in year order: the ledger's and the budget's `paid`.
      const years = [...new Set(unpaid.map((settlement) => settlement.budgetYear))].sort((a, b) => a - b);
      for (const budgetYear of years) {
        const amount = Money.sum(
          unpaid.filter((settlement) => settlement.budgetYear === budgetYear).map((settlement) => settlement.amount),
        );
        await this.claims.lockBudget(tx, { fundId: claim.fundId, budgetYear });
        await this.claims.recordBudgetPayment(tx, { fundId: claim.fundId, budgetYear }, amount);
        await this.outbox.append(tx, {
          type: 'CompensationPaid',
          payload: {
            claimId: claim.id,
            fundId: claim.fundId,
            loanId: claim.loanId,
            bankOrgId: claim.bankOrgId,
            budgetYear,
            amount: amount.toString(),
            paidOn,
            paymentReference: request.paymentReference,
          },
          ...ctx.cause,
        });
      }
      const paid = await this.claims.find(tx, claim.id);
      if (paid === null) throw new NotFoundError('claim', claimId);
      return toClaimResponse(paid);
    });
  }

  /** Both sides of one settlement for the ledger: the fund's (by fund) and the loan's (by loan). */
  private async announce(
    tx: TransactionClient,
    claim: Claim,
    settlement: { id: string; budgetYear: number; amount: Money; on: LocalDate },
    cause: EventCause,
  ): Promise<void> {
    const computation = ComputationResponse.parse(claim.computation);
    const parts = claim.parts.map((part) => ({ party: part.party, amount: part.amount }));
    const owedBefore = compensationReceivable({
      parts,
      fund: { paid: Money.of(computation.fund.paid), settled: claim.shortfallSettled },
    });
    const onLoan = settlementOnLoan({
      outstandingPrincipal: Money.of(computation.base.principal),
      owedBefore,
      amount: settlement.amount,
    });
    const common = {
      settlementId: settlement.id,
      claimId: claim.id,
      loanId: claim.loanId,
      bankOrgId: claim.bankOrgId,
      fundId: claim.fundId,
    };
    await this.outbox.append(tx, {
      type: 'CompensationShortfallSettled',
      payload: { ...common, budgetYear: settlement.budgetYear, settledOn: settlement.on, amount: settlement.amount.toString() },
      ...cause,
    });
    await this.outbox.append(tx, {
      type: 'LoanShortfallSettled',
      payload: {
        ...common,
        settledOn: settlement.on,
        amount: settlement.amount.toString(),
        principalSettled: onLoan.principal.toString(),
        writtenOff: claim.status === 'CLOSED',
        interestCompensated: onLoan.interest.toString(),
      },
      ...cause,
    });
  }
}
