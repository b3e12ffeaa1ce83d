import { describe, expect, test } from 'vitest';
import { AUDIT_PAGE_SIZE, emptyAuditFilters, toAuditInput } from './auditFilters.ts';

describe('toAuditInput', () => {
  test('no filters asks for the first page of everything the user may see', () => {
    expect(toAuditInput(emptyAuditFilters)).toEqual({ ok: true, input: { limit: AUDIT_PAGE_SIZE } });
  });

  test('filters become input, local times become ISO instants, and blanks are left out', () => {
    const from = '2026-03-01T09:30';
    const result = toAuditInput({
      ...emptyAuditFilters,
      facilityId: 'f1',
      actorType: 'user',
      action: '  auth. ',
      from,
    });
    expect(result).toEqual({
      ok: true,
      input: {
        limit: AUDIT_PAGE_SIZE,
        facilityId: 'f1',
        actorType: 'user',
        action: 'auth.',
        from: new Date(from).toISOString(),
      },
    });
  });

  test('a range that ends before it starts is refused on the "Before" field', () => {
    const result = toAuditInput({ ...emptyAuditFilters, from: '2026-03-02T00:00', to: '2026-03-01T00:00' });
    expect(result).toEqual({ ok: false, errors: { to: 'Must be later than “From”.' } });
  });

  test('an over-long action is refused before it reaches the server', () => {
    const result = toAuditInput({ ...emptyAuditFilters, action: 'a'.repeat(101) });
    expect(result.ok).toBe(false);
  });
});
