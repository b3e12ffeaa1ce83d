import { type FormEvent, useState } from 'react';
import { Field } from '../../components/Field.tsx';
import {
  type AuditFilterErrors,
  type AuditFilterValues,
  actorTypes,
  emptyAuditFilters,
  toAuditInput,
} from './auditFilters.ts';
import { actorTypeLabel } from './auditFormat.ts';

type FacilityOption = { id: string; name: string };

/** Filters are edited here and applied together (Enter or "Apply"), so each change is one query. */
export function AuditFilters({
  facilities,
  applied,
  onApply,
}: {
  facilities: FacilityOption[];
  applied: AuditFilterValues;
  onApply(values: AuditFilterValues): void;
}) {
  const [draft, setDraft] = useState(applied);
  const [errors, setErrors] = useState<AuditFilterErrors>({});
  const set = <K extends keyof AuditFilterValues>(key: K, value: AuditFilterValues[K]) =>
    setDraft((current) => ({ ...current, [key]: value }));

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const result = toAuditInput(draft);
    if (!result.ok) {
      setErrors(result.errors);
      return;
    }
    setErrors({});
    onApply(draft);
  }

  function reset() {
    setDraft(emptyAuditFilters);
    setErrors({});
    onApply(emptyAuditFilters);
  }

  return (
    <form className="filters" aria-label="Audit filters" noValidate onSubmit={onSubmit}>
      <div className="filters-grid">
        <div className="field">
          <label htmlFor="audit-facility">Facility</label>
          <select
            id="audit-facility"
            className="input"
            value={draft.facilityId}
            onChange={(event) => set('facilityId', event.target.value)}
          >
            <option value="">All your facilities</option>
            {facilities.map((facility) => (
              <option key={facility.id} value={facility.id}>
                {facility.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="audit-actor-type">Done by</label>
          <select
            id="audit-actor-type"
            className="input"
            value={draft.actorType}
            onChange={(event) => set('actorType', event.target.value as AuditFilterValues['actorType'])}
          >
            <option value="">Anyone</option>
            {actorTypes.map((type) => (
              <option key={type} value={type}>
                {actorTypeLabel(type)}
              </option>
            ))}
          </select>
        </div>
        <Field
          id="audit-action"
          label="Action"
          placeholder="auth.login or auth."
          describedBy="audit-action-note"
          spellCheck={false}
          value={draft.action}
          error={errors.action}
          onChange={(event) => set('action', event.target.value)}
        />
        <Field
          id="audit-from"
          label="From"
          type="datetime-local"
          describedBy="audit-time-note"
          value={draft.from}
          error={errors.from}
          onChange={(event) => set('from', event.target.value)}
        />
        <Field
          id="audit-to"
          label="Before"
          type="datetime-local"
          describedBy="audit-time-note"
          value={draft.to}
          error={errors.to}
          onChange={(event) => set('to', event.target.value)}
        />
      </div>
      <p className="filters-note">
        <span id="audit-action-note">
          Action: an exact action such as auth.login, or a prefix ending in a dot such as auth. for all of
          them.
        </span>{' '}
        <span id="audit-time-note">From and Before are in this computer's time zone.</span>
      </p>
      <div className="actions">
        <button type="submit" className="button">
          Apply filters
        </button>
        <button type="button" className="button button-secondary" onClick={reset}>
          Clear filters
        </button>
      </div>
    </form>
  );
}
