import fs from 'node:fs';
import path from 'node:path';
import { HTTP_ROUTES } from '@ipledger/contracts';

describe('docs/api.md', () => {
  const doc = fs.readFileSync(path.join(__dirname, '../../../docs/api.md'), 'utf8');
  const documented = [...doc.matchAll(/^\| (GET|POST) \| `([^`]+)` \| ([^|]+) \|/gm)].map(([, method, route, roles]) => ({
    key: `${method} ${route}`,
    roles: roles.trim(),
  }));

  it('lists every route of the contracts table with its roles, and nothing else', () => {
    const expected = HTTP_ROUTES.map((route) => ({
      key: `${route.method} ${route.path}`,
      roles: route.public ? 'public' : route.roles.join(', '),
    }));
    expect(documented.filter((entry) => entry.key !== 'GET /health')).toEqual(expected);
  });
});
