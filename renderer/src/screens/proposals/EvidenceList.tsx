import { agentLabels } from '../../../../shared/agents.ts';
import type { ProposalEvidence } from '../../../../shared/proposals.ts';
import { formatWhen } from './proposalWording.ts';

const flaggedByLabels = {
  staff: 'Flagged by staff',
  customer: 'The customer said it did not help',
  edit: 'Staff edited the draft before sending',
} as const;

/**
 * The flagged answers a proposal cites, as the analysis read them: personal details are placeholders
 * ([PHONE_1], [NAME_1]…), so a manager judges the SOP change, not the customer.
 */
export function EvidenceList({ evidence }: { evidence: ProposalEvidence[] }) {
  if (evidence.length === 0) {
    return <p>This proposal cites no flagged answers (a manager's edit, or an uploaded file).</p>;
  }
  return (
    <ol className="evidence-list" data-testid="proposal-evidence">
      {evidence.map((item) =>
        item.found ? (
          <li key={item.id} className="evidence-item">
            <p className="evidence-meta">
              {flaggedByLabels[item.flaggedBy]} · {agentLabels[item.agent]} · {item.facilityName} ·{' '}
              {formatWhen(item.flaggedAt)}
            </p>
            <ol className="evidence-thread" aria-label="The thread up to the flagged answer">
              {item.thread.map((text, index) => (
                <li
                  // The tail is fixed for a given answer; position is its identity here.
                  // biome-ignore lint/suspicious/noArrayIndexKey: the list never reorders
                  key={index}
                  className={`evidence-text evidence-${text.direction}`}
                >
                  <span className="visually-hidden">
                    {text.direction === 'inbound' ? 'Customer: ' : 'Sent: '}
                  </span>
                  {text.body}
                </li>
              ))}
            </ol>
            <dl className="facts evidence-facts">
              <dt>Flagged answer</dt>
              <dd>{item.answer || '(no text)'}</dd>
              <dt>Why</dt>
              <dd>{item.reason}</dd>
              {item.correction !== null && (
                <>
                  <dt>Staff correction</dt>
                  <dd data-testid="evidence-correction">{item.correction}</dd>
                </>
              )}
            </dl>
          </li>
        ) : (
          <li key={item.id} className="evidence-item evidence-missing">
            {item.id.startsWith('upload:')
              ? `Line ${item.id.slice('upload:'.length)} of an uploaded feedback file (not stored).`
              : 'A flagged answer that no longer exists.'}
          </li>
        ),
      )}
    </ol>
  );
}
