import { type ThreadStatus, threadStatuses } from '../../../../shared/sms.ts';
import { threadStatusLabels } from './inboxWording.ts';
import type { ThreadFilter } from './threadList.ts';

type FacilityOption = { id: string; name: string };

const toggles = [
  { key: 'unread', label: 'Unread' },
  { key: 'needsHuman', label: 'Needs a human' },
  { key: 'assignedToMe', label: 'Assigned to me' },
] as const satisfies readonly { key: keyof ThreadFilter; label: string }[];

/** Each change reads the list again at once: every filter is a server-side filter, so paging stays right. */
export function ThreadFilters({
  filter,
  facilities,
  onChange,
}: {
  filter: ThreadFilter;
  facilities: FacilityOption[];
  onChange(filter: ThreadFilter): void;
}) {
  return (
    <fieldset className="inbox-filters" data-testid="inbox-filters">
      <legend className="visually-hidden">Show conversations</legend>
      <div className="inbox-filter-selects">
        {facilities.length > 1 && (
          <div className="inbox-filter">
            <label htmlFor="inbox-facility">Facility</label>
            <select
              id="inbox-facility"
              className="input"
              value={filter.facilityId ?? ''}
              onChange={(event) => onChange({ ...filter, facilityId: event.target.value || null })}
            >
              <option value="">All your facilities</option>
              {facilities.map((facility) => (
                <option key={facility.id} value={facility.id}>
                  {facility.name}
                </option>
              ))}
            </select>
          </div>
        )}
        <div className="inbox-filter">
          <label htmlFor="inbox-status">Status</label>
          <select
            id="inbox-status"
            className="input"
            value={filter.status ?? ''}
            onChange={(event) =>
              onChange({ ...filter, status: (event.target.value || null) as ThreadStatus | null })
            }
          >
            <option value="">Any status</option>
            {threadStatuses.map((status) => (
              <option key={status} value={status}>
                {threadStatusLabels[status]}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className="inbox-filter-toggles">
        {toggles.map((toggle) => (
          <label key={toggle.key} className="inbox-toggle">
            <input
              type="checkbox"
              checked={filter[toggle.key]}
              onChange={(event) => onChange({ ...filter, [toggle.key]: event.target.checked })}
            />
            {toggle.label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
