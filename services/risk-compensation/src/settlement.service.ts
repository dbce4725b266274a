// 质物退出: once a claim is settled with the bank and the pledged IP has been disposed of, the net
// proceeds go back to those who bore the loss (domain/clawback.ts), the fund's part to the budget
// line it was charged to, the claim closes and RecoveryDistributed tells the ledger and lending.
// It runs from whichever of the two comes last: the payment (or an approval with nothing to pay),
// or the disposal event.
import { Inject, Injectable } from '@nestjs/common';
import { ComputationResponse } from '@ipledger/contracts';
import type { TransactionClient } from './database';
import type { Outbox } from '@ipledger/messaging';
import { Money } from '@ipledger/money';
import { OUTBOX, type EventCause } from '@ipledger/service-kit';
import { isAfter, type LocalDate } from '@ipledger/calendar';
import { borneByParty, compensationReceivable, isSettledWithBank, settleRecovery, type ClaimStatus, type PartyRole } from './domain';
import type { Claim } from './claim-records';
import { ClaimsRepository } from './claims.repository';
import { LoanFactsRepository } from './loan-facts.repository';
import { BudgetsService } from './budgets.service';
import { PoliciesRepository } from './policies.repository';
import { toPublishedPolicy } from './policy-documents';

@Injectable()
export class SettlementService {
  constructor(
    private readonly claims: ClaimsRepository,
    private readonly facts: LoanFactsRepository,
    private readonly policies: PoliciesRepository,
    private readonly budgets: BudgetsService,
    @Inject(OUTBOX) private readonly outbox: Outbox,
  ) {}

  /** Shares the proceeds back and closes the claim if both conditions hold; otherwise does nothing. */
  async settleIfReady(tx: TransactionClient, claim: Claim, cause: EventCause): Promise<void> {
    if (!isSettledWithBank(claim.status as ClaimStatus, claim.fundPayable) || claim.computation === null || claim.budgetYear === null)
      return;
    const disposal = await this.facts.findDisposal(tx, claim.pledgeId);
    if (disposal === null) return;
    const policyRow = await this.policies.find(tx, claim.policyId);
    if (policyRow === null) throw new Error(`claim ${claim.id} names policy ${claim.policyId}, which does not exist`);
    const policy = toPublishedPolicy(policyRow);
    const computation = ComputationResponse.parse(claim.computation);

    const parts = computation.parts.map((part) => ({ party: part.party, amount: Money.of(part.amount) }));
    // What later budgets settled of the shortfall the fund bore, not the bank (shortfall-settlement.ts).
    const fund = {
      paid: Money.of(computation.fund.paid),
      shortfall: Money.of(computation.fund.shortfall),
      settled: claim.shortfallSettled,
    };
    const borne = borneByParty({ parts, fund });
    const { distribution, principalWrittenOff } = settleRecovery({
      trigger: policy.trigger,
      netProceeds: disposal.netProceeds,
      borne,
      bankUncoveredLoss: Money.of(computation.uncoveredLoss),
      outstandingPrincipal: Money.of(computation.base.principal),
      compensationReceivable: compensationReceivable({ parts, fund }),
    });

    const orgOf = (party: PartyRole): string =>
      claim.parts.find((part) => part.party === party)?.orgId ?? (party === 'bank' ? claim.bankOrgId : claim.fundId);
    const returns = distribution.returns.map((entry) => ({
      party: entry.party,
      orgId: orgOf(entry.party),
      bore: entry.bore.toString(),
      returned: entry.returned.toString(),
    }));
    const settledOn = claim.paidOn ?? claim.decidedOn;
    const distributedOn = latest(disposal.disposedOn, settledOn ?? disposal.disposedOn);
    await this.claims.close(tx, claim.id, {
      disposedOn: disposal.disposedOn,
      distributedOn,
      netProceeds: distribution.netProceeds.toString(),
      returns,
      residualToBank: distribution.residualToBank.toString(),
      residualToBorrower: distribution.residualToBorrower.toString(),
      principalWrittenOff: principalWrittenOff.toString(),
      rule: distribution.rule,
    });
    const fundReturned = distribution.returns.find((entry) => entry.party === 'fund')?.returned ?? Money.zero();
    // Back to the line of the year the compensation was charged to, or the current open year if closed since.
    const budgetYear = await this.budgets.lockRecoveryBudget(tx, { fundId: claim.fundId, budgetYear: claim.budgetYear }, policy, cause);
    await this.claims.recordBudgetRecovery(tx, { fundId: claim.fundId, budgetYear }, fundReturned);
    await this.outbox.append(tx, {
      type: 'RecoveryDistributed',
      payload: {
        claimId: claim.id,
        fundId: claim.fundId,
        loanId: claim.loanId,
        pledgeId: claim.pledgeId,
        bankOrgId: claim.bankOrgId,
        budgetYear,
        disposedOn: disposal.disposedOn,
        distributedOn,
        netProceeds: distribution.netProceeds.toString(),
        returns,
        residualToBank: distribution.residualToBank.toString(),
        residualToBorrower: distribution.residualToBorrower.toString(),
        principalWrittenOff: principalWrittenOff.toString(),
      },
      ...cause,
    });
    // The loan's side, on the loan's partition (after its default): what the bank keeps, the write-off.
    const bankReturned = distribution.returns.find((entry) => entry.party === 'bank')?.returned ?? Money.zero();
    await this.outbox.append(tx, {
      type: 'LoanRecoverySettled',
      payload: {
        claimId: claim.id,
        loanId: claim.loanId,
        bankOrgId: claim.bankOrgId,
        fundId: claim.fundId,
        distributedOn,
        keptByBank: bankReturned.plus(distribution.residualToBank).toString(),
        principalWrittenOff: principalWrittenOff.toString(),
      },
      ...cause,
    });
  }
}

function latest(a: LocalDate, b: LocalDate): LocalDate {
  return isAfter(a, b) ? a : b;
}
