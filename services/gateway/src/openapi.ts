// The OpenAPI document served at /docs, built from the contracts' HTTP_ROUTES table and zod
// schemas, so the docs cannot drift from what the services validate.
import { z } from 'zod';
import { ErrorBody, HEADERS, HTTP_ROUTES, type HttpRoute } from '@ipledger/contracts';

type JsonSchema = Record<string, unknown>;

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

function pathParameters(path: string) {
  return [...path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({ name, in: 'path', required: true, schema: { type: 'string' } }));
}

function queryParameters(route: HttpRoute) {
  if (!route.query) return [];
  const schema = jsonSchema(route.query, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(schema.properties ?? {}).map(([name, property]) => ({
    name,
    in: 'query',
    required: schema.required?.includes(name) ?? false,
    schema: property,
  }));
}

const tracingHeaders = [{ name: HEADERS.correlationId, in: 'header', required: false, schema: { type: 'string' } }];

/** Read-your-writes across services (docs/api.md, "Chaining commands"). */
const afterHeader = {
  name: HEADERS.after,
  in: 'header',
  required: false,
  description:
    'Event tokens (<EventType>:<eventId>, comma-separated) from the IPledger-Events of earlier answers: the service answers only once it has ' +
    'applied those of a type it consumes (others are ignored), or 503 not-yet-consistent with Retry-After after a bounded wait.',
  schema: { type: 'string', example: 'PledgeRegistered:01939a4e-7c1b-7f3a-9a51-2f0c9e8b1d22' },
};

const commandEventsHeader = {
  [HEADERS.commandEvents]: {
    description:
      'The events this command caused, as tokens <EventType>:<eventId> (comma-separated); absent when it caused none. Send them back in IPledger-After.',
    schema: { type: 'string' },
  },
};

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } } },
});

function operation(route: HttpRoute) {
  const responses: Record<string, unknown> = {
    [route.successStatus]: {
      description: 'OK',
      ...(route.method === 'POST' ? { headers: commandEventsHeader } : {}),
      content: { 'application/json': { schema: jsonSchema(route.response, 'output') } },
    },
    400: errorResponse('Invalid body or query: each field and the rule it broke'),
  };
  if (!route.public) {
    responses[401] = errorResponse('No bearer token, or one that is malformed, wrongly signed or expired: the message says which');
    responses[403] = errorResponse('The role may not call this endpoint');
    responses[503] = {
      ...errorResponse(
        'not-yet-consistent: events named in IPledger-After are not applied here yet (pendingEvents lists them); send the same request again after Retry-After. ' +
          'service-unavailable: the database is not reachable right now.',
      ),
      headers: { 'retry-after': { description: 'Seconds to wait before sending the same request again', schema: { type: 'integer' } } },
    };
  }
  if (route.errors.includes(401) && route.public) responses[401] = errorResponse('Wrong credentials (never says which part)');
  if (route.errors.includes(429)) responses[429] = errorResponse('Too many failed attempts: Retry-After says when to try again');
  if (route.errors.includes(404)) responses[404] = errorResponse('Unknown id, or one the caller may not see');
  if (route.errors.includes(409)) {
    responses[409] = errorResponse(
      'Illegal transition or broken business rule; names the current state. concurrent-modification (retryable: true, Retry-After): ' +
        'another request changed the same record at the same moment; send the same request again.',
    );
  }
  if (route.body) {
    responses[413] = errorResponse('Body over 100 kB (also once decompressed)');
    responses[415] = errorResponse('Body not application/json in UTF-8, or a Content-Encoding other than gzip, deflate or br');
  }
  return {
    summary: route.summary,
    tags: [route.service],
    description: route.public ? 'Public: no token needed.' : `Roles: ${route.roles.join(', ')}`,
    ...(route.public ? { security: [] } : {}),
    parameters: [...pathParameters(route.path), ...queryParameters(route), ...tracingHeaders, ...(route.public ? [] : [afterHeader])],
    ...(route.body
      ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(route.body, 'input') } } } }
      : {}),
    responses,
  };
}

export function buildOpenApiDocument(routes: readonly HttpRoute[] = HTTP_ROUTES) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    paths[route.path] = { ...paths[route.path], [route.method.toLowerCase()]: operation(route) };
  }
  paths['/health'] = {
    get: {
      summary: 'Readiness of the gateway and every service behind it',
      tags: ['operations'],
      responses: { 200: { description: 'All ready' }, 503: { description: 'Something is not ready' } },
    },
  };
  return {
    openapi: '3.1.0',
    info: {
      title: 'iPledger API',
      version: '1.0.0',
      description:
        'IP-pledge financing and risk compensation: pledge applications, valuations, loans, compensation policies ' +
        'and the double-entry ledger. Log in (POST /api/auth/login) and send the token as Authorization: Bearer <token>. ' +
        'Amounts are strings in yuan with exactly two decimals; dates are YYYY-MM-DD.',
    },
    paths,
    security: [{ bearer: [] }],
    components: {
      schemas: { ErrorBody: jsonSchema(ErrorBody, 'output') },
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'From POST /api/auth/login (people) or /api/auth/token (machine clients); expires after 15 minutes',
        },
      },
    },
  };
}
