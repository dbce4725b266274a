// The ACL plan of a deployment, by its own principals' names, under its own topic prefix: what
// `npm start` applies for KAFKA_TOPIC_PREFIX and the user names of IPLEDGER_KAFKA_SECURITY.
import { kafkaAccessPlan, SERVICE_NAMES } from '@ipledger/contracts';
import { generateKafkaSecurity, grantsToPrincipals, KAFKA_SERVICE_PRINCIPALS, type KafkaSecurity } from './kafka-security';

function renamed(security: KafkaSecurity, prefix: string): KafkaSecurity {
  return {
    ...security,
    operator: { ...security.operator, username: `${prefix}operator` },
    services: Object.fromEntries(
      KAFKA_SERVICE_PRINCIPALS.map((service) => [service, { ...security.services[service], username: `${prefix}${service}` }]),
    ) as KafkaSecurity['services'],
  };
}

describe('grantsToPrincipals', () => {
  it('keeps the plan as it is for a bundle whose principals are named after the services', () => {
    const plan = kafkaAccessPlan('');
    expect(grantsToPrincipals(plan, generateKafkaSecurity())).toEqual(plan);
  });

  it('grants each of a deployment’s own principals only the topics and groups of its prefix', () => {
    const security = renamed(generateKafkaSecurity(), 'prod.');
    const grants = grantsToPrincipals(kafkaAccessPlan('prod.'), security);

    expect(grants.map((grant) => grant.principal).sort()).toEqual(
      [...SERVICE_NAMES.map((service) => `prod.${service}`), 'prod.operator'].sort(),
    );
    const ledger = grants.find((grant) => grant.principal === 'prod.ledger');
    expect(ledger?.groups).toEqual(['prod.ipledger.ledger']);
    for (const grant of grants) {
      for (const name of [...grant.write, ...grant.read, ...grant.groups, ...(grant.groupPrefixes ?? [])]) {
        expect(name.startsWith('prod.')).toBe(true);
      }
    }
  });

  it('refuses a plan naming a principal the bundle does not define', () => {
    expect(() => grantsToPrincipals([{ principal: 'gateway' }], generateKafkaSecurity())).toThrow(
      'the Kafka access plan names principal "gateway", which the security bundle does not define',
    );
  });
});
