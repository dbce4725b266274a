import { CHONGQING_DIVISIONS } from './chongqing-divisions';
import { validateChongqingDivisionCode } from './chongqing-division-code';

function range(from: number, to: number): string[] {
  return Array.from({ length: to - from + 1 }, (_, offset) => String(from + offset));
}

describe('Chongqing districts and counties', () => {
  it.each(range(500101, 500120))('accepts the district %s', (code) => {
    const result = validateChongqingDivisionCode(code);
    expect(result).toEqual({ ok: true, value: expect.objectContaining({ code, kind: 'district', retired: false }) });
  });

  it.each([
    ['500151', '铜梁区'],
    ['500152', '潼南区'],
    ['500153', '荣昌区'],
    ['500154', '开州区'],
    ['500155', '梁平区'],
    ['500156', '武隆区'],
  ])('accepts the district %s (%s), formerly a county', (code, name) => {
    expect(validateChongqingDivisionCode(code)).toEqual({ ok: true, value: { code, name, kind: 'district', retired: false } });
  });

  it.each(['500229', '500230', '500231', '500233', '500235', '500236', '500237', '500238', '500240', '500241', '500242', '500243'])(
    'accepts the county %s',
    (code) => {
      expect(validateChongqingDivisionCode(code)).toEqual({
        ok: true,
        value: expect.objectContaining({ code, kind: 'county', retired: false }),
      });
    },
  );

  it.each([
    ['500228', '梁平县', '500155'],
    ['500232', '武隆县', '500156'],
    ['500234', '开县', '500154'],
  ])('keeps the retired county code %s (%s) valid for old records, pointing to %s', (code, name, successor) => {
    expect(validateChongqingDivisionCode(code)).toEqual({ ok: true, value: { code, name, kind: 'county', retired: true, successor } });
  });

  it('names 渝中区 for 500103', () => {
    const result = validateChongqingDivisionCode('500103');
    expect(result.ok && result.value.name).toBe('渝中区');
  });

  it('points every retired code at a current district', () => {
    for (const division of Object.values(CHONGQING_DIVISIONS)) {
      if (division.successor !== undefined) {
        expect(CHONGQING_DIVISIONS[division.successor]).toEqual(expect.objectContaining({ kind: 'district' }));
        expect(CHONGQING_DIVISIONS[division.successor].successor).toBeUndefined();
      }
    }
  });

  it.each([
    ['500199', 'division code 500199 is not a Chongqing district or county'],
    ['500121', 'division code 500121 is not a Chongqing district or county'],
    ['500150', 'division code 500150 is not a Chongqing district or county'],
    ['500157', 'division code 500157 is not a Chongqing district or county'],
    ['500239', 'division code 500239 is not a Chongqing district or county'],
    ['500244', 'division code 500244 is not a Chongqing district or county'],
    ['500000', 'division code 500000 is not a Chongqing district or county'],
    ['500100', 'division code 500100 is not a Chongqing district or county'],
    ['510104', 'division code 510104 is not in Chongqing (codes start with 50)'],
    ['190000', 'province prefix 19 is not a province-level code'],
    ['50010', 'must be 6 digits'],
  ])('rejects %j: %s', (input, reason) => {
    expect(validateChongqingDivisionCode(input)).toEqual({ ok: false, reason });
  });
});
