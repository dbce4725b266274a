// SHA-256 as lower-case hex, one call per digest. A hash chain takes one digest per entry, so the
// cost of a call counts as much as the bytes: crypto.hash (Node >= 20.12) is a single native call,
// about twice as fast on an entry as createHash, which builds a Hash object first and is what
// the oldest Node this project supports (20.11) has.
import crypto from 'node:crypto';

/** sha256 of `data` (a string is hashed as its UTF-8 bytes), lower-case hex. */
export const sha256Hex: (data: string | Uint8Array) => string =
  typeof crypto.hash === 'function'
    ? (data) => crypto.hash('sha256', data, 'hex')
    : (data) => crypto.createHash('sha256').update(data).digest('hex');
