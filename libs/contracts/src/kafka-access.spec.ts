// The operator's group rights of one deployment must not reach another deployment's groups on the
// same cluster, whatever the two topic prefixes (an unprefixed deployment beside `ipledger-b.`).
import { operatorKafkaAccess } from './kafka-access';
import { CONSUMERS, cliReaderGroupPrefix, consumerGroupId } from './topics';

const PREFIXES = ['', 'ipledger-b.', 'ipledger.', 'prod.', 'prod.eu.'];

function groupsOf(prefix: string): string[] {
  return [...CONSUMERS.map((consumer) => consumerGroupId(consumer, prefix)), `${cliReaderGroupPrefix(prefix)}0d6c7e`];
}

function operatorMayUse(operatorPrefix: string, group: string): boolean {
  const access = operatorKafkaAccess(operatorPrefix);
  return access.groups.includes(group) || (access.groupPrefixes ?? []).some((groupPrefix) => group.startsWith(groupPrefix));
}

describe('the operator’s consumer-group rights', () => {
  it.each(PREFIXES)('cover every group of its own deployment (prefix "%s")', (prefix) => {
    for (const group of groupsOf(prefix)) expect(operatorMayUse(prefix, group)).toBe(true);
  });

  it.each(PREFIXES.flatMap((own) => PREFIXES.filter((other) => other !== own).map((other) => [own, other])))(
    'reach no group of another deployment (own prefix "%s", other "%s")',
    (own, other) => {
      const reached = groupsOf(other).filter((group) => operatorMayUse(own, group));
      expect(reached).toEqual([]);
    },
  );
});
