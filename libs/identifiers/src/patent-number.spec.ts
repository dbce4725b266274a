import fc from 'fast-check';
import { computePatentCheckDigit } from './patent-check-digit';
import { validatePatentNumber } from './patent-number';

const now = new Date('2025-06-01T00:00:00Z');

function reason(input: string): string {
  const result = validatePatentNumber(input, { now });
  if (result.ok) {
    throw new Error(`expected ${input} to be rejected`);
  }
  return result.reason;
}

describe('patent application numbers (专利申请号)', () => {
  describe('12-digit numbers (since October 2003)', () => {
    it('reads 201910884346.5 as a 2019 invention application', () => {
      expect(validatePatentNumber('201910884346.5', { now })).toEqual({
        ok: true,
        value: { era: '2003+', year: 2019, kind: 'invention', serial: '0884346', granted: false, normalised: '201910884346.5' },
      });
    });

    it.each([
      ['202020409182.9', 2020, 'utility-model', '0409182'],
      ['202110182616.5', 2021, 'invention', '0182616'],
      ['200310000001.8', 2003, 'invention', '0000001'],
      ['200330000005.7', 2003, 'design', '0000005'],
    ])('accepts %s (%i, %s, serial %s)', (input, year, kind, serial) => {
      const result = validatePatentNumber(input, { now });
      expect(result).toEqual({ ok: true, value: expect.objectContaining({ year, kind, serial, normalised: input }) });
    });

    it('accepts a check digit of X', () => {
      expect(computePatentCheckDigit('201910884308')).toBe('X');
      expect(validatePatentNumber('201910884308.X', { now }).ok).toBe(true);
    });

    it.each([
      ['8', 'pct-invention'],
      ['9', 'pct-utility-model'],
    ])('reads type digit %s as %s', (typeDigit, kind) => {
      const digits = `2020${typeDigit}0001234`;
      const result = validatePatentNumber(`${digits}.${computePatentCheckDigit(digits)}`, { now });
      expect(result.ok && result.value.kind).toBe(kind);
    });
  });

  describe('granted patents (ZL + the number)', () => {
    it('accepts ZL201910884346.5 and normalises it to the application number', () => {
      expect(validatePatentNumber('ZL201910884346.5', { now })).toEqual({
        ok: true,
        value: { era: '2003+', year: 2019, kind: 'invention', serial: '0884346', granted: true, normalised: '201910884346.5' },
      });
    });

    it('requires an upper-case prefix', () => {
      expect(reason('zl201910884346.5')).toBe("prefix 'zl' must be upper case 'ZL'");
      expect(reason('Zl201910884346.5')).toBe("prefix 'Zl' must be upper case 'ZL'");
    });

    it('counts positions from the start of what was written', () => {
      expect(reason('ZL2019108843A6.5')).toBe("character 'A' at position 13 is not allowed");
    });
  });

  describe('8-digit numbers (1985 to September 2003)', () => {
    it.each([
      ['85100001.0', 1985, 'invention', '00001'],
      ['98123456.9', 1998, 'invention', '23456'],
      ['01223344.7', 2001, 'utility-model', '23344'],
      ['03312345.4', 2003, 'design', '12345'],
      ['99812345.5', 1999, 'pct-invention', '12345'],
      ['00900001.1', 2000, 'pct-utility-model', '00001'],
      ['98123402.X', 1998, 'invention', '23402'],
    ])('accepts %s (%i, %s, serial %s)', (input, year, kind, serial) => {
      expect(validatePatentNumber(input, { now })).toEqual({
        ok: true,
        value: { era: 'pre-2003', year, kind, serial, granted: false, normalised: input },
      });
    });

    it('computes the check digit with weights 2 to 9 and mod 11', () => {
      // 8·2 + 5·3 + 1·4 + 0·5 + 0·6 + 0·7 + 0·8 + 1·9 = 44 = 4·11.
      expect(computePatentCheckDigit('85100001')).toBe('0');
      expect(reason('85100001.1')).toBe('check digit should be 0');
    });

    it('rejects two-digit years outside 85-99 and 00-03', () => {
      expect(reason('04100001.1')).toBe('year digits 04 are not valid for an 8-digit number (1985-2003, written 85-99 or 00-03)');
      expect(reason('84100001.1')).toBe('year digits 84 are not valid for an 8-digit number (1985-2003, written 85-99 or 00-03)');
    });
  });

  describe('rejections', () => {
    it.each([
      ['201910884346.4', 'check digit should be 5'],
      ['202020409182.X', 'check digit should be 9'],
      ['201940884346.5', 'patent type digit 4 is unknown'],
      ['201900884346.5', 'patent type digit 0 is unknown'],
      ['299910884346.5', 'year 2999 is in the future'],
      ['202610884346.5', 'year 2026 is in the future'],
      ['199910884346.5', 'year 1999 is before 2003, when 12-digit numbers began; older numbers have 8 digits'],
      ['2019108843465', "must have a '.' before the check digit"],
      ['201910884346', "must end with '.' and a check digit"],
      ['201910884346.', "must end with '.' and a single check digit (0-9 or X)"],
      ['201910884346.55', "must end with '.' and a single check digit (0-9 or X)"],
      ['201910884308.x', "check digit 'x' must be upper case 'X'"],
      ['2019108843460.5', 'must have 12 digits (8 for applications before October 2003) before the check digit, got 13'],
      ['9812345.6', 'must have 12 digits (8 for applications before October 2003) before the check digit, got 7'],
      ['2019 10884346.5', "character ' ' at position 5 is not allowed"],
      ['CN201910884346.5', "character 'C' at position 1 is not allowed"],
      ['', 'must not be empty'],
      ['201910884346.5 ', 'must not start or end with spaces'],
    ])('rejects %j: %s', (input, expected) => {
      expect(reason(input)).toBe(expected);
    });

    it('judges "the future" by the calendar in Beijing', () => {
      const digits = '202610000001';
      const number = `${digits}.${computePatentCheckDigit(digits)}`;
      expect(validatePatentNumber(number, { now: new Date('2025-12-31T17:00:00Z') }).ok).toBe(true);
      expect(validatePatentNumber(number, { now: new Date('2025-12-31T15:00:00Z') })).toEqual({
        ok: false,
        reason: 'year 2026 is in the future',
      });
    });
  });

  describe('check digit properties', () => {
    const digitString = (length: number) =>
      fc.array(fc.constantFrom(...'0123456789'), { minLength: length, maxLength: length }).map((d) => d.join(''));
    const checkCharacter = fc.constantFrom(...'0123456789X');

    it('for any 12 digits, the computed check digit is never the problem, and any other check digit never validates', () => {
      fc.assert(
        fc.property(digitString(12), checkCharacter, (body, wrong) => {
          const check = computePatentCheckDigit(body);
          const withCheck = validatePatentNumber(`${body}.${check}`, { now });
          expect(withCheck.ok ? '' : withCheck.reason).not.toMatch(/check digit/);
          fc.pre(wrong !== check);
          expect(validatePatentNumber(`${body}.${wrong}`, { now }).ok).toBe(false);
        }),
      );
    });

    it('a well-formed 12-digit body with its check digit validates, and changing the check digit always fails', () => {
      const body = fc
        .tuple(fc.integer({ min: 2003, max: 2025 }), fc.constantFrom('1', '2', '3', '8', '9'), digitString(7))
        .map(([year, type, serial]) => `${year}${type}${serial}`);
      fc.assert(
        fc.property(body, checkCharacter, (digits, wrong) => {
          const check = computePatentCheckDigit(digits);
          expect(validatePatentNumber(`${digits}.${check}`, { now }).ok).toBe(true);
          expect(validatePatentNumber(`ZL${digits}.${check}`, { now }).ok).toBe(true);
          fc.pre(wrong !== check);
          expect(validatePatentNumber(`${digits}.${wrong}`, { now })).toEqual({ ok: false, reason: `check digit should be ${check}` });
        }),
      );
    });

    it('refuses to compute a check digit for a malformed body', () => {
      expect(() => computePatentCheckDigit('2019108843')).toThrow(RangeError);
      expect(() => computePatentCheckDigit('20191088434A')).toThrow(RangeError);
    });
  });
});
