import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import type { StaffUser } from '../../../../shared/user.ts';
import { describeError } from '../../api/errors.ts';
import { useTRPC } from '../../api/trpc.ts';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ScreenHeading } from '../../shell/ScreenHeading.tsx';
import { useSession } from '../../state/session.ts';
import { AuditFilters } from './AuditFilters.tsx';
import { AuditTable, type FacilityInfo } from './AuditTable.tsx';
import { AUDIT_PAGE_SIZE, type AuditFilterValues, emptyAuditFilters, toAuditInput } from './auditFilters.ts';

export function AuditScreen({ user }: { user: StaffUser }) {
  const trpc = useTRPC();
  const serverUrl = useSession((state) => state.serverUrl) ?? '';
  const [applied, setApplied] = useState<AuditFilterValues>(emptyAuditFilters);
  const facilities = useQuery(trpc.facilities.list.queryOptions({}));
  const facilityInfo = useMemo(
    () =>
      new Map<string, FacilityInfo>(
        (facilities.data ?? []).map((facility) => [
          facility.id,
          { name: facility.name, timezone: facility.timezone },
        ]),
      ),
    [facilities.data],
  );
  // The form only applies values that parse, so this is always ok; the fallback is just "no filters".
  const parsed = toAuditInput(applied);
  const input = parsed.ok ? parsed.input : { limit: AUDIT_PAGE_SIZE };
  const audit = useInfiniteQuery(
    trpc.audit.list.infiniteQueryOptions(input, {
      getNextPageParam: (page) => page.nextCursor ?? undefined,
    }),
  );
  const items = audit.data?.pages.flatMap((page) => page.items) ?? [];
  const filtered = JSON.stringify(applied) !== JSON.stringify(emptyAuditFilters);

  return (
    <section className="screen" aria-labelledby="screen-heading">
      <div className="screen-header">
        <ScreenHeading>Audit</ScreenHeading>
        <button
          type="button"
          className="button button-secondary"
          disabled={audit.isFetching}
          onClick={() => void audit.refetch()}
        >
          {audit.isFetching && !audit.isFetchingNextPage ? 'Refreshing…' : 'Refresh'}
        </button>
      </div>
      <p className="screen-intro">
        Every change in ClubOS, who made it and from where.
        {user.role !== 'admin' &&
          ' You see the entries of your facilities and your own actions, such as your sign-ins.'}
      </p>
      {facilities.isError && (
        <div className="notice notice-warning" role="status">
          <p>Facility names could not be loaded ({describeError(facilities.error, serverUrl)}).</p>
        </div>
      )}
      <AuditFilters
        facilities={facilities.data ?? []}
        applied={applied}
        onApply={(values) => setApplied(values)}
      />

      {audit.isPending ? (
        <p className="loading" role="status">
          Loading the audit log…
        </p>
      ) : audit.isError && items.length === 0 ? (
        <div className="notice notice-error" role="alert">
          <p>The audit log could not be loaded: {describeError(audit.error, serverUrl)}</p>
          <button type="button" className="button" onClick={() => void audit.refetch()}>
            Try again
          </button>
        </div>
      ) : items.length === 0 ? (
        <EmptyState title={filtered ? 'No entries match these filters' : 'No audit entries yet'}>
          <p>
            {filtered ? 'Try a wider date range or clear the filters.' : 'Nothing has been recorded yet.'}
          </p>
        </EmptyState>
      ) : (
        <>
          <AuditTable items={items} facilities={facilityInfo} />
          <div className="table-footer">
            <p role="status">
              Showing {items.length} {items.length === 1 ? 'entry' : 'entries'}
              {audit.hasNextPage ? '; there are more.' : '. That is all of them.'}
            </p>
            {audit.isFetchNextPageError && (
              <p className="field-error" role="alert">
                More entries could not be loaded: {describeError(audit.error, serverUrl)}
              </p>
            )}
            {audit.hasNextPage && (
              <button
                type="button"
                className="button"
                disabled={audit.isFetchingNextPage}
                onClick={() => void audit.fetchNextPage()}
              >
                {audit.isFetchingNextPage ? 'Loading more…' : 'Load more'}
              </button>
            )}
          </div>
        </>
      )}
    </section>
  );
}
