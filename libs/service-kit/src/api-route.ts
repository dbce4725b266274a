// Controllers declare each endpoint by naming its entry in the contracts' HTTP_ROUTES table:
//   @ApiRoute('POST', '/api/pledges')
// The table supplies the path, the success status, the roles allowed and the body/query schemas,
// so the docs, the gateway and the controllers cannot disagree.
import { applyDecorators, HttpCode, RequestMethod, RequestMapping, SetMetadata } from '@nestjs/common';
import { HTTP_ROUTES, type HttpRoute } from '@ipledger/contracts';

export const API_ROUTE_METADATA = 'ipledger:api-route';

export function findRoute(method: HttpRoute['method'], path: string): HttpRoute {
  const route = HTTP_ROUTES.find((candidate) => candidate.method === method && candidate.path === path);
  if (!route) throw new Error(`${method} ${path} is not in HTTP_ROUTES (libs/contracts/src/http/routes.ts)`);
  return route;
}

/** /api/pledges/{pledgeId}/registration → /api/pledges/:pledgeId/registration */
export function toNestPath(path: string): string {
  return path.replace(/\{(\w+)\}/g, ':$1');
}

export function ApiRoute(method: HttpRoute['method'], path: string): MethodDecorator {
  const route = findRoute(method, path);
  return applyDecorators(
    RequestMapping({ path: toNestPath(route.path), method: method === 'GET' ? RequestMethod.GET : RequestMethod.POST }),
    HttpCode(route.successStatus),
    SetMetadata(API_ROUTE_METADATA, route),
  );
}
