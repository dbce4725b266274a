import { validateTrademarkNumber } from './trademark-number';

describe('trademark registration numbers (商标注册号)', () => {
  it.each([['1'], ['123456'], ['12345678']])('accepts %s', (input) => {
    expect(validateTrademarkNumber(input)).toEqual({ ok: true, value: input });
  });

  it.each([
    ['0', 'must not start with 0'],
    ['00012345', 'must not start with 0'],
    ['123456789', 'must be 1 to 8 digits'],
    ['12A456', "character 'A' at position 3 is not allowed"],
    ['第123456号', "character '第' at position 1 is not allowed"],
    ['-1', "character '-' at position 1 is not allowed"],
    ['', 'must not be empty'],
    [' 123', 'must not start or end with spaces'],
  ])('rejects %j: %s', (input, reason) => {
    expect(validateTrademarkNumber(input)).toEqual({ ok: false, reason });
  });
});
