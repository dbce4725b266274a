import { bodyTextIssues, checkMediaType, decodeUtf8Body, decoderFor, jsonDepthExceeds, parseJsonBody } from './json-body';
import { methodsOfPath } from './method-check';

describe('reading a JSON body', () => {
  it('takes application/json and +json in UTF-8 only', () => {
    expect(() => checkMediaType('application/json')).not.toThrow();
    expect(() => checkMediaType('Application/JSON; charset="UTF-8"')).not.toThrow();
    expect(() => checkMediaType('application/merge-patch+json; charset=utf8')).not.toThrow();
    expect(() => checkMediaType('application/json; charset=iso-8859-1')).toThrow('charset iso-8859-1 is not supported');
    expect(() => checkMediaType('text/plain')).toThrow('content-type application/json, not text/plain');
    expect(() => checkMediaType(undefined)).toThrow('not none');
  });

  it('knows gzip, deflate, br and identity, and no other coding', () => {
    expect(decoderFor(undefined)).toBeUndefined();
    expect(decoderFor('identity')).toBeUndefined();
    expect(decoderFor('GZIP')?.coding).toBe('gzip');
    expect(() => decoderFor('bogus')).toThrow('content-encoding bogus is not supported');
    expect(() => decoderFor('gzip, br')).toThrow('is not supported');
  });

  it('measures nesting on the raw text, skipping strings and escapes, without recursion', () => {
    expect(jsonDepthExceeds('[[[]]]', 3)).toBe(false);
    expect(jsonDepthExceeds('[[[[]]]]', 3)).toBe(true);
    expect(jsonDepthExceeds('{"a":"[[[[[[\\"[[[["}', 1)).toBe(false);
    expect(jsonDepthExceeds('['.repeat(1_000_000), 32)).toBe(true);
  });

  it('refuses lone surrogates and prototype keys naming the field, and lets a valid pair through', () => {
    expect(bodyTextIssues({ a: [{ b: '\ud800' }], c: '\ud83d\ude00' })).toEqual([
      { field: 'a[0].b', rule: 'must not contain a lone UTF-16 surrogate (\\ud800-\\udfff without its pair)' },
    ]);
    expect(bodyTextIssues(JSON.parse('{"x":{"__proto__":{"admin":true}}}'))).toEqual([
      { field: 'x.__proto__', rule: 'is not an allowed field name' },
    ]);
    expect(() => parseJsonBody('{"name":"\\udfff"}', 32)).toThrow('name: must not contain a lone UTF-16 surrogate');
  });

  it('refuses text that is not a JSON object or array, or nests too deep', () => {
    expect(parseJsonBody(' {"a":[1]} ', 32)).toEqual({ a: [1] });
    expect(() => parseJsonBody('"a string"', 32)).toThrow('must be a JSON object or array');
    expect(() => parseJsonBody('{"a":', 32)).toThrow('(body): is not valid JSON');
    expect(() => parseJsonBody(`${'['.repeat(40_000)}${']'.repeat(40_000)}`, 32)).toThrow('deeper than 32 levels');
  });

  it('names the field that holds bytes that are not UTF-8', () => {
    const bytes = Buffer.concat([Buffer.from('{"ok":"yes","name":"a'), Buffer.from([0xff]), Buffer.from('"}')]);
    expect(() => decodeUtf8Body(bytes, 32)).toThrow('name: must be valid UTF-8');
    expect(() => decodeUtf8Body(Buffer.from([0xc3, 0x28]), 32)).toThrow('(body): must be valid UTF-8');
    expect(decodeUtf8Body(Buffer.from('{"name":"重庆"}'), 32)).toBe('{"name":"重庆"}');
  });
});

describe('the methods of a path of the API', () => {
  it('comes from the routes table, HEAD with GET, and nothing for unknown paths', () => {
    expect([...methodsOfPath('/api/pledges')].sort()).toEqual(['GET', 'HEAD', 'POST']);
    expect([...methodsOfPath('/api/pledges/pl_1/registration')]).toEqual(['POST']);
    expect(methodsOfPath('/nope').size).toBe(0);
  });
});
