// Trademark registration numbers (商标注册号) as issued by CNIPA: a plain serial number.
import { basicInputProblem, firstCharacterOutside } from './input-checks';
import { invalid, valid, Validation } from './validation';

const MAX_DIGITS = 8;

export function validateTrademarkNumber(input: string): Validation<string> {
  const problem = basicInputProblem(input);
  if (problem !== undefined) {
    return invalid(problem);
  }
  const stray = firstCharacterOutside(input, /\d/);
  if (stray !== undefined) {
    return invalid(`character '${stray.character}' at position ${stray.position} is not allowed`);
  }
  if (input.length > MAX_DIGITS) {
    return invalid(`must be 1 to ${MAX_DIGITS} digits`);
  }
  // Serial numbers are written without padding; "0123" and "123" would otherwise be two keys.
  if (input.startsWith('0')) {
    return invalid('must not start with 0');
  }
  return valid(input);
}
