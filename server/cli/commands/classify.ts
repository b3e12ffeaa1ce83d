import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { z } from 'zod';
import { loadConfig } from '../../config.ts';
import { createOpenAIClient } from '../../integrations/openai/client.ts';
import { routeMessage } from '../../intelligence/routing/router.ts';
import type { CliIO } from '../io.ts';

const inputLine = z.object({ text: z.string() });

/**
 * `clubos classify` routes customer texts as the product does, for trying the router and scoring
 * it against a labelled file: JSON lines `{"text": …}` in, one decision per line out, in order. It
 * uses the model when OPENAI_API_KEY is set and the offline classifier otherwise. No database.
 */
export function registerClassifyCommand(program: Command, io: CliIO) {
  program
    .command('classify')
    .description(
      'Route customer texts: JSON lines {"text": ...} on stdin, one {"agent", "emergency", "confidence", "via"} per line on stdout',
    )
    .action(async () => {
      const { ai } = loadConfig(io.env);
      const openai = ai.openai ? createOpenAIClient(ai.openai) : undefined;
      let lineNumber = 0;
      let bad = 0;
      for await (const line of createInterface({ input: io.stdin, crlfDelay: Number.POSITIVE_INFINITY })) {
        lineNumber += 1;
        if (line.trim() === '') continue;
        const text = readText(line);
        if (text.error !== undefined) {
          // Reported and skipped so one bad line does not lose the rest of a batch; the exit code says so.
          io.stderr.write(`clubos classify: line ${lineNumber}: ${text.error}\n`);
          bad += 1;
          continue;
        }
        const decision = await routeMessage(text.value, { ...(openai ? { openai } : {}), model: ai.model });
        if (decision.fallbackReason) {
          io.stderr.write(
            `clubos classify: line ${lineNumber}: model failed (${decision.fallbackReason}), routed offline\n`,
          );
        }
        const { agent, emergency, confidence, via } = decision;
        io.stdout.write(`${JSON.stringify({ agent, emergency, confidence, via })}\n`);
      }
      if (bad > 0) io.exitCode = 1;
    });
}

function readText(line: string): { value: string; error?: undefined } | { error: string } {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    return { error: 'not JSON' };
  }
  const parsed = inputLine.safeParse(json);
  return parsed.success ? { value: parsed.data.text } : { error: 'expected an object with a string "text"' };
}
