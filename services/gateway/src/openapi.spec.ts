import { HEADERS, HTTP_ROUTES } from '@ipledger/contracts';
import { buildOpenApiDocument } from './openapi';

describe('the OpenAPI document', () => {
  const sut = buildOpenApiDocument();

  it('documents every route of the contracts table with its success status', () => {
    for (const route of HTTP_ROUTES) {
      const operation = (sut.paths[route.path] as Record<string, { responses: Record<string, unknown> }>)[route.method.toLowerCase()];
      expect(operation).toBeDefined();
      expect(Object.keys(operation.responses)).toContain(String(route.successStatus));
    }
  });

  it('describes request bodies from the zod schemas, with money as strings', () => {
    const submit = (
      sut.paths['/api/pledges'] as Record<
        string,
        {
          requestBody: {
            content: Record<string, { schema: { properties: Record<string, { type: string; pattern?: string; description?: string }> } }>;
          };
        }
      >
    ).post;
    const properties = submit.requestBody.content['application/json'].schema.properties;
    expect(properties.requestedLoanAmount.type).toBe('string');
    expect(properties.requestedLoanAmount.pattern).toBe('^\\d{1,28}\\.\\d{2}$');
    expect(properties.requestedLoanAmount.description).toContain('at most 10000000000.00 (100亿元)');
  });

  it('lists path parameters for templated paths', () => {
    const get = (sut.paths['/api/loans/{loanId}'] as Record<string, { parameters: { name: string; in: string }[] }>).get;
    expect(get.parameters).toContainEqual(expect.objectContaining({ name: 'loanId', in: 'path' }));
  });

  it('documents chaining: IPledger-After on every authenticated route, IPledger-Events on a command’s answer, 503 not-yet-consistent', () => {
    type Operation = {
      parameters: { name: string; in: string }[];
      responses: Record<string, { headers?: Record<string, unknown>; description?: string }>;
    };
    const disburse = (sut.paths['/api/loans'] as Record<string, Operation>).post;
    expect(disburse.parameters).toContainEqual(expect.objectContaining({ name: HEADERS.after, in: 'header' }));
    expect(Object.keys(disburse.responses['201'].headers ?? {})).toEqual([HEADERS.commandEvents]);
    expect(disburse.responses['503'].description).toContain('not-yet-consistent');
    const read = (sut.paths['/api/loans/{loanId}'] as Record<string, Operation>).get;
    expect(read.parameters).toContainEqual(expect.objectContaining({ name: HEADERS.after, in: 'header' }));
    expect(read.responses['200'].headers).toBeUndefined();
  });
});
