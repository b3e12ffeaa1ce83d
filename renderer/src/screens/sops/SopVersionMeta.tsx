import type { SopVersionMeta } from '../../../../shared/sops.ts';
import { proposalHref } from '../proposals/proposalsHash.ts';
import { formatWhen } from '../proposals/proposalWording.ts';
import { versionSourceLabels } from './sopWording.ts';

/**
 * How a version came to be, in one line: "Approved proposal · Morgan Manager · 6 Dec 2026, 10:00 ·
 * approved by Avery Admin · from proposal" (the last a link to it).
 */
export function VersionMetaLine({
  meta,
  linkProposal,
}: {
  meta: SopVersionMeta;
  /** Managers can open the proposal; to others (no Proposals screen) it is named, not linked. */
  linkProposal: boolean;
}) {
  return (
    <>
      {versionSourceLabels[meta.source]} · {meta.createdBy ? meta.createdBy.name : 'ClubOS'} ·{' '}
      {formatWhen(meta.createdAt)}
      {meta.approvedBy && (
        <span data-testid="sop-version-approver"> · approved by {meta.approvedBy.name}</span>
      )}
      {meta.proposalId &&
        (linkProposal ? (
          <>
            {' · '}
            <a href={proposalHref(meta.proposalId)} data-testid="sop-version-proposal">
              from proposal
            </a>
          </>
        ) : (
          ' · from a proposal'
        ))}
    </>
  );
}
