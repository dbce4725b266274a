import { validateChongqingDivisionCode, validateIpNumber, validateUscc } from './index';

describe('the identifiers library public API', () => {
  it('checks a pledgor, its district and a pledged patent', () => {
    expect(validateUscc('91350100M000100Y43').ok).toBe(true);
    expect(validateChongqingDivisionCode('500232')).toEqual({
      ok: true,
      value: { code: '500232', name: '武隆县', kind: 'county', retired: true, successor: '500156' },
    });
    expect(validateIpNumber('invention-patent', 'ZL201910884346.5').ok).toBe(true);
  });
});
