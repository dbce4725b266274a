import { z } from 'zod';
import { EVENT_DEFINITIONS, EVENTS, findEventDefinition, mayProduce, producersOf, type EventType } from './catalogue';
import { consumersOf, EVENT_CONSUMERS } from './consumers';
import { HTTP_ROUTES, SERVICE_PATH_PREFIXES } from './http/routes';
import { ID_PREFIXES, idSchema, type IdKind } from './primitives';
import { SERVICE_NAMES } from './services';
import { CONSUMERS, TOPICS, topicNames } from './topics';

const ID_PATTERNS = new Set((Object.keys(ID_PREFIXES) as IdKind[]).map((kind) => z.toJSONSchema(idSchema(kind)).pattern));

describe('the event catalogue', () => {
  describe.each(EVENT_DEFINITIONS.map((definition) => [`${definition.type} v${definition.version}`, definition] as const))(
    '%s',
    (_name, definition) => {
      it('is keyed by a required string id field of its payload', () => {
        const keyField = definition.payload.shape[definition.keyField];

        expect(keyField).toBeDefined();
        const jsonSchema = z.toJSONSchema(definition.payload, { io: 'input' });
        expect(jsonSchema.required).toContain(definition.keyField);
        const property = jsonSchema.properties?.[definition.keyField];
        expect(typeof property === 'object' ? property.type : undefined).toBe('string');
        expect(ID_PATTERNS.has(typeof property === 'object' ? property.pattern : undefined)).toBe(true);
      });

      it('is on a topic in TOPICS and produced by a known service', () => {
        expect(Object.keys(TOPICS)).toContain(definition.topic);
        const producers = producersOf(definition);
        expect(producers.length).toBeGreaterThan(0);
        for (const producer of producers) expect(SERVICE_NAMES).toContain(producer);
      });

      it('is the one definition of its (type, version)', () => {
        expect(EVENT_DEFINITIONS.filter((other) => other.type === definition.type && other.version === definition.version)).toHaveLength(1);
        expect(findEventDefinition(definition.type, definition.version)).toBe(definition);
      });
    },
  );

  it('lets every service produce CommandAudited, and only the owner produce a domain fact', () => {
    for (const service of SERVICE_NAMES) expect(mayProduce(EVENTS.CommandAudited, service)).toBe(true);
    expect(producersOf(EVENTS.LoanDisbursed)).toEqual(['lending']);
    expect(mayProduce(EVENTS.LoanDisbursed, 'valuation')).toBe(false);
  });

  it('names each current event by its own type', () => {
    for (const [type, definition] of Object.entries(EVENTS)) expect(definition.type).toBe(type);
  });
});

describe('the consumers map', () => {
  it('has an entry for every consuming service', () => {
    expect(Object.keys(EVENT_CONSUMERS).sort()).toEqual([...CONSUMERS].sort());
  });

  test.each(CONSUMERS)('%s consumes only catalogue events, each once', (consumer) => {
    const types = EVENT_CONSUMERS[consumer];

    expect(types.filter((type) => !Object.prototype.hasOwnProperty.call(EVENTS, type))).toEqual([]);
    expect(new Set(types).size).toBe(types.length);
  });

  it('answers which services consume an event', () => {
    expect(consumersOf('PledgeApplicationSubmitted')).toEqual(['valuation', 'lending', 'statistics']);
    expect(consumersOf('LoanClosed' satisfies EventType)).toEqual(['pledge-registration']);
    expect(consumersOf('JournalEntryPosted')).toEqual([]);
  });
});

describe('the HTTP routes', () => {
  test.each(HTTP_ROUTES.map((route) => [`${route.method} ${route.path}`, route] as const))(
    '%s lies under its service’s path prefix',
    (_name, route) => {
      const prefixes = SERVICE_PATH_PREFIXES[route.service];

      for (const prefix of prefixes) expect(prefix).toMatch(/^\/api\/[a-z-]+$/);
      expect(prefixes.some((prefix) => route.path === prefix || route.path.startsWith(`${prefix}/`))).toBe(true);
    },
  );

  it('declares who may call every route: roles, or public only for logging in', () => {
    const undeclared = HTTP_ROUTES.filter((route) => (route.public === true ? route.roles.length > 0 : route.roles.length === 0));
    const publicRoutes = HTTP_ROUTES.filter((route) => route.public === true).map((route) => route.path);

    expect(undeclared.map((route) => `${route.method} ${route.path}`)).toEqual([]);
    expect(publicRoutes).toEqual(['/api/auth/login', '/api/auth/token']);
  });

  it('never lists one method and path twice', () => {
    const seen = HTTP_ROUTES.map((route) => `${route.method} ${route.path}`);
    const duplicates = seen.filter((route, index) => seen.indexOf(route) !== index);

    expect(duplicates).toEqual([]);
  });
});

describe('topicNames', () => {
  it('lists every event topic and every dead-letter topic, with the prefix', () => {
    const expected = [
      ...Object.values(TOPICS).map((topic) => `p.${topic.name}`),
      ...CONSUMERS.map((consumer) => `p.ipledger.dlq.${consumer}`),
    ];

    expect([...topicNames('p.')].sort()).toEqual(expected.sort());
  });

  it('has no prefix by default', () => {
    expect(topicNames()).toContain('ipledger.pledge.v1');
    expect(topicNames()).toContain('ipledger.dlq.lending');
  });
});
