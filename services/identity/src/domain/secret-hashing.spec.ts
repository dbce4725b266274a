import { hashSecret, UNKNOWN_SUBJECT_HASH, verifySecret } from './secret-hashing';

describe('secret hashing', () => {
  it('verifies the secret it hashed and nothing else, with a fresh salt each time', async () => {
    const hash = await hashSecret('correct horse battery staple');

    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(hash).not.toContain('correct horse');
    expect(await verifySecret('correct horse battery staple', hash)).toBe(true);
    expect(await verifySecret('correct horse battery stapler', hash)).toBe(false);
    expect(await hashSecret('correct horse battery staple')).not.toBe(hash);
  });

  it('never matches a malformed stored hash or the unknown-subject hash', async () => {
    expect(await verifySecret('x', 'plain-text')).toBe(false);
    expect(await verifySecret('x', 'scrypt$0$8$1$AA==$AA==')).toBe(false);
    expect(await verifySecret('', UNKNOWN_SUBJECT_HASH)).toBe(false);
  });
});
