import { z } from 'zod';

// The four agents a customer text can be routed to. The router, the CLI and the renderer share
// these names, so a new agent is added here once.

export const agents = ['emergency', 'booking', 'tech_support', 'brand'] as const;
export const agentSchema = z.enum(agents);
export type Agent = z.infer<typeof agentSchema>;

/** Words staff see for each agent (inbox badges, filters). */
export const agentLabels: Record<Agent, string> = {
  emergency: 'Emergency',
  booking: 'Booking & access',
  tech_support: 'Tech support',
  brand: 'Brand & events',
};
