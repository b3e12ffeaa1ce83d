import { z } from 'zod';

// The structured output ClubOS asks Claude for when it reviews staff corrections against the SOPs.
// Claude gives it as the input of one forced tool call; the fake Anthropic answers by the same name.

export const PROPOSE_SOP_CHANGES = 'propose_sop_changes';

export const sopProposalSchema = z.object({
  // Descriptions go into the tool's input_schema: they are what Claude reads about each field.
  sopPath: z
    .string()
    .min(1)
    .describe("The SOP file to change, as its path appears in the prompt, e.g. 'booking/door-access.md'."),
  summary: z.string().min(1),
  rationale: z.string().min(1),
  // At least one: a proposal with no evidence is not reviewable.
  evidence: z
    .array(z.string().min(1))
    .min(1)
    .describe('The ids of the interactions that justify the change.'),
  // The whole file, so a reviewer sees (and a diff shows) exactly what lands.
  newContent: z.string().describe('The complete new markdown of the SOP file, not a diff or an excerpt.'),
});
export type SopProposal = z.infer<typeof sopProposalSchema>;

export const proposalOutputSchema = z.object({ proposals: z.array(sopProposalSchema) });
export type ProposalOutput = z.infer<typeof proposalOutputSchema>;

/** What the Messages API takes as a tool's `input_schema`: a JSON Schema whose root is an object. */
export type ToolInputSchema = { type: 'object'; [key: string]: unknown };

/** A zod object as a tool's `input_schema` (`$schema` dropped: the API does not need the dialect). */
export function toolInputSchema(schema: z.ZodObject): ToolInputSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12' });
  return { ...rest, type: 'object' };
}
