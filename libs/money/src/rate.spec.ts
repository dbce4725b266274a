import { Rate } from './rate';

function rejection(input: unknown, options?: Parameters<typeof Rate.parse>[1]): string {
  const result = Rate.parse(input, options);
  if (result.ok) {
    throw new Error(`expected ${String(input)} to be rejected`);
  }
  return result.error.code;
}

describe('Rate', () => {
  it.each([
    ['0', '0'],
    ['0.25', '0.25'],
    ['0.0435', '0.0435'],
    ['0.000001', '0.000001'],
    ['1', '1'],
    ['1.000000', '1'],
    ['0.500', '0.5'],
  ])('accepts %s as %s', (input, expected) => {
    const result = Rate.parse(input);
    expect(result.ok && result.value.toString()).toBe(expected);
  });

  it('rejects more than six decimals', () => {
    expect(rejection('0.0000001')).toBe('TOO_MANY_DECIMALS');
  });

  it('rejects rates above one unless a higher maximum is given', () => {
    expect(rejection('1.000001')).toBe('OUT_OF_RANGE');
    const result = Rate.parse('1.5', { max: '2' });
    expect(result.ok && result.value.toString()).toBe('1.5');
    expect(rejection('2.5', { max: '2' })).toBe('OUT_OF_RANGE');
  });

  it('rejects negative rates', () => {
    expect(rejection('-0.1')).toBe('NEGATIVE_NOT_ALLOWED');
  });

  it.each([['1e-2'], ['25%'], ['.25'], ['+0.25'], [' 0.25'], ['NaN'], ['']])('rejects %j as not a plain decimal', (input) => {
    expect(rejection(input)).toBe('INVALID_FORMAT');
  });

  it('rejects numbers', () => {
    expect(rejection(0.25)).toBe('NOT_A_STRING');
  });

  it('names the field in the message', () => {
    const result = Rate.parse('2', { field: 'annualRate' });
    expect(result.ok || result.error).toEqual({
      code: 'OUT_OF_RANGE',
      field: 'annualRate',
      message: 'annualRate must be between 0 and 1, got "2"',
    });
  });

  it('throws from Rate.of on invalid input', () => {
    expect(() => Rate.of('1.1')).toThrow(expect.objectContaining({ code: 'OUT_OF_RANGE' }));
    expect(() => Rate.of('0.1', { max: '-1' })).toThrow(expect.objectContaining({ code: 'INVALID_FORMAT' }));
  });

  it('multiplies exactly, keeping every digit of the product', () => {
    expect(Rate.of('0.25').times(Rate.of('0.5')).toString()).toBe('0.125');
    expect(Rate.of('0.123456').times(Rate.of('0.654321')).toString()).toBe('0.080779853376');
  });

  it('sums exactly', () => {
    expect(Rate.sum([Rate.of('0.1'), Rate.of('0.2')]).eq(Rate.of('0.3'))).toBe(true);
    expect(Rate.sum([Rate.of('0.5'), Rate.of('0.3'), Rate.of('0.1'), Rate.of('0.1')]).eq(Rate.one())).toBe(true);
    expect(Rate.sum([]).isZero()).toBe(true);
  });

  it('compares and serialises as a plain decimal string', () => {
    expect(Rate.of('0.3').gt(Rate.of('0.25'))).toBe(true);
    expect(Rate.of('0.3').lt(Rate.of('0.25'))).toBe(false);
    expect(Rate.zero().isZero()).toBe(true);
    expect(JSON.stringify({ rate: Rate.of('0.000001') })).toBe('{"rate":"0.000001"}');
  });
});
