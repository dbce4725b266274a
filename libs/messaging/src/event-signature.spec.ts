import { generateKeyPairSync } from 'node:crypto';
import { SERVICE_NAMES } from '@ipledger/contracts';
import { batchTree, rootOf } from './event-batch-proof';
import { BATCH_PROOF_HEADER, EventSigner, EventVerifier, SIGNATURE_HEADER } from './event-signature';

function keyPair(kid: string): { privateJwk: string; publicJwk: Record<string, unknown> } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateJwk: JSON.stringify({ ...privateKey.export({ format: 'jwk' }), kid }),
    publicJwk: { ...publicKey.export({ format: 'jwk' }), kid },
  };
}

const lending = keyPair('lending-1');
const ledger = keyPair('ledger-1');
const verifier = new EventVerifier(
  Object.fromEntries(SERVICE_NAMES.map((service) => [service, [service === 'ledger' ? ledger.publicJwk : lending.publicJwk]])),
);
const values = Array.from({ length: 13 }, (_, index) => Buffer.from(JSON.stringify({ eventId: `e-${index}`, amount: `${index}.00` })));

describe('the Merkle tree of a batch', () => {
  it.each([1, 2, 3, 4, 5, 7, 8, 13, 100])('leads every one of %i values to the root, and no other value', (count) => {
    const batch = values.concat(values.map((value) => Buffer.concat([value, Buffer.from('x')]))).slice(0, Math.min(count, 26));
    while (batch.length < count) batch.push(Buffer.from(`filler-${batch.length}`));
    const { root, proofs } = batchTree(batch);
    batch.forEach((value, index) => {
      expect(rootOf(value, proofs[index] ?? { index, count, siblings: [] })).toEqual(root);
      expect(rootOf(Buffer.from('another value'), proofs[index] ?? { index, count, siblings: [] })?.equals(root) ?? false).toBe(false);
    });
  });

  it('refuses a proof used at another position or with siblings missing', () => {
    const { root, proofs } = batchTree(values);
    const proof = proofs[4];
    if (proof === undefined) throw new Error('no proof');
    expect(rootOf(values[4] as Buffer, { ...proof, index: 5 })?.equals(root) ?? false).toBe(false);
    expect(rootOf(values[4] as Buffer, { ...proof, siblings: proof.siblings.slice(1) })).toBeUndefined();
    expect(rootOf(values[4] as Buffer, { ...proof, index: 13 })).toBeUndefined();
  });
});

describe('events signed together', () => {
  const signer = new EventSigner(lending.privateJwk);

  it('verify one by one with their proofs, under one signature', () => {
    const headers = signer.headersForAll(values);
    expect(new Set(headers.map((header) => header[SIGNATURE_HEADER])).size).toBe(1);
    values.forEach((value, index) => expect(verifier.check('lending', value, headers[index])).toEqual({ ok: true }));
  });

  it('are refused when a value, its proof or its producer is not the one signed', () => {
    const headers = signer.headersForAll(values);
    const first = headers[0] ?? {};
    expect(verifier.check('lending', Buffer.from('{"eventId":"e-0","amount":"1000000.00"}'), first)).toMatchObject({
      ok: false,
      reason: 'bad-signature',
    });
    expect(verifier.check('lending', values[1] ?? null, first)).toMatchObject({ ok: false, reason: 'bad-signature' });
    expect(verifier.check('lending', values[0] ?? null, { ...first, [BATCH_PROOF_HEADER]: 'not a proof' })).toMatchObject({ ok: false });
    expect(verifier.check('ledger', values[0] ?? null, first)).toMatchObject({ ok: false, reason: 'bad-signature' });
    // The same path in a batch claimed one larger: the signature covers the size too.
    const claimedLarger = (first[BATCH_PROOF_HEADER] ?? '').replace(/^0\/13\//, '0/14/');
    expect(verifier.check('lending', values[0] ?? null, { ...first, [BATCH_PROOF_HEADER]: claimedLarger })).toMatchObject({
      ok: false,
      reason: 'bad-signature',
    });
  });

  it('never pass a batch signature off as an event signature, nor the reverse', () => {
    const together = signer.headersForAll(values);
    const { [BATCH_PROOF_HEADER]: _proof, ...withoutProof } = together[0] ?? {};
    expect(verifier.check('lending', values[0] ?? null, withoutProof)).toMatchObject({ ok: false, reason: 'bad-signature' });
    const alone = signer.headersFor(values[0] as Buffer);
    expect(
      verifier.check('lending', values[0] ?? null, { ...alone, [BATCH_PROOF_HEADER]: together[0]?.[BATCH_PROOF_HEADER] ?? '' }),
    ).toMatchObject({
      ok: false,
    });
  });

  it('sign a batch of one on its own, as before', () => {
    const [headers] = signer.headersForAll([values[0] as Buffer]);
    expect(headers?.[BATCH_PROOF_HEADER]).toBeUndefined();
    expect(verifier.check('lending', values[0] ?? null, headers)).toEqual({ ok: true });
  });
});
