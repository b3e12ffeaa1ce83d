import { agentLabels } from '../../../../../shared/agents.ts';
import type { AiRunState, AiRunView, SopReferenceView } from '../../../../../shared/ai.ts';

/** Each state of an AI answer in words, with its own icon (never colour alone). */
export const runStateLabels: Record<AiRunState, { icon: string; label: string }> = {
  draft: { icon: '✎', label: 'Draft: waiting for a person to send it' },
  shadow: { icon: '◌', label: 'Shadow answer: stored, not sent' },
  sent: { icon: '✓', label: 'Sent' },
  discarded: { icon: '✕', label: 'Discarded' },
  handed_off: { icon: '▲', label: 'Handed to a person' },
  skipped: { icon: '–', label: 'Not answered' },
};

const viaLabels: Record<AiRunView['via'], string> = {
  rules: 'the emergency rules',
  llm: 'the AI router',
  offline: 'the offline classifier',
};

/** "Booking & access, chosen by the offline classifier (82% sure)". */
export function routeText(run: Pick<AiRunView, 'agent' | 'via' | 'routeConfidence'>): string {
  const confidence = run.routeConfidence === null ? '' : ` (${Math.round(run.routeConfidence * 100)}% sure)`;
  return `${agentLabels[run.agent]}, chosen by ${viaLabels[run.via]}${confidence}`;
}

/** "booking/door-access.md › Door code not working · v1": which file, which section, which version. */
export function sopSectionText(section: Pick<SopReferenceView, 'path' | 'heading' | 'version'>): string {
  return `${section.path} › ${section.heading} · v${section.version}`;
}

const count = (value: number) => value.toLocaleString('en-US');

/** "1,200 in (1,000 cached) · 56 out", or why there are none. */
export function tokensText(provenance: AiRunView['provenance']): string {
  const { promptTokens, cachedTokens, completionTokens, model } = provenance;
  if (!model && promptTokens === 0 && completionTokens === 0) return 'None: no model was called';
  const cached = cachedTokens > 0 ? ` (${count(cachedTokens)} cached)` : '';
  return `${count(promptTokens)} in${cached} · ${count(completionTokens)} out`;
}

/** Dollars, to the cent, or to a hundredth of a cent when under one (a single answer costs that little). */
export function usdText(usd: number): string {
  if (usd > 0 && usd < 0.01) return `$${usd.toFixed(4)}`;
  return `$${usd.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** "850 ms", "1.2 s", or a dash when nothing was timed. */
export function latencyText(ms: number | null): string {
  if (ms === null) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(1)} s`;
}

export function modelText(model: string | null): string {
  return model ?? 'None (drafted from the SOPs)';
}

/** How the answer left: sent by the AI, approved as it was, or edited first. */
export function decisionText(run: Pick<AiRunView, 'state' | 'decidedBy' | 'finalBody'>): string | null {
  if (!run.decidedBy) return run.state === 'sent' ? 'Sent by the AI on its own' : null;
  const who = run.decidedBy.name;
  switch (run.state) {
    case 'sent':
      return run.finalBody !== null ? `Edited and sent by ${who}` : `Approved and sent by ${who}`;
    case 'discarded':
      return `Discarded by ${who}`;
    default:
      return null;
  }
}

/** What staff see on the card: the text that would go (or went) out. */
export function runText(run: Pick<AiRunView, 'body' | 'finalBody'>): string {
  return run.finalBody ?? run.body ?? '';
}
