import { z } from 'zod';
import type { Agent } from './agents.ts';

// The intelligence engine as the API returns it (ai.*, feedback.*, and the ai.run thread event).

/** How an agent answers at a facility: stored only, drafted for staff, or sent. Default `draft`. */
export const agentModes = ['shadow', 'draft', 'auto'] as const;
export const agentModeSchema = z.enum(agentModes);
export type AgentMode = z.infer<typeof agentModeSchema>;
export const DEFAULT_AGENT_MODE: AgentMode = 'draft';

export const agentModeLabels: Record<AgentMode, string> = {
  shadow: 'Shadow (store only)',
  draft: 'Draft (staff approve)',
  auto: 'Auto (send)',
};

/**
 * What became of an AI answer. `shadow` and `draft` wait on staff (a shadow answer is only shown),
 * `sent` went through the outbox, `handed_off` left the customer to a person.
 */
export type AiRunState = 'shadow' | 'draft' | 'sent' | 'discarded' | 'handed_off' | 'skipped';

export type SopReferenceView = {
  sectionId: string;
  documentId: string;
  path: string;
  heading: string;
  version: number;
};

export type ResetOfferView = {
  bayNumber: number;
  state: 'offered' | 'confirmed' | 'declined' | 'expired' | 'refused';
  outcome: string | null;
};

export type AiRunView = {
  id: string;
  threadId: string;
  triggerMessageId: string;
  /** `safety` is the fixed emergency reply; `reply` is an agent's answer. */
  kind: 'safety' | 'reply';
  state: AiRunState;
  agent: Agent;
  emergency: boolean;
  /** How the route was chosen: the emergency rules, the model, or the offline classifier. */
  via: 'rules' | 'llm' | 'offline';
  routeConfidence: number | null;
  mode: AgentMode | null;
  /** The customer text it answered. */
  query: string;
  body: string | null;
  /** What was actually sent, when staff edited the draft first. */
  finalBody: string | null;
  /** Why it is a draft, a hand-off or a skip, in words. */
  reason: string | null;
  replyMessageId: string | null;
  provenance: {
    sopSections: SopReferenceView[];
    model: string | null;
    promptTokens: number;
    cachedTokens: number;
    completionTokens: number;
    costUsd: number;
    latencyMs: number | null;
  };
  resetOffer: ResetOfferView | null;
  decidedBy: { id: string; name: string } | null;
  decidedAt: string | null;
  flagged: boolean;
  createdAt: string;
};

export type FacilityAiSettings = {
  facilityId: string;
  facilitySlug: string;
  facilityName: string;
  modes: Record<Agent, AgentMode>;
  killSwitch: boolean;
  dailyBudgetUsd: number;
  spentTodayUsd: number;
};

export type AiSettingsView = { globalKillSwitch: boolean; facilities: FacilityAiSettings[] };

/** The desktop notification every open app of a facility shows for an emergency text. */
export type EmergencyAlert = {
  threadId: string;
  facilityId: string;
  customerNumber: string;
  category: string | null;
  text: string;
  at: string;
};

/** One line of `clubos feedback export` and of the file managers download. */
export type FeedbackRecord = {
  query: string;
  response: string;
  agent: Agent;
  feedback_rating: 'unhelpful';
  reason: string;
  correction: string | null;
  sop_versions: Array<{ path: string; version: number; section: string }>;
  thread_id: string;
  created_at: string;
};
