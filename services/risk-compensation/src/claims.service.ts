// The claim path: a bank files, the bureau approves or rejects, the fund pays. Eligibility, the
// computation and the lifecycle are the domain's; this file loads the facts, takes the locks that
// make racing approvals safe, stores the outcome and appends the events in the same transaction.
import { Inject, Injectable } from '@nestjs/common';
import type {
  ApproveClaimRequest,
  ClaimResponse,
  ClaimStatus,
  FileClaimRequest,
  FieldIssue,
  PrepareClaimRequest,
  RecordClaimPaymentRequest,
  RejectClaimRequest,
} from '@ipledger/contracts';
import { isUniqueViolation } from '@ipledger/db';
import type { TransactionClient } from './database';
import type { Outbox } from '@ipledger/messaging';
import { Money, Rate } from '@ipledger/money';
import {
  ForbiddenError,
  IllegalTransitionError,
  newId,
  NotFoundError,
  OUTBOX,
  RuleViolationError,
  Clock,
  UnitOfWork,
  requireOwn,
  requireReadable,
  type CommandContext,
  type EventCause,
  type RequestContext,
} from '@ipledger/service-kit';
import { yearOf, type WorkingDayCalendar } from '@ipledger/calendar';
import {
  borrowerCoverageTakenBefore,
  checkClaim,
  claimTransition,
  compensationReceivable,
  computeCompensation,
  fourEyesRefusal,
  paymentFourEyesRefusal,
  type ClaimCommand,
  type ClaimRule,
  type ClaimStatus as DomainClaimStatus,
  type ExistingClaim,
  type LoanFacts,
  type PartyRole,
  type PublishedPolicy,
} from './domain';
import { BudgetsService } from './budgets.service';
import { ShortfallSettlementService } from './shortfall-settlement.service';
import { CalendarService } from './calendar.service';
import { CLAIM_ACCESS, CLAIMED_LOAN_ACCESS } from './claim-access';
import { toClaimResponse, toComputationResponse } from './claim-response';
import { budgetRemaining, type Claim } from './claim-records';
import { ClaimsRepository } from './claims.repository';
import { LoanFactsRepository, type LoanFactsRecord } from './loan-facts.repository';
import { PoliciesRepository } from './policies.repository';
import { toPublishedPolicy } from './policy-documents';
import { SettlementService } from './settlement.service';

/** The request field a refused rule is about, so the bank's developer knows where to look. */
const RULE_FIELDS: Partial<Record<ClaimRule, string>> = {
  'not-covered:borrower-registration': 'borrowerRegisteredOn',
  'not-covered:credit-history': 'borrowerLastBadCreditOn',
};

@Injectable()
export class ClaimsService {
  constructor(
    private readonly claims: ClaimsRepository,
    private readonly facts: LoanFactsRepository,
    private readonly policies: PoliciesRepository,
    private readonly settlement: SettlementService,
    private readonly calendar: CalendarService,
    private readonly budgets: BudgetsService,
    private readonly shortfalls: ShortfallSettlementService,
    private readonly unitOfWork: UnitOfWork<TransactionClient>,
    private readonly clock: Clock,
    @Inject(OUTBOX) private readonly outbox: Outbox,
  ) {}

  /** A bank files a claim for its own defaulted loan; every rule that refuses it is named. */
  async file(request: FileClaimRequest, ctx: CommandContext): Promise<ClaimResponse> {
    try {
      return await this.unitOfWork.run(ctx, (tx) => this.fileIn(tx, request, ctx));
    } catch (error) {
      // One open claim per loan is a unique index: a racing filing for the same loan got there first.
      if (isUniqueViolation(error)) throw duplicate(request.loanId);
      throw error;
    }
  }

  private async fileIn(tx: TransactionClient, request: FileClaimRequest, ctx: RequestContext): Promise<ClaimResponse> {
    // The filing date the deadline is judged against is the day the server receives the claim.
    const filedOn = this.clock.today();
    const loan = requireOwn(ctx, CLAIMED_LOAN_ACCESS, request.loanId, await this.facts.findLoan(tx, request.loanId));
    if (loan.policyId === null) {
      throw new RuleViolationError(
        `no compensation policy covered loan ${loan.loanId} when it was disbursed on ${loan.disbursedOn}`,
        undefined,
        [
          {
            field: 'loanId',
            rule: 'not-covered:no-policy: no published policy was in force for the borrower’s district on the disbursement date',
          },
        ],
      );
    }
    const policy = await this.publishedPolicy(tx, loan.policyId);
    const existing = await this.claims.claimsOfLoan(tx, loan.loanId);
    const disposal = await this.facts.findDisposal(tx, loan.pledgeId);
    const claimId = newId('claim');
    const calendar = await this.calendar.calendar(tx);
    const check = this.check(
      policy,
      toLoanFacts(loan, request),
      { claimId, loanId: loan.loanId, filedOn, disposalCompletedOn: disposal?.disposedOn },
      existing.map(toExistingClaim),
      calendar,
    );
    if (!check.ok) {
      throw new RuleViolationError(
        `claim refused: ${check.refusals.map((refusal) => refusal.rule).join(', ')}`,
        loan.defaultedOn === null ? 'NOT_DEFAULTED' : 'DEFAULTED',
        check.refusals.map((refusal): FieldIssue => ({
          field: RULE_FIELDS[refusal.rule] ?? 'loanId',
          rule: `${refusal.rule}: ${refusal.message}`,
        })),
      );
    }
    const row = await this.claims.insert(tx, {
      id: claimId,
      loanId: loan.loanId,
      pledgeId: loan.pledgeId,
      bankOrgId: loan.bankOrgId,
      borrowerUscc: loan.borrowerUscc,
      fundId: await this.fundOf(tx, loan.policyId),
      policyId: policy.policyId,
      policyVersion: policy.version,
      ipCollateralShare: request.ipCollateralShare === undefined ? null : Rate.of(request.ipCollateralShare),
      filedOn,
      filingDeadline: check.filingDeadline.date,
      filingDeadlineProvisional: check.filingDeadline.provisional,
      eligibility: check.outcomes,
      filedBy: { orgId: ctx.actor.orgId, userId: ctx.actor.userId },
    });
    return toClaimResponse(row);
  }

  /** The first pair of eyes: a bureau user reviews the claim and leaves it for another user to approve. */
  async prepare(claimId: string, request: PrepareClaimRequest, ctx: CommandContext): Promise<ClaimResponse> {
    return this.unitOfWork.run(ctx, async (tx) => {
      const claim = await this.lockForCommand(tx, claimId, 'prepare');
      const preparedOn = this.clock.today();
      await this.claims.prepare(tx, claim.id, {
        preparedOn,
        preparedBy: { orgId: ctx.actor.orgId, userId: ctx.actor.userId },
        note: request.note ?? null,
      });
      return this.read(tx, claim.id);
    });
  }

  /**
   * The bureau approves: the policy computes the covered loss and the parts, the fund pays what its
   * year's budget still allows, and the per-borrower cap and the budget are charged. The borrower's
   * running total and the budget year are locked rows, so approvals racing on any number of
   * instances serialise on them and can never overdraw either.
   */
  async approve(claimId: string, request: ApproveClaimRequest, ctx: CommandContext): Promise<ClaimResponse> {
    return this.unitOfWork.run(ctx, async (tx) => {
      const claim = await this.lockForCommand(tx, claimId, 'approve');
      const approvedOn = this.clock.today();
      const loan = await this.facts.findLoan(tx, claim.loanId);
      if (loan === null || loan.outstandingAtDefault === null || loan.interestAtDefault === null) {
        throw new Error(`claim ${claim.id} was filed for loan ${claim.loanId}, whose default is not on record`);
      }
      const policy = await this.publishedPolicy(tx, claim.policyId);

      // Lock order, everywhere: claim → borrower's running total → claims with a shortfall → budget year.
      const borrowerKey = { fundId: claim.fundId, borrowerUscc: loan.borrowerUscc, loanYear: yearOf(loan.disbursedOn) };
      const approvedForBorrower = await this.claims.lockBorrowerYear(tx, borrowerKey);
      const takenBefore = Money.max(await this.roomHeldByEarlierLoans(tx, policy, claim.fundId, loan), approvedForBorrower);
      // Earlier claims' shortfalls come first on the year's room: locked now, settled once the year is.
      const shortfalls = await this.shortfalls.lockOutstanding(tx, claim.fundId);
      // The year of the approval date, or the earliest later year the bureau has not closed.
      const { cause } = ctx;
      const { budgetYear, budget: chargeable } = await this.budgets.lockChargeableBudget(
        tx,
        { fundId: claim.fundId, fromYear: yearOf(approvedOn), policy, on: approvedOn },
        cause,
      );
      const budget = await this.shortfalls.settleFrom(tx, shortfalls, chargeable, approvedOn, cause);
      const disposal = await this.facts.findDisposal(tx, claim.pledgeId);
      const record = computeCompensation(policy, {
        outstandingPrincipal: loan.outstandingAtDefault,
        unpaidInterest: loan.interestAtDefault,
        // As the bank stated it when filing; the policy decides whether it applies (mixedCollateral).
        ipCollateralShare: claim.ipCollateralShare ?? undefined,
        netDisposalProceeds: disposal?.netProceeds,
        borrowerCoverageTakenBefore: takenBefore,
        fundBudgetRemaining: budgetRemaining(budget),
      });
      // Checked on the computed amount, inside the transaction: a refusal rolls back the budget lock.
      const refusal = fourEyesRefusal(policy, {
        status: claim.status as DomainClaimStatus,
        preparedByUserId: claim.preparedByUserId,
        approverUserId: ctx.actor.userId,
        approvedAmount: record.approvedAmount,
      });
      if (refusal !== undefined) throw new ForbiddenError(refusal);
      const orgOf = orgsOfLoan(claim, loan);
      const parts = record.parts.map((part) => ({ party: part.party, orgId: orgOf(part.party), share: part.share, amount: part.amount }));
      await this.claims.approve(tx, claim.id, {
        decidedOn: approvedOn,
        decidedBy: { orgId: ctx.actor.orgId, userId: ctx.actor.userId },
        note: request.note ?? null,
        budgetYear,
        computation: toComputationResponse(record, { orgOf, budgetYear, borrowerCoverageTakenBefore: takenBefore.toString() }),
        approvedAmount: record.approvedAmount,
        fundPayable: record.fund.paid,
        fundShortfall: record.fund.shortfall,
        parts,
      });
      await this.claims.chargeBudget(
        tx,
        { fundId: claim.fundId, budgetYear },
        { used: record.fund.paid, shortfall: record.fund.shortfall },
      );
      await this.claims.addBorrowerYear(tx, borrowerKey, record.approvedAmount);
      await this.outbox.append(tx, {
        type: 'CompensationApproved',
        payload: {
          claimId: claim.id,
          fundId: claim.fundId,
          policyId: policy.policyId,
          policyVersion: policy.version,
          loanId: claim.loanId,
          pledgeId: claim.pledgeId,
          bankOrgId: claim.bankOrgId,
          borrowerUscc: claim.borrowerUscc,
          budgetYear,
          approvedOn,
          outstandingPrincipal: loan.outstandingAtDefault.toString(),
          approvedAmount: record.approvedAmount.toString(),
          parts: parts.map((part) => ({ ...part, amount: part.amount.toString() })),
          fundPayable: record.fund.paid.toString(),
          fundShortfall: record.fund.shortfall.toString(),
          uncoveredLoss: record.uncoveredLoss.toString(),
        },
        ...cause,
      });
      // The loan's side, on the loan's partition (after its default): the bank's receivable.
      await this.outbox.append(tx, {
        type: 'LoanCompensationApproved',
        payload: {
          claimId: claim.id,
          loanId: claim.loanId,
          bankOrgId: claim.bankOrgId,
          fundId: claim.fundId,
          approvedOn,
          outstandingPrincipal: loan.outstandingAtDefault.toString(),
          owedToBank: compensationReceivable(record).toString(),
        },
        ...cause,
      });
      return this.afterChange(tx, claim.id, cause);
    });
  }

  async reject(claimId: string, request: RejectClaimRequest, ctx: CommandContext): Promise<ClaimResponse> {
    return this.unitOfWork.run(ctx, async (tx) => {
      const claim = await this.lockForCommand(tx, claimId, 'reject');
      const rejectedOn = this.clock.today();
      await this.claims.reject(tx, claim.id, {
        decidedOn: rejectedOn,
        decidedBy: { orgId: ctx.actor.orgId, userId: ctx.actor.userId },
        reason: request.reason,
      });
      await this.outbox.append(tx, {
        type: 'CompensationRejected',
        payload: {
          claimId: claim.id,
          fundId: claim.fundId,
          loanId: claim.loanId,
          bankOrgId: claim.bankOrgId,
          rejectedOn,
          reason: request.reason,
        },
        ...ctx.cause,
      });
      return this.read(tx, claim.id);
    });
  }

  /** The fund paid the bank what the approval made payable. */
  async recordPayment(claimId: string, request: RecordClaimPaymentRequest, ctx: CommandContext): Promise<ClaimResponse> {
    return this.unitOfWork.run(ctx, async (tx) => {
      const claim = await this.lockForCommand(tx, claimId, 'pay');
      const payable = claim.fundPayable ?? Money.zero();
      if (payable.isZero()) {
        throw new RuleViolationError(
          `claim ${claim.id} has nothing to pay: the ${claim.budgetYear} budget could not cover any of the fund's part (shortfall ${(claim.fundShortfall ?? Money.zero()).toString()})`,
          claim.status,
        );
      }
      const refusal = paymentFourEyesRefusal({ id: claim.id, approverUserId: claim.decidedByUserId }, ctx.actor.userId);
      if (refusal !== undefined) throw new ForbiddenError(refusal);
      const paidOn = this.clock.today();
      await this.claims.recordPayment(tx, claim.id, {
        amount: payable,
        paidOn,
        reference: request.paymentReference,
        by: { orgId: ctx.actor.orgId, userId: ctx.actor.userId },
      });
      // Paid from the year the approval was charged to, even if closed since: paying is not a new charge.
      const budgetYear = claim.budgetYear ?? yearOf(paidOn);
      await this.claims.recordBudgetPayment(tx, { fundId: claim.fundId, budgetYear }, payable);
      const { cause } = ctx;
      await this.outbox.append(tx, {
        type: 'CompensationPaid',
        payload: {
          claimId: claim.id,
          fundId: claim.fundId,
          loanId: claim.loanId,
          bankOrgId: claim.bankOrgId,
          budgetYear,
          amount: payable.toString(),
          paidOn,
          paymentReference: request.paymentReference,
        },
        ...cause,
      });
      return this.afterChange(tx, claim.id, cause);
    });
  }

  async get(claimId: string, ctx: RequestContext): Promise<ClaimResponse> {
    return toClaimResponse(await requireReadable(ctx, CLAIM_ACCESS, claimId, await this.claims.read(claimId)));
  }

  /** The bureau's queue (any filter); a bank sees only its own claims, whatever bankOrgId it asks for. */
  async list(
    query: { status?: ClaimStatus; bankOrgId?: string; fundId?: string; loanId?: string; limit: number },
    ctx: RequestContext,
  ): Promise<ClaimResponse[]> {
    if (ctx.actor.role === 'bank' && query.bankOrgId !== undefined && query.bankOrgId !== ctx.actor.orgId) return [];
    const bankOrgId = ctx.actor.role === 'bank' ? ctx.actor.orgId : query.bankOrgId;
    const rows = await this.claims.list({ ...query, bankOrgId });
    return rows.map(toClaimResponse);
  }

  private async lockForCommand(tx: TransactionClient, claimId: string, command: ClaimCommand): Promise<Claim> {
    const claim = await this.claims.lock(tx, claimId);
    if (claim === null) throw new NotFoundError('claim', claimId);
    const step = claimTransition(claim.status as DomainClaimStatus, command);
    if (!step.ok) throw new IllegalTransitionError(`claim ${claimId}: ${step.reason}`, claim.status);
    return claim;
  }

  /** After an approval or payment: share back disposal proceeds if the pledge is already sold. */
  private async afterChange(tx: TransactionClient, claimId: string, cause: EventCause): Promise<ClaimResponse> {
    const claim = await this.claims.find(tx, claimId);
    if (claim === null) throw new NotFoundError('claim', claimId);
    await this.settlement.settleIfReady(tx, claim, cause);
    return this.read(tx, claimId);
  }

  private async read(tx: TransactionClient, claimId: string): Promise<ClaimResponse> {
    const row = await this.claims.find(tx, claimId);
    if (row === null) throw new NotFoundError('claim', claimId);
    return toClaimResponse(row);
  }

  private check(
    policy: PublishedPolicy,
    loan: LoanFacts,
    claim: Parameters<typeof checkClaim>[2],
    existing: ExistingClaim[],
    calendar: WorkingDayCalendar,
  ): ReturnType<typeof checkClaim> {
    return checkClaim(policy, loan, claim, { calendar, existingClaims: existing });
  }

  private async publishedPolicy(tx: TransactionClient, policyId: string): Promise<PublishedPolicy> {
    const row = await this.policies.find(tx, policyId);
    if (row === null) throw new Error(`policy ${policyId} is bound to a loan but does not exist`);
    return toPublishedPolicy(row);
  }

  private async fundOf(tx: TransactionClient, policyId: string): Promise<string> {
    const row = await this.policies.find(tx, policyId);
    if (row === null) throw new Error(`policy ${policyId} does not exist`);
    return row.seriesId;
  }

  /** The per-borrower room the borrower's earlier loans of the year hold, in loan-date order (same fund). */
  private async roomHeldByEarlierLoans(
    tx: TransactionClient,
    policy: PublishedPolicy,
    fundId: string,
    loan: LoanFactsRecord,
  ): Promise<Money> {
    if (policy.caps.perBorrowerPerYear === undefined) return Money.zero();
    const seriesIds = (await this.policies.series(tx, fundId)).map((version) => version.id);
    const borrowerLoans = await this.facts.borrowerLoans(tx, loan.borrowerUscc, seriesIds);
    return borrowerCoverageTakenBefore(policy, toBorrowerLoan(loan), borrowerLoans.map(toBorrowerLoan));
  }
}

function toBorrowerLoan(loan: LoanFactsRecord) {
  return { loanId: loan.loanId, disbursedOn: loan.disbursedOn, principal: loan.principal };
}

function toLoanFacts(loan: LoanFactsRecord, request: FileClaimRequest): LoanFacts {
  return {
    loanId: loan.loanId,
    borrowerId: loan.borrowerUscc,
    pledgedIpTypes: loan.ipTypes,
    principal: loan.principal,
    termMonths: loan.termMonths,
    district: loan.districtCode,
    disbursedOn: loan.disbursedOn,
    ...(loan.defaultedOn === null ? {} : { defaultedOn: loan.defaultedOn }),
    ...(loan.pledgeRegistrationNumber === null ? {} : { pledgeRegistrationNumber: loan.pledgeRegistrationNumber }),
    ...(request.borrowerRegisteredOn === undefined ? {} : { borrowerRegisteredOn: request.borrowerRegisteredOn }),
    ...(request.borrowerLastBadCreditOn === undefined ? {} : { borrowerLastBadCreditOn: request.borrowerLastBadCreditOn }),
    riskSharers: {
      ...(loan.guarantorOrgId === null ? {} : { guarantor: loan.guarantorOrgId }),
      ...(loan.insurerOrgId === null ? {} : { insurer: loan.insurerOrgId }),
      ...(loan.appraiserOrgId === null ? {} : { appraiser: loan.appraiserOrgId }),
    },
  };
}

function toExistingClaim(row: { id: string; loanId: string; status: string }): ExistingClaim {
  const status = row.status === 'PENDING' ? 'pending' : row.status === 'REJECTED' ? 'rejected' : 'approved';
  return { claimId: row.id, loanId: row.loanId, status };
}

/** Which organisation bears each party's part of this loan's loss. */
function orgsOfLoan(claim: Claim, loan: LoanFactsRecord): (party: PartyRole) => string {
  const orgs: Record<PartyRole, string | null> = {
    fund: claim.fundId,
    bank: claim.bankOrgId,
    guarantor: loan.guarantorOrgId,
    insurer: loan.insurerOrgId,
    appraiser: loan.appraiserOrgId,
  };
  return (party) => {
    const org = orgs[party];
    // Filing checked that every party with a share is on the loan (not-covered:risk-sharer).
    if (org === null) throw new RuleViolationError(`the policy gives the ${party} a share but loan ${loan.loanId} names no ${party}`);
    return org;
  };
}

function duplicate(loanId: string): RuleViolationError {
  return new RuleViolationError(`loan ${loanId} already has an open or approved claim`, undefined, [
    { field: 'loanId', rule: `duplicate-claim: loan ${loanId} already has an open or approved claim` },
  ]);
}
