import type { AiRunView } from '../../../shared/ai.ts';
import type { AiRunRow } from '../../db/schema/index.ts';

export function runView(run: AiRunRow, deciderName: string | null, flagged: boolean): AiRunView {
  return {
    id: run.id,
    threadId: run.threadId,
    triggerMessageId: run.triggerMessageId,
    kind: run.kind,
    state: run.state,
    agent: run.agent,
    emergency: run.emergency,
    via: run.via,
    routeConfidence: run.routeConfidence,
    mode: run.mode,
    query: run.query,
    body: run.body,
    finalBody: run.finalBody,
    reason: run.reason,
    replyMessageId: run.replyMessageId,
    provenance: {
      sopSections: run.sopRefs,
      model: run.model,
      promptTokens: run.promptTokens,
      cachedTokens: run.cachedTokens,
      completionTokens: run.completionTokens,
      costUsd: run.costUsd,
      latencyMs: run.latencyMs,
    },
    resetOffer: run.resetOffer
      ? { bayNumber: run.resetOffer.bayNumber, state: run.resetOffer.state, outcome: run.resetOffer.outcome }
      : null,
    decidedBy: run.decidedBy && deciderName ? { id: run.decidedBy, name: deciderName } : null,
    decidedAt: run.decidedAt?.toISOString() ?? null,
    flagged,
    createdAt: run.createdAt.toISOString(),
  };
}
