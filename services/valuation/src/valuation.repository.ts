import { Inject, Injectable } from '@nestjs/common';
import type { PrismaClient, TransactionClient } from './database';
import type { PayloadOf } from '@ipledger/contracts';
import { fromDateString, PRISMA } from '@ipledger/service-kit';
import type { NewValuation, Valuation } from './domain/valuation';
import { toValuation } from './valuation-records';

/** The valuation schema: appraisals, and the pledges this service has heard of. */
@Injectable()
export class ValuationRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  async rememberPledge(tx: TransactionClient, pledge: PayloadOf<'PledgeApplicationSubmitted'>, eventId: string): Promise<void> {
    await tx.valuationPledge.upsert({
      where: { pledgeId: pledge.pledgeId },
      create: {
        pledgeId: pledge.pledgeId,
        bankOrgId: pledge.bankOrgId,
        ipTypes: pledge.ipItems.map((item) => item.ipType),
        appraiserOrgId: pledge.appraiserOrgId ?? null,
        learnedFrom: eventId,
      },
      update: {},
    });
  }

  /**
   * 补正: the corrected application replaces what was known (its items, its appraiser). One
   * pledge's events arrive in order on one partition, so the latest event is the latest
   * application; the same event again writes the same values.
   */
  async rememberCorrection(tx: TransactionClient, pledge: PayloadOf<'PledgeApplicationResubmitted'>, eventId: string): Promise<void> {
    const facts = {
      bankOrgId: pledge.bankOrgId,
      ipTypes: pledge.ipItems.map((item) => item.ipType),
      appraiserOrgId: pledge.appraiserOrgId,
      learnedFrom: eventId,
    };
    await tx.valuationPledge.upsert({
      where: { pledgeId: pledge.pledgeId },
      create: { pledgeId: pledge.pledgeId, ...facts },
      update: facts,
    });
  }

  /**
   * The bank named another appraiser. A pledge not heard of yet cannot be (its application comes
   * first on the same partition), so that is an error for the consumer to retry and dead-letter.
   */
  async rememberAppraiser(tx: TransactionClient, assignment: PayloadOf<'PledgeAppraiserAssigned'>): Promise<boolean> {
    const { count } = await tx.valuationPledge.updateMany({
      where: { pledgeId: assignment.pledgeId, bankOrgId: assignment.bankOrgId },
      data: { appraiserOrgId: assignment.appraiserOrgId },
    });
    return count === 1;
  }

  findPledge(tx: TransactionClient, pledgeId: string) {
    return tx.valuationPledge.findUnique({ where: { pledgeId } });
  }

  async insertValuation(tx: TransactionClient, valuation: NewValuation): Promise<Valuation> {
    const row = await tx.valuation.create({
      data: {
        ...valuation,
        appraisedValue: valuation.appraisedValue.toString(),
        valuationDate: fromDateString(valuation.valuationDate),
        validUntil: fromDateString(valuation.validUntil),
      },
    });
    return toValuation(row);
  }

  async findValuation(id: string): Promise<Valuation | null> {
    const row = await this.prisma.valuation.findUnique({ where: { id } });
    return row === null ? null : toValuation(row);
  }

  async listForPledge(pledgeId: string): Promise<Valuation[]> {
    const rows = await this.prisma.valuation.findMany({
      where: { pledgeId },
      orderBy: [{ valuationDate: 'desc' }, { recordedAt: 'desc' }],
    });
    return rows.map(toValuation);
  }

  bankOfPledge(pledgeId: string) {
    return this.prisma.valuationPledge.findUnique({ where: { pledgeId }, select: { bankOrgId: true, appraiserOrgId: true } });
  }
}
