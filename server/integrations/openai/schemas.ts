import { z } from 'zod';
import { type Agent, agents } from '../../../shared/agents.ts';

// The structured outputs the product asks OpenAI for, by name. Pass them through the SDK's
// `zodResponseFormat(schema, NAME)`; the fake OpenAI's demo brain answers by the same names.

export const ROUTE_MESSAGE = 'route_message';
export const AGENT_REPLY = 'agent_reply';
/** The function tool an agent may call to offer a customer a bay reset. */
export const OFFER_BAY_RESET = 'offer_bay_reset';

export const AGENTS = agents;
export type AgentName = Agent;

/** Bot replies go out as SMS: at most 320 characters (two GSM-7 segments). */
export const MAX_REPLY_CHARS = 320;

export const routeMessageSchema = z.object({
  agent: z.enum(AGENTS),
  confidence: z.number().min(0).max(1),
});
export type RouteMessage = z.infer<typeof routeMessageSchema>;

// No length limit in the schema: string lengths are not among the keywords OpenAI's strict mode
// documents, and a long reply should reach the product's guards (which check MAX_REPLY_CHARS and
// decide what to send) rather than fail as a parse error.
export const agentReplySchema = z.object({
  reply: z.string(),
  handoff: z.boolean(),
  handoff_reason: z.string().nullable(),
});
export type AgentReply = z.infer<typeof agentReplySchema>;

export const offerBayResetSchema = z.object({ bay_number: z.number().int().min(1).max(99) });
export type OfferBayReset = z.infer<typeof offerBayResetSchema>;
