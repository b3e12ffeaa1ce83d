import { useQuery } from '@tanstack/react-query';
import { type Ref, useEffect, useId, useImperativeHandle, useRef, useState } from 'react';
import { describeError } from '../../api/errors.ts';
import { useTRPC } from '../../api/trpc.ts';
import { VersionMetaLine } from './SopVersionMeta.tsx';
import { UnifiedDiff } from './UnifiedDiff.tsx';

export type SopCompareHandle = {
  /** "Compare with…" on a history row: that version becomes "from", and the choice of "to" is next. */
  compareFrom(version: number): void;
};

/**
 * Any two versions side by side as one unified diff (`sops.compare`): pick a "from" and a "to"
 * (either order; an older "to" shows what a rollback to it would undo), then Compare.
 */
export function SopCompare({
  documentId,
  versions,
  serverUrl,
  linkProposal,
  ref,
}: {
  documentId: string;
  /** Every version number, newest first. */
  versions: number[];
  serverUrl: string;
  linkProposal: boolean;
  ref?: Ref<SopCompareHandle>;
}) {
  const trpc = useTRPC();
  const id = useId();
  const newest = versions[0] ?? 1;
  const [from, setFrom] = useState(versions[1] ?? newest);
  const [to, setTo] = useState(newest);
  const [asked, setAsked] = useState<{ from: number; to: number } | null>(null);
  const [same, setSame] = useState(false);
  const toRef = useRef<HTMLSelectElement>(null);
  const resultRef = useRef<HTMLHeadingElement>(null);
  const comparison = useQuery({
    ...trpc.sops.compare.queryOptions({ sopId: documentId, from: asked?.from ?? 1, to: asked?.to ?? 1 }),
    enabled: asked !== null,
  });

  useImperativeHandle(
    ref,
    () => ({
      compareFrom(version: number) {
        setFrom(version);
        setSame(false);
        if (version === to) setTo(version === newest ? (versions[1] ?? newest) : newest);
        toRef.current?.focus();
        toRef.current?.scrollIntoView({ block: 'nearest' });
      },
    }),
    [to, newest, versions],
  );

  // Once the comparison has arrived, reading starts at its heading.
  const shown = comparison.data ? `${comparison.data.from.version}-${comparison.data.to.version}` : null;
  useEffect(() => {
    if (shown) resultRef.current?.focus();
  }, [shown]);

  return (
    <section className="sop-compare" aria-labelledby={`${id}-heading`} data-testid="sop-compare">
      <h3 id={`${id}-heading`} className="sop-version-title">
        Compare two versions
      </h3>
      <form
        className="sop-compare-form"
        onSubmit={(event) => {
          event.preventDefault();
          if (from === to) {
            setSame(true);
            return;
          }
          setSame(false);
          setAsked({ from, to });
        }}
      >
        <VersionSelect
          id={`${id}-from`}
          label="From version"
          versions={versions}
          value={from}
          invalidBy={same ? `${id}-same` : undefined}
          onChange={setFrom}
        />
        <VersionSelect
          id={`${id}-to`}
          label="To version"
          versions={versions}
          value={to}
          invalidBy={same ? `${id}-same` : undefined}
          onChange={setTo}
          selectRef={toRef}
        />
        <button type="submit" className="button button-secondary">
          Compare
        </button>
        {same && (
          <p id={`${id}-same`} className="field-error sop-compare-error" role="alert">
            <span aria-hidden="true">⚠ </span>Pick two different versions.
          </p>
        )}
      </form>
      {asked && comparison.isPending && (
        <p className="loading" role="status">
          Comparing version {asked.from} with version {asked.to}…
        </p>
      )}
      {comparison.isError && (
        <div className="notice notice-error" role="alert">
          <p>The versions could not be compared: {describeError(comparison.error, serverUrl)}</p>
          <button type="button" className="button button-secondary" onClick={() => void comparison.refetch()}>
            Try again
          </button>
        </div>
      )}
      {comparison.data && (
        <div className="sop-compare-result" data-testid="sop-compare-result">
          <h4 ref={resultRef} tabIndex={-1} className="sop-compare-title">
            Version {comparison.data.from.version} → version {comparison.data.to.version}:{' '}
            {comparison.data.added} line{comparison.data.added === 1 ? '' : 's'} added,{' '}
            {comparison.data.removed} removed
          </h4>
          <dl className="facts sop-compare-metas">
            <dt>From: version {comparison.data.from.version}</dt>
            <dd>
              <VersionMetaLine meta={comparison.data.from} linkProposal={linkProposal} />
            </dd>
            <dt>To: version {comparison.data.to.version}</dt>
            <dd>
              <VersionMetaLine meta={comparison.data.to} linkProposal={linkProposal} />
            </dd>
          </dl>
          {comparison.data.diff.trim() === '' ? (
            <p data-testid="sop-compare-same">These two versions have the same content.</p>
          ) : (
            <UnifiedDiff diff={comparison.data.diff} testId="sop-compare-diff" />
          )}
        </div>
      )}
    </section>
  );
}

/** One of the two version pickers; `invalidBy` names the message that says why the pair is wrong. */
function VersionSelect({
  id,
  label,
  versions,
  value,
  invalidBy,
  onChange,
  selectRef,
}: {
  id: string;
  label: string;
  versions: number[];
  value: number;
  invalidBy: string | undefined;
  onChange: (version: number) => void;
  selectRef?: Ref<HTMLSelectElement>;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        ref={selectRef}
        className="input"
        value={value}
        aria-invalid={invalidBy ? true : undefined}
        aria-describedby={invalidBy}
        onChange={(event) => onChange(Number(event.target.value))}
      >
        {versions.map((version) => (
          <option key={version} value={version}>
            Version {version}
          </option>
        ))}
      </select>
    </div>
  );
}
