// Bodies and queries are validated by the route's schema from the contracts: a 400 lists every
// field and the rule it broke.
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { z } from 'zod';
import type { HttpRoute } from '@ipledger/contracts';
import { API_ROUTE_METADATA } from './api-route';
import { ValidationError } from './errors';
import { zodIssuesToFieldIssues } from './field-issues';

function routeOf(ctx: ExecutionContext): HttpRoute {
  const route = Reflect.getMetadata(API_ROUTE_METADATA, ctx.getHandler()) as HttpRoute | undefined;
  if (!route) throw new Error(`${ctx.getClass().name}.${ctx.getHandler().name} has no @ApiRoute`);
  return route;
}

export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, prefix: string[] = []): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new ValidationError(zodIssuesToFieldIssues(result.error, prefix));
  return result.data;
}

/** The request body, parsed by the route's body schema. */
export const ValidBody = createParamDecorator((_data: unknown, ctx: ExecutionContext) => {
  const route = routeOf(ctx);
  if (!route.body) throw new Error(`${route.method} ${route.path} declares no body schema`);
  const request = ctx.switchToHttp().getRequest<Request>();
  return parseOrThrow(route.body, request.body ?? {});
});

/** The query string, parsed by the route's query schema. */
export const ValidQuery = createParamDecorator((_data: unknown, ctx: ExecutionContext) => {
  const route = routeOf(ctx);
  if (!route.query) throw new Error(`${route.method} ${route.path} declares no query schema`);
  const request = ctx.switchToHttp().getRequest<Request>();
  return parseOrThrow(route.query, request.query, ['query']);
});
