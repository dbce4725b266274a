import { HTTP_ROUTES, type HttpRoute } from '@ipledger/contracts';
import { API_ROUTE_METADATA } from '@ipledger/service-kit';
import { LedgerController } from './ledger.controller';

describe('the ledger controller', () => {
  it('serves exactly the ledger routes of the contracts’ routes table', () => {
    const prototype = LedgerController.prototype as unknown as Record<string, unknown>;
    const served = Object.getOwnPropertyNames(LedgerController.prototype)
      .map((name) => prototype[name])
      .filter((method): method is object => typeof method === 'function')
      .map((method) => Reflect.getMetadata(API_ROUTE_METADATA, method) as HttpRoute | undefined)
      .filter((route): route is HttpRoute => route !== undefined)
      .map((route) => `${route.method} ${route.path}`);
    const listed = HTTP_ROUTES.filter((route) => route.service === 'ledger').map((route) => `${route.method} ${route.path}`);
    expect(served.sort()).toEqual(listed.sort());
  });
});
