import { describe, expect, test } from 'vitest';
import { canOpen, routeFromHash, routes } from './routes.ts';

describe('routes', () => {
  test('the hash names the screen; an empty hash is Bays; anything else is not found', () => {
    expect(routeFromHash('#/audit')?.id).toBe('audit');
    expect(routeFromHash('#/settings?x=1')?.id).toBe('settings');
    expect(routeFromHash('')?.id).toBe('bays');
    expect(routeFromHash('#/')?.id).toBe('bays');
    expect(routeFromHash('#/nope')).toBeUndefined();
  });

  test('front desk opens everything but Proposals, Quality, Audit and AI settings; managers and admins open all', () => {
    const open = (role: 'frontdesk' | 'manager' | 'admin') =>
      routes.filter((route) => canOpen(route, role)).map((route) => route.id);
    expect(open('frontdesk')).toEqual(['bays', 'inbox', 'sops', 'settings']);
    expect(open('manager')).toEqual([
      'bays',
      'inbox',
      'sops',
      'proposals',
      'quality',
      'audit',
      'ai',
      'settings',
    ]);
    expect(open('admin')).toEqual(open('manager'));
  });
});
