// Unified Social Credit Code (统一社会信用代码), GB 32100-2015.
import { basicInputProblem, firstCharacterOutside } from './input-checks';
import { invalid, valid, Validation } from './validation';

/** The code's 31 characters; a character's value is its index (I, O, S, V and Z are never used). */
export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
const LENGTH = 18;

/** The check character (18th) for the first 17 characters of a code. */
export function computeUsccCheckCharacter(first17: string): string {
  if (first17.length !== WEIGHTS.length || firstCharacterOutside(first17, /[0-9A-HJ-NPQRTUWXY]/) !== undefined) {
    throw new RangeError(`expected 17 characters from ${USCC_ALPHABET}, got "${first17}"`);
  }
  const sum = WEIGHTS.reduce((total, weight, index) => total + USCC_ALPHABET.indexOf(first17[index]) * weight, 0);
  // 31 − (sum mod 31) is 1..31; 31 wraps to the character with value 0.
  return USCC_ALPHABET[(31 - (sum % 31)) % 31];
}

/** Returns the code unchanged: there is only one valid spelling. */
export function validateUscc(input: string): Validation<string> {
  const problem = basicInputProblem(input);
  if (problem !== undefined) {
    return invalid(problem);
  }
  if ([...input].length !== LENGTH) {
    return invalid(`must be ${LENGTH} characters`);
  }
  if (input !== input.toUpperCase() && validUpperCase(input)) {
    return invalid('must be upper case');
  }
  const stray = firstCharacterOutside(input, /[0-9A-HJ-NPQRTUWXY]/);
  if (stray !== undefined) {
    return invalid(`character '${stray.character}' at position ${stray.position} is not allowed`);
  }
  const division = input.slice(2, 8);
  if (!/^\d{6}$/.test(division)) {
    return invalid(`characters 3-8 must be a 6-digit administrative division code, got '${division}'`);
  }
  const expected = computeUsccCheckCharacter(input.slice(0, 17));
  if (input[17] !== expected) {
    return invalid(`check character should be ${expected}`);
  }
  return valid(input);
}

function validUpperCase(input: string): boolean {
  return firstCharacterOutside(input.toUpperCase(), /[0-9A-HJ-NPQRTUWXY]/) === undefined;
}
