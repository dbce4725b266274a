// Messages a bank's developer can act on, for the rules zod words generically. Installed once,
// when the contracts are loaded, so every schema in the system speaks the same way:
//   "is required" instead of "Invalid input: expected string, received undefined".
import { z } from 'zod';

function describeInput(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'an array';
  return typeof input === 'object' ? 'an object' : `a ${typeof input}`;
}

z.config({
  customError: (issue) => {
    if (issue.code === 'invalid_type') {
      if (issue.input === undefined) return 'is required';
      return `must be ${issue.expected === 'array' || issue.expected === 'object' ? 'an' : 'a'} ${issue.expected}, not ${describeInput(issue.input)}`;
    }
    return undefined;
  },
});
