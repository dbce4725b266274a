import { z } from 'zod';
import { DateString, JournalEntryId, PositiveTotalMoneyString } from '../primitives';

export const PostingDirection = z.enum(['DEBIT', 'CREDIT']);

export const JournalEntryPostedV1 = z.object({
  entryId: JournalEntryId,
  sequence: z.string().regex(/^\d+$/),
  sourceEventId: z.uuid(),
  sourceEventType: z.string().min(1),
  effectiveDate: DateString,
  postings: z.array(z.object({ accountCode: z.string().min(1), direction: PostingDirection, amount: PositiveTotalMoneyString })).min(2),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
});
