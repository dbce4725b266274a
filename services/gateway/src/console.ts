import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import fs from 'node:fs';
import path from 'node:path';

/** Where `npm run build:console` puts the web console (apps/console/dist). */
export const CONSOLE_DIST = path.resolve(__dirname, '..', '..', '..', 'apps', 'console', 'dist');

/**
 * The console's content security policy: scripts, styles and data only from this origin (Vite's
 * build is external files, no inline script); ECharts sets inline style attributes and draws on a
 * canvas; downloads are blob: URLs; no framing.
 */
export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Paths the gateway answers itself or proxies: never the console's. */
const RESERVED = /^\/(api|docs|health)(\/|$)/;

function wantsHtml(request: Request): boolean {
  const accept = request.headers.accept ?? '';
  return accept.includes('text/html');
}

/**
 * Serves the built console at "/": its files under /assets, and index.html for "/" and every client
 * route a browser asks for (Accept: text/html). API clients asking "/" for JSON still get the
 * gateway's landing document. Without a build (no index.html) it does nothing.
 */
export function consoleHandler(dist = CONSOLE_DIST): RequestHandler | undefined {
  const indexFile = path.join(dist, 'index.html');
  if (!fs.existsSync(indexFile)) return undefined;
  const assets = express.static(path.join(dist, 'assets'), { index: false, fallthrough: false, immutable: true, maxAge: '365d' });
  return (request: Request, response: Response, next: NextFunction) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return next();
    if (RESERVED.test(request.path)) return next();
    response.setHeader('content-security-policy', CONSOLE_CSP);
    if (request.path.startsWith('/assets/')) {
      request.url = request.url.slice('/assets'.length);
      return assets(request, response, next);
    }
    if (path.extname(request.path) !== '' || !wantsHtml(request)) {
      response.removeHeader('content-security-policy');
      return next();
    }
    response.setHeader('cache-control', 'no-cache');
    response.sendFile(indexFile);
  };
}
