import { refusalRuleLabel } from './proposalWording.ts';

/** The guardrails' reasons for refusing a proposal, each under its rule in words. */
export function RefusalList({ refusals }: { refusals: ReadonlyArray<{ rule: string; reason: string }> }) {
  return (
    <ul className="refusal-list" data-testid="refusal-list">
      {refusals.map((refusal) => (
        <li key={`${refusal.rule}:${refusal.reason}`} data-rule={refusal.rule}>
          <strong>{refusalRuleLabel(refusal.rule)}</strong>: {refusal.reason}
        </li>
      ))}
    </ul>
  );
}
