import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { agentSchema } from '../../../shared/agents.ts';
import { evalPath } from '../../test/evalData.ts';

// Labelled messages for the routing tests and the latency bench; the product never reads these.
// The dev set lives beside the repository (../shared/eval), shared with the other evaluations; the
// held-out set is ours, written apart from the vocabulary to check that the router generalises.

const labelled = z.object({
  text: z.string(),
  agent: agentSchema,
  emergency: z.boolean(),
  /** Golf slang that sounds like danger ("my drives are on fire"): must never page. */
  joke: z.boolean().optional(),
});
export type LabelledMessage = z.infer<typeof labelled>;

export const devSetPath = evalPath('routing-dev.jsonl');
export const heldOutPath = fileURLToPath(new URL('./heldout.jsonl', import.meta.url));
export const injectionPath = evalPath('injection-dev.txt');

export function readLabelled(path: string): LabelledMessage[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, index) => {
      const parsed = labelled.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`${path} line ${index + 1}: ${parsed.error.message}`);
      return parsed.data;
    });
}

export function readInjections(): string[] {
  return readFileSync(injectionPath, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '');
}

export const percent = (part: number, whole: number) => `${((100 * part) / whole).toFixed(1)}%`;
