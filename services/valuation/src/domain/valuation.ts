// A valuation (评估) as the service knows it: the value as Money, calendar days as LocalDate. The
// repository reads and writes valuations in this shape; the event and the HTTP answer start from it.
import type { LocalDate } from '@ipledger/calendar';
import type { ValuationMethod } from '@ipledger/contracts';
import type { Money } from '@ipledger/money';
import type { z } from 'zod';

export interface Valuation {
  readonly id: string;
  readonly pledgeId: string;
  readonly appraiserOrgId: string;
  readonly method: z.infer<typeof ValuationMethod>;
  readonly appraisedValue: Money;
  readonly valuationDate: LocalDate;
  readonly validUntil: LocalDate;
  readonly reportNumber: string | null;
  /** The instant the valuation was written (not a calendar day). */
  readonly recordedAt: Date;
}

/** A valuation to write, with who wrote it (the appraiser's own user). */
export interface NewValuation extends Omit<Valuation, 'recordedAt'> {
  readonly actorRole: string;
  readonly actorUserId: string | null;
}
