import { validateDivisionCode } from './division-code';

describe('administrative division codes (行政区划代码)', () => {
  it.each([
    ['110000', '北京市'],
    ['350100', '福建省'],
    ['500103', '重庆市'],
    ['820000', '澳门特别行政区'],
  ])('accepts %s in %s', (code, province) => {
    expect(validateDivisionCode(code)).toEqual({ ok: true, value: { code, province } });
  });

  it.each([
    ['50010', 'must be 6 digits'],
    ['5001011', 'must be 6 digits'],
    ['50010A', 'must be 6 digits'],
    ['', 'must not be empty'],
    ['100000', 'province prefix 10 is not a province-level code'],
    ['190000', 'province prefix 19 is not a province-level code'],
    ['830000', 'province prefix 83 is not a province-level code'],
    ['000000', 'province prefix 00 is not a province-level code'],
  ])('rejects %j: %s', (input, reason) => {
    expect(validateDivisionCode(input)).toEqual({ ok: false, reason });
  });
});
