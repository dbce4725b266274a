// Whether a division code is one of Chongqing's districts or counties, the level at which the
// municipality's IP-pledge subsidies and risk compensation are administered.
import { CHONGQING_DIVISIONS, ChongqingDivisionKind } from './chongqing-divisions';
import { validateDivisionCode } from './division-code';
import { invalid, valid, Validation } from './validation';

export type ChongqingDivisionCode =
  | { readonly code: string; readonly name: string; readonly kind: ChongqingDivisionKind; readonly retired: false }
  | {
      readonly code: string;
      readonly name: string;
      readonly kind: ChongqingDivisionKind;
      readonly retired: true;
      /** The code that replaced it; new records should use this one. */
      readonly successor: string;
    };

export function validateChongqingDivisionCode(input: string): Validation<ChongqingDivisionCode> {
  const generic = validateDivisionCode(input);
  if (!generic.ok) {
    return generic;
  }
  if (!input.startsWith('50')) {
    return invalid(`division code ${input} is not in Chongqing (codes start with 50)`);
  }
  const division = CHONGQING_DIVISIONS[input];
  if (division === undefined) {
    return invalid(`division code ${input} is not a Chongqing district or county`);
  }
  const { name, kind, successor } = division;
  return valid(
    successor === undefined ? { code: input, name, kind, retired: false } : { code: input, name, kind, retired: true, successor },
  );
}
