import { z } from 'zod';

// The structured verdict a model judge returns for one eval case, by the names the product asks for
// and the fake OpenAI and fake Anthropic answer: a `json_schema` response format named JUDGE_VERDICT
// for GPT, a forced tool call named RECORD_VERDICT for Claude.

export const JUDGE_VERDICT = 'judge_verdict';
export const RECORD_VERDICT = 'record_verdict';

export const judgeVerdictSchema = z.object({
  pass: z.boolean().describe('True when the candidate answer is right by the rubric or the expected answer.'),
  reasons: z
    .array(z.string())
    .describe('Why it fails, one short reason each (what is missing or wrong); empty when it passes.'),
});
export type JudgeVerdict = z.infer<typeof judgeVerdictSchema>;
