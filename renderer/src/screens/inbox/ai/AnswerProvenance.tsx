import type { AiRunView } from '../../../../../shared/ai.ts';
import {
  decisionText,
  latencyText,
  modelText,
  routeText,
  sopSectionText,
  tokensText,
  usdText,
} from './aiWording.ts';

/**
 * "Why this answer?": where the answer came from, so staff can judge it. The route (which agent,
 * chosen how, how sure), the reason it waits or was handed over, every SOP section it drew on with
 * its version, and what the model call cost. A native disclosure: keyboard and screen readers know it.
 */
export function AnswerProvenance({ run }: { run: AiRunView }) {
  const { provenance } = run;
  const decision = decisionText(run);
  return (
    <details className="ai-why" data-testid="ai-why">
      <summary>Why this answer?</summary>
      <dl className="ai-why-facts">
        <dt>Route</dt>
        <dd data-testid="ai-why-route">{routeText(run)}</dd>
        {run.reason && (
          <>
            <dt>Reason</dt>
            <dd>{run.reason}</dd>
          </>
        )}
        {decision && (
          <>
            <dt>Decision</dt>
            <dd>{decision}</dd>
          </>
        )}
        <dt>SOP sections</dt>
        <dd>
          {provenance.sopSections.length === 0 ? (
            'None: no SOP section was used.'
          ) : (
            <ul className="ai-why-sops" data-testid="ai-why-sops">
              {provenance.sopSections.map((section) => (
                <li key={section.sectionId} className="mono">
                  {sopSectionText(section)}
                </li>
              ))}
            </ul>
          )}
        </dd>
        <dt>Model</dt>
        <dd>{modelText(provenance.model)}</dd>
        <dt>Tokens</dt>
        <dd>{tokensText(provenance)}</dd>
        <dt>Cost</dt>
        <dd>{usdText(provenance.costUsd)}</dd>
        <dt>Latency</dt>
        <dd>{latencyText(provenance.latencyMs)}</dd>
      </dl>
      {run.finalBody !== null && run.body !== null && (
        <div className="ai-why-original">
          <p className="ai-why-label">The AI’s original draft</p>
          <p className="ai-why-quote">{run.body}</p>
        </div>
      )}
    </details>
  );
}
