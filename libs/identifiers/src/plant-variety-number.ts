// Plant variety right numbers (植物新品种权, 品种权号) as granted by the agricultural register
// (农业农村部植物新品种保护办公室): "CNA", the year of the application, and a 7-digit serial, e.g.
// CNA20191006012. Format only: the register publishes no check digit. The forestry register
// (国家林业和草原局) numbers its grants differently and its format is not confirmed, so forestry
// varieties are not accepted yet (docs/api.md, "IP numbers").
import { basicInputProblem } from './input-checks';
import { invalid, valid, Validation } from './validation';

const PLANT_VARIETY_NUMBER = /^CNA(\d{4})(\d{7})$/;
/** China joined UPOV's 1978 Act and began granting plant variety rights in 1999. */
const FIRST_YEAR = 1999;

export function validatePlantVarietyNumber(input: string, options: { currentYear?: number } = {}): Validation<string> {
  const problem = basicInputProblem(input);
  if (problem !== undefined) return invalid(problem);
  const match = PLANT_VARIETY_NUMBER.exec(input);
  if (match === null) {
    if (PLANT_VARIETY_NUMBER.test(input.toUpperCase())) return invalid("'CNA' must be upper case");
    return invalid('must look like CNAYYYYNNNNNNN ("CNA", the application year, 7 digits), e.g. CNA20191006012');
  }
  const year = Number(match[1]);
  if (year < FIRST_YEAR) return invalid(`year ${year} is before plant variety rights were first granted (${FIRST_YEAR})`);
  if (options.currentYear !== undefined && year > options.currentYear) return invalid(`year ${year} is in the future`);
  return valid(input);
}
