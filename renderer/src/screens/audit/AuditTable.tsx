import type { RouterOutputs } from '../../api/trpc.ts';
import { actorTypeLabel, formatWhen, shortId } from './auditFormat.ts';

export type AuditItem = RouterOutputs['audit']['list']['items'][number];
export type FacilityInfo = { name: string; timezone: string };

function Json({ label, value }: { label: string; value: unknown }) {
  if (value == null) return null;
  return (
    <>
      <p className="audit-details-label">{label}</p>
      <pre>{JSON.stringify(value, null, 2)}</pre>
    </>
  );
}

function When({ iso, timeZone }: { iso: string; timeZone: string | undefined }) {
  const { date, time } = formatWhen(iso, timeZone);
  return (
    <time dateTime={iso}>
      <span className="cell-line nowrap">{date}</span>
      <span className="cell-line nowrap">{time}</span>
    </time>
  );
}

/** What an investigation needs beyond the row: the full ids and the recorded change. */
function Details({ item }: { item: AuditItem }) {
  return (
    <details className="audit-details">
      <summary>Details</summary>
      {item.targetId && (
        <>
          <p className="audit-details-label">Target id</p>
          <p className="mono small">{item.targetId}</p>
        </>
      )}
      {item.requestId && (
        <>
          <p className="audit-details-label">Request id</p>
          <p className="mono small">{item.requestId}</p>
        </>
      )}
      <Json label="Before" value={item.before} />
      <Json label="After" value={item.after} />
    </details>
  );
}

/** Newest first. Times read in the facility's zone; entries with no facility in this computer's. */
export function AuditTable({
  items,
  facilities,
}: {
  items: AuditItem[];
  facilities: Map<string, FacilityInfo>;
}) {
  return (
    // Scrolls sideways on narrow windows; focusable so the keyboard can scroll it too.
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard
    <section className="table-scroll" aria-labelledby="audit-caption" tabIndex={0}>
      <table className="table" data-testid="audit-table">
        <caption id="audit-caption">Audit log, newest first</caption>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Done by</th>
            <th scope="col">Action</th>
            <th scope="col">Target</th>
            <th scope="col">Facility</th>
            <th scope="col">IP / device</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => {
            const facility = item.facilityId ? facilities.get(item.facilityId) : undefined;
            return (
              <tr key={item.id} data-action={item.action}>
                <td>
                  <When iso={item.occurredAt} timeZone={facility?.timezone} />
                </td>
                <td>
                  <span className="cell-line audit-actor">{item.actorLabel ?? item.actorId ?? '—'}</span>
                  <span className="tag">{actorTypeLabel(item.actorType)}</span>
                </td>
                <td>
                  <code className="cell-line audit-action">{item.action}</code>
                  <Details item={item} />
                </td>
                <td>
                  {item.targetType ? (
                    <>
                      <span className="cell-line">{item.targetType}</span>
                      {item.targetId && (
                        <span className="cell-line mono small" title={item.targetId}>
                          {shortId(item.targetId)}
                        </span>
                      )}
                    </>
                  ) : (
                    '—'
                  )}
                </td>
                <td>{item.facilityId ? (facility?.name ?? item.facilityId) : 'Installation-wide'}</td>
                <td>
                  <span className="cell-line mono">{item.ip ?? '—'}</span>
                  {item.device && (
                    <span className="cell-line small muted-text audit-device" title={item.device}>
                      {item.device}
                    </span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
