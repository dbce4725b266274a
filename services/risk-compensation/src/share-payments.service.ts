// A guarantor, insurer or appraiser pays the bank its part of an approved claim (担保、保险、评估机构
// 分担代偿). The sharer records it (its own part only: another's is 404), once, for the whole part;
// the day is the server's. CompensationSharePaid goes out keyed by the fund, after the approval on
// the same partition, and the ledger closes the sharer's payable and the bank's receivable.
import { Inject, Injectable } from '@nestjs/common';
import type { CompensationShareResponse, RecordSharePaymentRequest } from '@ipledger/contracts';
import type { Outbox } from '@ipledger/messaging';
import {
  Clock,
  ForbiddenError,
  IllegalTransitionError,
  NotFoundError,
  OUTBOX,
  RuleViolationError,
  UnitOfWork,
  type CommandContext,
} from '@ipledger/service-kit';
import type { z } from 'zod';
import type { SharerPart } from './claim-records';
import { toShareResponse } from './claim-response';
import { ClaimsRepository } from './claims.repository';
import type { TransactionClient } from './database';

const SHARER_ROLES = ['guarantor', 'insurer', 'appraiser'] as const;
type SharerRole = (typeof SHARER_ROLES)[number];

function isSharerRole(role: string): role is SharerRole {
  return (SHARER_ROLES as readonly string[]).includes(role);
}

/** Why a part cannot be paid now; undefined when it can. */
export function sharePaymentRefusal(part: SharerPart): Error | undefined {
  if (part.payment !== null) {
    return new IllegalTransitionError(
      `the ${part.party} ${part.orgId} already recorded paying its part of claim ${part.claimId} on ${part.payment.paidOn} (${part.payment.reference})`,
      'PAID',
    );
  }
  if (!part.amount.isPositive()) {
    return new RuleViolationError(
      `the ${part.party} ${part.orgId} owes nothing on claim ${part.claimId}: its part is 0.00`,
      part.claim.status,
    );
  }
  return undefined;
}

@Injectable()
export class SharePaymentsService {
  constructor(
    private readonly claims: ClaimsRepository,
    private readonly unitOfWork: UnitOfWork<TransactionClient>,
    @Inject(OUTBOX) private readonly outbox: Outbox,
    private readonly clock: Clock,
  ) {}

  async record(
    claimId: string,
    request: RecordSharePaymentRequest,
    ctx: CommandContext,
  ): Promise<z.infer<typeof CompensationShareResponse>> {
    const party = ctx.actor.role;
    if (!isSharerRole(party)) throw new ForbiddenError(`only a guarantor, insurer or appraiser records paying its part`);
    return this.unitOfWork.run(ctx, async (tx) => {
      const key = { claimId, party, orgId: ctx.actor.orgId };
      const part = await this.claims.lockSharerPart(tx, key);
      if (part === null) throw new NotFoundError('compensation share', claimId);
      const refusal = sharePaymentRefusal(part);
      if (refusal !== undefined) throw refusal;
      const paidOn = this.clock.today();
      await this.claims.recordSharePayment(tx, key, {
        amount: part.amount,
        paidOn,
        reference: request.paymentReference,
        userId: ctx.actor.userId,
      });
      await this.outbox.append(tx, {
        type: 'CompensationSharePaid',
        payload: {
          claimId,
          fundId: part.claim.fundId,
          loanId: part.claim.loanId,
          bankOrgId: part.claim.bankOrgId,
          party,
          orgId: part.orgId,
          amount: part.amount.toString(),
          paidOn,
          paymentReference: request.paymentReference,
        },
        ...ctx.cause,
      });
      const paid = await this.claims.lockSharerPart(tx, key);
      if (paid === null) throw new Error(`the ${party} part of claim ${claimId} vanished inside its own transaction`);
      return toShareResponse(paid);
    });
  }
}
