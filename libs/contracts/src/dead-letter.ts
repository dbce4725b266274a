import { z } from 'zod';
import { Timestamp } from './primitives';

export const DEAD_LETTER_REASONS = [
  'malformed-json',
  'invalid-envelope',
  'unknown-event',
  'invalid-payload',
  'key-mismatch',
  'wrong-producer',
  // No signature, or not the catalogue producer's (libs/messaging/src/event-signature.ts).
  'unsigned',
  'bad-signature',
  'handler-failed',
] as const;

/**
 * What a dead-letter topic carries: the original message untouched, where it came from, why it
 * was rejected, and how often the handler was tried. The message key is the original key.
 */
export const DeadLetterSchema = z.object({
  consumerGroup: z.string(),
  sourceTopic: z.string(),
  sourcePartition: z.number().int().nonnegative(),
  sourceOffset: z.string(),
  originalKey: z.string().nullable(),
  originalValue: z.string(),
  originalHeaders: z.record(z.string(), z.string()),
  reason: z.enum(DEAD_LETTER_REASONS),
  error: z.string(),
  attempts: z.number().int().nonnegative(),
  failedAt: Timestamp,
});
export type DeadLetter = z.infer<typeof DeadLetterSchema>;
