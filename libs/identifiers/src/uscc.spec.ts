import fc from 'fast-check';
import { computeUsccCheckCharacter, USCC_ALPHABET, validateUscc } from './uscc';

function reason(input: string): string {
  const result = validateUscc(input);
  if (result.ok) {
    throw new Error(`expected ${input} to be rejected`);
  }
  return result.reason;
}

describe('unified social credit code (统一社会信用代码)', () => {
  it.each([['91350100M000100Y43'], ['91110000600037341L']])('accepts %s', (code) => {
    expect(validateUscc(code)).toEqual({ ok: true, value: code });
  });

  it('maps a check value of 31 to the character 0', () => {
    expect(computeUsccCheckCharacter('9150010020026ABCD')).toBe('0');
    expect(validateUscc('9150010020026ABCD0').ok).toBe(true);
  });

  it.each([
    ['91350100M000100Y4', 'must be 18 characters'],
    ['91350100M000100Y433', 'must be 18 characters'],
    ['', 'must not be empty'],
    [' 91350100M000100Y43', 'must not start or end with spaces'],
    ['91350100m000100y43', 'must be upper case'],
    ['9135010OM000100Y43', "character 'O' at position 8 is not allowed"],
    ['91350I00M000100Y43', "character 'I' at position 6 is not allowed"],
    ['91350100M000100Y4S', "character 'S' at position 18 is not allowed"],
    ['913501ii0000100Y43', "character 'i' at position 7 is not allowed"],
    ['91350100M000100Y4-', "character '-' at position 18 is not allowed"],
    ['9135A100M000100Y43', "characters 3-8 must be a 6-digit administrative division code, got '35A100'"],
    ['91350100M000100Y44', 'check character should be 3'],
    ['91110000600037341K', 'check character should be L'],
  ])('rejects %j: %s', (input, expected) => {
    expect(reason(input)).toBe(expected);
  });

  it('counts characters, not UTF-16 units, for the length', () => {
    expect(reason('91350100M000100Y4😀')).toBe("character '😀' at position 18 is not allowed");
  });

  it('accepts any 17 characters followed by their computed check character, and rejects every other check character', () => {
    const character = fc.constantFrom(...USCC_ALPHABET);
    const digit = fc.constantFrom(...'0123456789');
    const first17 = fc
      .tuple(
        fc.array(character, { minLength: 2, maxLength: 2 }),
        fc.array(digit, { minLength: 6, maxLength: 6 }),
        fc.array(character, { minLength: 9, maxLength: 9 }),
      )
      .map((parts) => parts.flat().join(''));
    fc.assert(
      fc.property(first17, character, (body, wrong) => {
        const check = computeUsccCheckCharacter(body);
        expect(validateUscc(body + check).ok).toBe(true);
        fc.pre(wrong !== check);
        expect(validateUscc(body + wrong)).toEqual({ ok: false, reason: `check character should be ${check}` });
      }),
    );
  });

  it('refuses to compute a check character for a malformed body', () => {
    expect(() => computeUsccCheckCharacter('91350100M000100Y')).toThrow(RangeError);
    expect(() => computeUsccCheckCharacter('91350100M000100YI')).toThrow(RangeError);
  });
});
