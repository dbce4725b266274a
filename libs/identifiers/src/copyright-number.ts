// Copyright registration numbers as printed on the certificates of the Copyright Protection
// Center of China. Format only: the numbers carry no check digit, and they are stored as given.
import { basicInputProblem } from './input-checks';
import { invalid, valid, Validation } from './validation';

const WORKS_PREFIX = '国作登字-';
const WORKS_NUMBER = /^国作登字-(\d{4})-([A-Z])-(\d{8})$/;
const SOFTWARE_NUMBER = /^(\d{4})SR(\d{7})$/;

/** Works (作品登记), e.g. "国作登字-2021-F-00012345": year, category letter, 8-digit serial. */
export function validateCopyrightWorksNumber(input: string): Validation<string> {
  const problem = basicInputProblem(input);
  if (problem !== undefined) {
    return invalid(problem);
  }
  if (!input.startsWith(WORKS_PREFIX)) {
    return invalid(`must start with '${WORKS_PREFIX}'`);
  }
  if (WORKS_NUMBER.test(input)) {
    return valid(input);
  }
  if (WORKS_NUMBER.test(input.toUpperCase())) {
    return invalid('category letter must be upper case');
  }
  return invalid(`must look like ${WORKS_PREFIX}YYYY-X-NNNNNNNN (year, category letter A-Z, 8 digits)`);
}

/** Software (软件著作权登记), e.g. "2021SR0123456": year, "SR", 7-digit serial. */
export function validateSoftwareCopyrightNumber(input: string): Validation<string> {
  const problem = basicInputProblem(input);
  if (problem !== undefined) {
    return invalid(problem);
  }
  if (SOFTWARE_NUMBER.test(input)) {
    return valid(input);
  }
  if (SOFTWARE_NUMBER.test(input.toUpperCase())) {
    return invalid("'SR' must be upper case");
  }
  return invalid('must look like YYYYSRNNNNNNN (year, "SR", 7 digits)');
}
