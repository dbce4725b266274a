import type { NextFunction, Request, Response } from 'express';

/**
 * Cache-Control: no-store (and Pragma: no-cache for HTTP/1.0 caches) on an answer: tokens and API
 * data are never kept by a browser, a proxy or a shared cache (a shared machine's next user must not
 * find a bank's loans in its cache).
 */
export function noStore() {
  return (_request: Request, response: Response, next: NextFunction): void => {
    response.setHeader('cache-control', 'no-store');
    response.setHeader('pragma', 'no-cache');
    next();
  };
}
