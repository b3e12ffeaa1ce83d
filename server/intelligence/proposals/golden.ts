import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { agentSchema } from '../../../shared/agents.ts';

// The hand-written part of the eval gate's golden set (sops/evals/golden.jsonl): a customer question,
// its agent, and what a right answer must (and must not) say. Past helpful interactions and staff
// corrections join these when the gate runs.

const goldenCaseSchema = z.strictObject({
  id: z.string().min(1),
  agent: agentSchema,
  query: z.string().min(1),
  /** Each inner list is one requirement: the answer mentions at least one of its phrasings. */
  mustMention: z.array(z.array(z.string().min(1)).min(1)).default([]),
  mustNotMention: z.array(z.string().min(1)).default([]),
});
export type GoldenCase = z.infer<typeof goldenCaseSchema>;

export async function readGoldenCases(file: string): Promise<GoldenCase[]> {
  const text = await readFile(file, 'utf8');
  return text
    .split('\n')
    .map((line, index) => ({ line: line.trim(), number: index + 1 }))
    .filter(({ line }) => line !== '')
    .map(({ line, number }) => {
      const parsed = goldenCaseSchema.safeParse(JSON.parse(line));
      if (!parsed.success) {
        const where = parsed.error.issues.map((issue) => issue.path.join('.') || '(line)').join(', ');
        throw new Error(`${file} line ${number}: invalid golden case (${where})`);
      }
      return parsed.data;
    });
}

export type Verdict = { pass: boolean; reasons: string[] };

/**
 * The offline judge: a deterministic rubric. An answer passes when it says something, mentions each
 * requirement in one of its phrasings, avoids the forbidden phrases, and quotes no unset fact.
 */
export function judgeAnswer(golden: GoldenCase, answer: string): Verdict {
  const text = answer.toLowerCase();
  const reasons: string[] = [];
  if (answer.trim() === '') reasons.push('no answer');
  for (const requirement of golden.mustMention) {
    if (!requirement.some((phrase) => text.includes(phrase.toLowerCase()))) {
      reasons.push(`does not mention ${requirement.map((phrase) => `"${phrase}"`).join(' or ')}`);
    }
  }
  for (const phrase of golden.mustNotMention) {
    if (text.includes(phrase.toLowerCase())) reasons.push(`says "${phrase}"`);
  }
  if (text.includes('[not set:')) reasons.push('quotes a fact that is not set');
  return { pass: reasons.length === 0, reasons };
}
