import { checkCheckpointSignature, checkpointMessage, signCheckpoint } from './checkpoint';
import { generateLedgerKeyPair, InvalidLedgerKeyError, keyIdOf, parseLedgerPublicKey, parseLedgerSigningKey } from './signing-key';

const pair = generateLedgerKeyPair();
const signingKey = parseLedgerSigningKey(pair.privateJwk);
const publicKey = parseLedgerPublicKey(pair.publicJwk);
const head = { sequence: 1000n, hash: 'ab'.repeat(32) };
const at = new Date('2026-11-23T08:00:00.123Z');

describe('ledger keys', () => {
  it('names a key by the first 16 hex digits of sha256 over its raw public key, the same from either half', () => {
    expect(publicKey.keyId).toMatch(/^[0-9a-f]{16}$/);
    expect(signingKey.keyId).toBe(publicKey.keyId);
    expect(keyIdOf(publicKey.jwk.x)).toBe(publicKey.keyId);
  });

  it('refuses a private key where the public one is expected, and the reverse', () => {
    expect(() => parseLedgerPublicKey(pair.privateJwk)).toThrow(/PUBLIC key.*"d"/);
    expect(() => parseLedgerSigningKey(pair.publicJwk)).toThrow(/PRIVATE key.*"d" is missing/);
  });

  it('refuses text that is not an Ed25519 JWK, saying what it must be', () => {
    expect(() => parseLedgerSigningKey('not json')).toThrow(InvalidLedgerKeyError);
    expect(() => parseLedgerPublicKey('{"kty":"RSA"}')).toThrow(/Ed25519 key as JWK JSON/);
  });

  it('refuses a private key whose "x" is not the public half of its "d"', () => {
    const other = JSON.parse(generateLedgerKeyPair().publicJwk) as { x: string };
    const mixed = JSON.stringify({ ...(JSON.parse(pair.privateJwk) as object), x: other.x });
    expect(() => parseLedgerSigningKey(mixed)).toThrow(/does not match/);
  });
});

describe('checkpoints', () => {
  it('signs version, sequence, hash and time, one per line', () => {
    const checkpoint = signCheckpoint(head, at, signingKey);
    expect(checkpointMessage(checkpoint)).toBe(`ipledger.ledger-checkpoint.v1\n1000\n${'ab'.repeat(32)}\n2026-11-23T08:00:00.123Z`);
    expect(checkpoint).toEqual({
      sequence: 1000n,
      hash: head.hash,
      signedAt: '2026-11-23T08:00:00.123Z',
      keyId: publicKey.keyId,
      signature: expect.stringMatching(/^[A-Za-z0-9_-]{86}$/),
    });
  });

  it('verifies with the public key alone', () => {
    expect(checkCheckpointSignature(signCheckpoint(head, at, signingKey), [publicKey])).toEqual({ ok: true });
  });

  it('refuses a checkpoint whose hash, sequence or time was changed after signing', () => {
    const checkpoint = signCheckpoint(head, at, signingKey);
    for (const altered of [
      { ...checkpoint, hash: 'cd'.repeat(32) },
      { ...checkpoint, sequence: 999n },
      { ...checkpoint, signedAt: '2026-11-23T08:00:00.124Z' },
    ]) {
      expect(checkCheckpointSignature(altered, [publicKey])).toEqual({ ok: false, reason: expect.stringMatching(/forged or altered/) });
    }
  });

  it('refuses a checkpoint signed by another key, even when it claims our key id', () => {
    const forger = parseLedgerSigningKey(generateLedgerKeyPair().privateJwk);
    const forged = signCheckpoint(head, at, forger);
    expect(checkCheckpointSignature(forged, [publicKey])).toEqual({
      ok: false,
      reason: expect.stringMatching(`names signing key ${forger.keyId}, not a public key given \\(${publicKey.keyId}\\)`),
    });
    expect(checkCheckpointSignature({ ...forged, keyId: publicKey.keyId }, [publicKey])).toEqual({
      ok: false,
      reason: expect.stringMatching(/forged or altered/),
    });
  });

  it('accepts checkpoints of a rotated-out key when that key is given too', () => {
    const old = parseLedgerSigningKey(generateLedgerKeyPair().privateJwk);
    expect(checkCheckpointSignature(signCheckpoint(head, at, old), [publicKey, old.publicKey])).toEqual({ ok: true });
  });
});
