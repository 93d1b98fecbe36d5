// The admin API's wire forms, as the app's client and the simulator both write them.
import { describe, expect, test } from 'vitest';
import { adminPath, ENDPOINTS, hotKeysPath, matrixPath, matrixSearch, withDefaultScheme } from '../../../src/shared/elastickv/admin-api';

describe('the admin API paths and queries', () => {
  test('every endpoint under /admin/api/v1/', () => {
    expect(Object.values(ENDPOINTS).map(adminPath)).toEqual(['/admin/api/v1/auth/login', '/admin/api/v1/auth/logout',
      '/admin/api/v1/cluster', '/admin/api/v1/keyviz/matrix', '/admin/api/v1/keyviz/hotkeys']);
  });

  test('a matrix query: parameters in sorted key order, open bounds (null or 0) left out (vectors §6.3)', () => {
    expect(matrixPath({ series: 'reads', rows: 8, fromMs: 1700000000000, toMs: 1700000900000 }))
      .toBe('/admin/api/v1/keyviz/matrix?from_unix_ms=1700000000000&rows=8&series=reads&to_unix_ms=1700000900000');
    expect(matrixSearch({ series: 'write_bytes', rows: 1024, fromMs: null, toMs: null })).toBe('rows=1024&series=write_bytes');
    expect(matrixSearch({ series: 'writes', rows: 1, fromMs: 0, toMs: 5 })).toBe('rows=1&series=writes&to_unix_ms=5');
  });

  test('a hot-keys query: the route exactly, every candidate (top 256), the slot and window only when given', () => {
    expect(hotKeysPath({ routeId: '18446744073709551615', label: '', subBucket: null }))
      .toBe('/admin/api/v1/keyviz/hotkeys?route_id=18446744073709551615&series=writes&top=256');
    expect(hotKeysPath({ routeId: '7', label: 'redis', subBucket: 0, fromMs: 1000, toMs: 2000 }))
      .toBe('/admin/api/v1/keyviz/hotkeys?route_id=7&series=writes&top=256&label=redis&sub_bucket=0&from_unix_ms=1000&to_unix_ms=2000');
    expect(hotKeysPath({ routeId: '7', label: '', subBucket: null, fromMs: null, toMs: null })).not.toContain('unix_ms');
  });

  test('an address without a scheme is http://; one with a scheme is kept as written', () => {
    expect(withDefaultScheme('10.0.0.2:8080')).toBe('http://10.0.0.2:8080');
    expect(withDefaultScheme('[::1]:8080')).toBe('http://[::1]:8080');
    expect(withDefaultScheme('HTTPS://Node-A:443')).toBe('HTTPS://Node-A:443');
  });
});
