// Administrative division codes (行政区划代码, GB/T 2260) anywhere in China: six digits whose first
// two name a province-level unit. Lower levels are not checked here; see the Chongqing validator.
import { basicInputProblem } from './input-checks';
import { PROVINCE_PREFIXES } from './province-prefixes';
import { invalid, valid, Validation } from './validation';

export interface DivisionCode {
  readonly code: string;
  /** Chinese name of the province-level unit, e.g. "重庆市". */
  readonly province: string;
}

export function validateDivisionCode(input: string): Validation<DivisionCode> {
  const problem = basicInputProblem(input);
  if (problem !== undefined) {
    return invalid(problem);
  }
  if (!/^\d{6}$/.test(input)) {
    return invalid('must be 6 digits');
  }
  const prefix = input.slice(0, 2);
  const province = PROVINCE_PREFIXES[prefix];
  if (province === undefined) {
    return invalid(`province prefix ${prefix} is not a province-level code`);
  }
  return valid({ code: input, province });
}
