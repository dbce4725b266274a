// Integrated-circuit layout-design registration numbers (集成电路布图设计登记号) as CNIPA prints
// them: "BS." and the registration's digits, with a check character after a point on some
// certificates. Format only: the register's check digit rule is not published, so the number is
// checked for its shape and stored as given (docs/api.md, "IP numbers").
import { basicInputProblem } from './input-checks';
import { invalid, valid, Validation } from './validation';

const LAYOUT_DESIGN_NUMBER = /^BS\.(\d{8,12})(\.[\dX])?$/;

export function validateLayoutDesignNumber(input: string): Validation<string> {
  const problem = basicInputProblem(input);
  if (problem !== undefined) return invalid(problem);
  if (LAYOUT_DESIGN_NUMBER.test(input)) return valid(input);
  if (LAYOUT_DESIGN_NUMBER.test(input.toUpperCase())) return invalid("'BS' and a check character X must be upper case");
  return invalid('must look like BS.NNNNNNNNN ("BS.", 8 to 12 digits, optionally "." and a check digit or X)');
}
