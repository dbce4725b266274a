import { z } from 'zod';

export const ERROR_CODES = [
  'validation-failed',
  'unauthenticated',
  'forbidden',
  'not-found',
  'illegal-transition',
  'rule-violated',
  /** 409: an IP right is under another registered pledge (details name ipItems[i].number and the registration number). */
  'right-already-pledged',
  'idempotency-conflict',
  /**
   * 409: the command lost a race (another request changed the same record between its read and its
   * write: an optimistic-lock version check failed, or a unique key was taken at the same moment).
   * Nothing was changed; `retryable: true` and `Retry-After` say the same request is worth sending again.
   */
  'concurrent-modification',
  'payload-too-large',
  /** 415: a body that is not JSON in UTF-8, or with a Content-Encoding other than gzip, deflate, br or identity. */
  'unsupported-media-type',
  /** 405: the path exists, but not for this method; `Allow` lists the methods it has. */
  'method-not-allowed',
  'too-many-requests',
  'internal-error',
  'service-unavailable',
  'not-yet-consistent',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * One broken rule on one field, e.g. { field: "ipItems[0].number", rule: "check digit should be 5" }.
 * `code` is the rule's stable machine name where a client may act on it (e.g.
 * "amount-above-maximum"); `rule` is the words a person reads.
 */
export const FieldIssue = z.object({ field: z.string(), rule: z.string(), code: z.string().optional() });
export type FieldIssue = z.infer<typeof FieldIssue>;

/** Every error response has this body, whatever the status. */
export const ErrorBody = z.object({
  error: z.object({
    status: z.number().int(),
    code: z.enum(ERROR_CODES),
    message: z.string(),
    details: z.array(FieldIssue).optional(),
    currentState: z.string().optional(),
    requestId: z.string().optional(),
    /** 503 not-yet-consistent: the IPledger-After tokens this service has not applied yet. */
    pendingEvents: z.array(z.string()).optional(),
    /** Present and true when the same request is worth sending again as it is (with its Idempotency-Key). */
    retryable: z.boolean().optional(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;
