import type { ProposalStatusName } from '../../../../shared/proposals.ts';
import { statusLabels } from './proposalWording.ts';

export function ProposalStatus({ status }: { status: ProposalStatusName }) {
  const { icon, label } = statusLabels[status];
  return (
    <span className="proposal-status" data-status={status} data-testid="proposal-status">
      <span aria-hidden="true">{icon} </span>
      {label}
    </span>
  );
}
