import type { z } from 'zod';
import { DomainError } from '../../errors.ts';
import { feedbackLineSchema } from './analysisSource.ts';

// A manager's upload of a `clubos feedback export` file for the SOP analysis. Every line is checked
// before anything runs; a refusal names the line and the field, never the line's content (it is
// customer text).

export const MAX_UPLOAD_BYTES = 2 * 1024 * 1024;
export const MAX_UPLOAD_LINES = 5_000;

export type FeedbackLine = z.infer<typeof feedbackLineSchema>;

/** The file's records, one per non-blank line, each validated; throws `invalid_input` on the first bad one. */
export function parseFeedbackUpload(jsonl: string): FeedbackLine[] {
  const bytes = Buffer.byteLength(jsonl, 'utf8');
  if (bytes > MAX_UPLOAD_BYTES) {
    throw new DomainError(
      'invalid_input',
      `The file is ${(bytes / 1024 / 1024).toFixed(1)} MB; at most ${MAX_UPLOAD_BYTES / 1024 / 1024} MB can be analysed at once. Export a shorter period (--since).`,
      { maxBytes: MAX_UPLOAD_BYTES },
    );
  }
  const lines = jsonl.split(/\r?\n/);
  const filled = lines.filter((line) => line.trim() !== '').length;
  if (filled > MAX_UPLOAD_LINES) {
    throw new DomainError(
      'invalid_input',
      `The file has ${filled} lines; at most ${MAX_UPLOAD_LINES} can be analysed at once. Export a shorter period (--since).`,
      { maxLines: MAX_UPLOAD_LINES },
    );
  }
  const records: FeedbackLine[] = [];
  for (const [index, line] of lines.entries()) {
    if (line.trim() === '') continue;
    const number = index + 1;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      // Not the parser's message: it quotes the line.
      throw lineError(number, '(line)', 'not valid JSON');
    }
    const parsed = feedbackLineSchema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw lineError(number, issue?.path.join('.') || '(root)', issue?.message ?? 'invalid');
    }
    records.push(parsed.data);
  }
  if (records.length === 0) throw new DomainError('invalid_input', 'The file has no feedback lines.');
  return records;
}

function lineError(line: number, field: string, problem: string): DomainError {
  return new DomainError(
    'invalid_input',
    `Line ${line} is not a feedback record (${field}: ${problem}). Upload the file \`clubos feedback export\` writes.`,
    { line, field },
  );
}
