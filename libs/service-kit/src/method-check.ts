// 405 instead of 404 for a path of the API called with a method it does not have: the answer
// names the methods it has (Allow), in the standard error body. Paths outside the routes table
// pass through (and end in the 404 of whoever does not know them).
import type { NextFunction, Request, Response } from 'express';
import { HTTP_ROUTES } from '@ipledger/contracts';
import { MethodNotAllowedError } from './errors';

interface PathMethods {
  pattern: RegExp;
  methods: Set<string>;
}

/** One entry per path template of the routes table, with every method it has (HEAD with GET). */
function pathsOfTheApi(): PathMethods[] {
  const byPath = new Map<string, Set<string>>();
  for (const route of HTTP_ROUTES) {
    const methods = byPath.get(route.path) ?? new Set<string>();
    methods.add(route.method);
    if (route.method === 'GET') methods.add('HEAD');
    byPath.set(route.path, methods);
  }
  return [...byPath].map(([path, methods]) => {
    const source = path
      .split(/\{\w+\}/)
      .map((literal) => literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('[^/]+');
    // As Express routes: case-insensitive, an optional trailing slash.
    return { pattern: new RegExp(`^${source}/?$`, 'i'), methods };
  });
}

/** The methods `path` has in the routes table; empty when it is not a path of the API. */
export function methodsOfPath(path: string, paths: readonly PathMethods[] = API_PATHS): Set<string> {
  const methods = new Set<string>();
  for (const entry of paths) if (entry.pattern.test(path)) for (const method of entry.methods) methods.add(method);
  return methods;
}

const API_PATHS = pathsOfTheApi();

export function methodCheck() {
  return (request: Request, _response: Response, next: NextFunction): void => {
    const methods = methodsOfPath(request.path);
    if (methods.size === 0 || methods.has(request.method)) {
      next();
      return;
    }
    const allowed = [...methods].sort();
    next(new MethodNotAllowedError(`${request.method} is not a method of ${request.path}; it has ${allowed.join(', ')}`, allowed));
  };
}
