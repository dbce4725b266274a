import type { z } from 'zod';
import type { FieldIssue } from '@ipledger/contracts';

/** ['ipItems', 0, 'number'] → "ipItems[0].number" */
export function formatFieldPath(path: readonly PropertyKey[]): string {
  let result = '';
  for (const part of path) {
    if (typeof part === 'number') result += `[${part}]`;
    else result += result === '' ? String(part) : `.${String(part)}`;
  }
  return result === '' ? '(body)' : result;
}

export function zodIssuesToFieldIssues(error: z.ZodError, prefix: readonly PropertyKey[] = []): FieldIssue[] {
  return error.issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ field: formatFieldPath([...prefix, ...issue.path, key]), rule: 'is not a known field' }));
    }
    const field = formatFieldPath([...prefix, ...issue.path]);
    // A schema's rule with a stable code names it in params (e.g. MoneyString's amount-above-maximum).
    const ruleCode = issue.code === 'custom' ? (issue.params as { ruleCode?: unknown } | undefined)?.ruleCode : undefined;
    return [typeof ruleCode === 'string' ? { field, rule: issue.message, code: ruleCode } : { field, rule: issue.message }];
  });
}
