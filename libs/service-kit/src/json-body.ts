// Reading a request body, the one way every service does it: JSON in UTF-8, optionally gzip-,
// deflate- or br-compressed, at most REQUEST_BODY_LIMIT_BYTES once decompressed, nested at most
// MAX_JSON_DEPTH levels, with no lone UTF-16 surrogate and no prototype-polluting key. Whatever a
// caller sends, the outcome is a parsed body or a 4xx in the standard error body (never a 5xx):
//   wrong media type, a charset other than UTF-8, an unknown content coding  → 415
//   a body labelled gzip/deflate/br that is not, bytes that are not UTF-8,
//   text that is not JSON, nesting too deep, lone surrogates, __proto__       → 400 naming the field
//   more than the limit (declared or read)                                    → 413
// The depth is checked on the raw text before JSON.parse, so a 40,000-deep array never reaches a
// recursive parser or walker.
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { Transform } from 'node:stream';
import type { NextFunction, Request, Response } from 'express';
import type { FieldIssue } from '@ipledger/contracts';
import { MalformedBodyError, PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from './errors';
import { formatFieldPath } from './field-issues';

/** The largest body a service reads, once decompressed (100 kB). */
export const REQUEST_BODY_LIMIT_BYTES = 100 * 1024;

/** The deepest nesting of arrays and objects a body may have; the API's deepest schema needs 4. */
export const MAX_JSON_DEPTH = 32;

/** Keys that would reach an object's prototype if a body were ever merged into an object. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** A lone (unpaired) UTF-16 surrogate: with the u flag a valid pair is one code point and never matches. */
const LONE_SURROGATE = /\p{Surrogate}/u;

/** At most this many field issues are listed for one body. */
const MAX_ISSUES = 20;

export interface JsonBodyOptions {
  limitBytes?: number;
  maxDepth?: number;
}

function hasBody(request: Request): boolean {
  if (request.headers['transfer-encoding'] !== undefined) return true;
  const length = request.headers['content-length'];
  return length !== undefined && !/^0+$/.test(length.trim());
}

/** application/json or application/<anything>+json, in UTF-8 (the default) only. */
export function checkMediaType(contentType: string | undefined): void {
  const [essence = '', ...parameters] = (contentType ?? '').split(';');
  const type = essence.trim().toLowerCase();
  if (type !== 'application/json' && !/^application\/[\w.+-]+\+json$/.test(type)) {
    throw new UnsupportedMediaTypeError(
      `a request body must be JSON: content-type application/json, not ${type === '' ? 'none' : type}`,
      'header content-type',
    );
  }
  for (const parameter of parameters) {
    const [name = '', value = ''] = parameter.split('=');
    if (name.trim().toLowerCase() !== 'charset') continue;
    const charset = value
      .trim()
      .replace(/^"(.*)"$/, '$1')
      .toLowerCase();
    if (charset !== 'utf-8' && charset !== 'utf8') {
      throw new UnsupportedMediaTypeError(
        `a request body must be UTF-8: charset ${charset || '(empty)'} is not supported`,
        'header content-type',
      );
    }
  }
}

/** The decompressor for the request's Content-Encoding, undefined for none (identity). */
export function decoderFor(contentEncoding: string | undefined): { coding: string; stream: () => Transform } | undefined {
  const coding = (contentEncoding ?? '').trim().toLowerCase();
  switch (coding) {
    case '':
    case 'identity':
      return undefined;
    case 'gzip':
    case 'x-gzip':
      return { coding, stream: () => createGunzip() };
    case 'deflate':
      return { coding, stream: () => createInflate() };
    case 'br':
      return { coding, stream: () => createBrotliDecompress() };
    default:
      throw new UnsupportedMediaTypeError(
        `content-encoding ${coding} is not supported: send the body as is, or gzip, deflate or br (one coding)`,
        'header content-encoding',
      );
  }
}

/**
 * The deepest nesting of arrays and objects in JSON text, counted on the raw characters (strings
 * skipped) and stopping as soon as it passes `limit`: linear, no recursion.
 */
export function jsonDepthExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const char = text.charCodeAt(index);
    if (inString) {
      if (char === 0x5c)
        index++; // a backslash escapes the next character
      else if (char === 0x22) inString = false;
    } else if (char === 0x22) {
      inString = true;
    } else if (char === 0x7b || char === 0x5b) {
      if (++depth > limit) return true;
    } else if (char === 0x7d || char === 0x5d) {
      depth--;
    }
  }
  return false;
}

/**
 * Every string (key or value) of a parsed body that holds something no field of the API may: a lone
 * surrogate, U+FFFD standing for bytes that were not UTF-8 (when `replacement` is given), or a
 * prototype-polluting key. The depth is bounded before this runs.
 */
export function bodyTextIssues(value: unknown, options: { replacement?: boolean } = {}): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const visit = (node: unknown, path: PropertyKey[]): void => {
    if (issues.length >= MAX_ISSUES) return;
    if (typeof node === 'string') {
      if (options.replacement === true && node.includes('\uFFFD'))
        issues.push({ field: formatFieldPath(path), rule: 'must be valid UTF-8' });
      else if (LONE_SURROGATE.test(node)) {
        issues.push({ field: formatFieldPath(path), rule: 'must not contain a lone UTF-16 surrogate (\\ud800-\\udfff without its pair)' });
      }
      return;
    }
    if (Array.isArray(node)) {
      node.forEach((item, index) => visit(item, [...path, index]));
      return;
    }
    if (typeof node === 'object' && node !== null) {
      for (const [key, item] of Object.entries(node)) {
        if (FORBIDDEN_KEYS.has(key)) issues.push({ field: formatFieldPath([...path, key]), rule: 'is not an allowed field name' });
        else if (LONE_SURROGATE.test(key) || (options.replacement === true && key.includes('\uFFFD'))) {
          issues.push({ field: formatFieldPath([...path, key]), rule: 'field name must be valid UTF-8 without lone surrogates' });
        } else visit(item, [...path, key]);
      }
    }
  };
  visit(value, []);
  return issues;
}

/** JSON text → the body, or the 400 that says why not. */
export function parseJsonBody(text: string, maxDepth: number): unknown {
  if (jsonDepthExceeds(text, maxDepth))
    throw new MalformedBodyError('(body)', `must not nest arrays and objects deeper than ${maxDepth} levels`);
  const start = text.trimStart()[0];
  if (start !== '{' && start !== '[') throw new MalformedBodyError('(body)', 'must be a JSON object or array');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof SyntaxError ? `: ${error.message.slice(0, 200)}` : '';
    throw new MalformedBodyError('(body)', `is not valid JSON${reason}`);
  }
  const issues = bodyTextIssues(parsed);
  if (issues.length > 0) throw new ValidationError(issues);
  return parsed;
}

/** Bytes → text; bytes that are not UTF-8 are refused naming the field that holds them when it can be found. */
export function decodeUtf8Body(bytes: Buffer, maxDepth: number): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const replaced = new TextDecoder('utf-8').decode(bytes);
    let issues: FieldIssue[] = [];
    if (!jsonDepthExceeds(replaced, maxDepth)) {
      try {
        issues = bodyTextIssues(JSON.parse(replaced), { replacement: true }).filter((issue) => issue.rule.includes('UTF-8'));
      } catch {
        issues = [];
      }
    }
    throw issues.length > 0 ? new ValidationError(issues) : new MalformedBodyError('(body)', 'must be valid UTF-8');
  }
}

/** Reads the whole body (decompressed), refusing it past `limitBytes`. */
function readBody(request: Request, limitBytes: number, decoder: ReturnType<typeof decoderFor>): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const source = decoder === undefined ? request : request.pipe(decoder.stream());
    const chunks: Buffer[] = [];
    let received = 0;
    let settled = false;
    const fail = (error: Error): void => {
      if (settled) return;
      settled = true;
      request.unpipe();
      if (source !== request) (source as Transform).destroy();
      // The rest of the body is read and dropped, so the connection stays usable for the answer.
      request.resume();
      reject(error);
    };
    source.on('data', (chunk: Buffer) => {
      if (settled) return;
      received += chunk.length;
      if (received > limitBytes)
        fail(new PayloadTooLargeError(`request body is too large (over ${limitBytes / 1024} kB${decoder ? ' once decompressed' : ''})`));
      else chunks.push(chunk);
    });
    source.on('end', () => {
      if (settled) return;
      settled = true;
      resolve(Buffer.concat(chunks));
    });
    source.on('error', () => {
      fail(new MalformedBodyError('header content-encoding', `the body is not valid ${decoder?.coding ?? 'data'}`));
    });
    request.on('aborted', () => fail(new MalformedBodyError('(body)', 'the request ended before its body was complete')));
    request.on('error', () => fail(new MalformedBodyError('(body)', 'the request ended before its body was complete')));
  });
}

/**
 * Express middleware: sets request.body to the parsed JSON body (left undefined when the request
 * has none), or passes the 4xx on to the exception filter.
 */
export function jsonBody(options: JsonBodyOptions = {}) {
  const limitBytes = options.limitBytes ?? REQUEST_BODY_LIMIT_BYTES;
  const maxDepth = options.maxDepth ?? MAX_JSON_DEPTH;
  return (request: Request, _response: Response, next: NextFunction): void => {
    if (!hasBody(request)) {
      next();
      return;
    }
    const refuse = (error: unknown): void => {
      request.resume();
      next(error);
    };
    let decoder: ReturnType<typeof decoderFor>;
    const declared = Number(request.headers['content-length']);
    try {
      // A declared body is refused for its media type before it is read; a chunked one of unknown
      // length is read first, since an empty one (a POST without a body, forwarded) is no body.
      if (Number.isFinite(declared)) checkMediaType(request.headers['content-type']);
      decoder = decoderFor(request.headers['content-encoding']);
    } catch (error) {
      refuse(error);
      return;
    }
    if (decoder === undefined && Number.isFinite(declared) && declared > limitBytes) {
      refuse(new PayloadTooLargeError(`request body is too large (over ${limitBytes / 1024} kB)`));
      return;
    }
    readBody(request, limitBytes, decoder)
      .then((bytes) => {
        if (bytes.length > 0) {
          checkMediaType(request.headers['content-type']);
          (request as Request & { body: unknown }).body = parseJsonBody(decodeUtf8Body(bytes, maxDepth), maxDepth);
        }
        next();
      })
      .catch(next);
  };
}
