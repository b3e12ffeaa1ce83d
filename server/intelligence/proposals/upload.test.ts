import { describe, expect, it } from 'vitest';
import { DomainError } from '../../errors.ts';
import { MAX_UPLOAD_BYTES, MAX_UPLOAD_LINES, parseFeedbackUpload } from './upload.ts';

const line = (overrides: Record<string, unknown> = {}) =>
  JSON.stringify({
    query: 'Do gift cards expire?',
    response: 'Let me check.',
    agent: 'brand',
    feedback_rating: 'unhelpful',
    reason: 'Wrong',
    correction: 'They never expire.',
    sop_versions: [{ path: 'brand/gift-cards.md', version: 1, section: 'Expiry' }],
    thread_id: '',
    created_at: '2026-12-01T10:00:00.000Z',
    ...overrides,
  });

function refusal(jsonl: string): DomainError {
  try {
    parseFeedbackUpload(jsonl);
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('parsing an uploaded feedback export', () => {
  it('reads every non-blank line, with the same defaults as the export format', () => {
    const records = parseFeedbackUpload(
      `${line()}\n\n${JSON.stringify({ query: 'q', response: 'r', agent: 'booking', reason: 'x' })}\r\n`,
    );
    expect(records).toHaveLength(2);
    expect(records[1]).toMatchObject({ correction: null, sop_versions: [], feedback_rating: 'unhelpful' });
  });

  it('names the line number and the field path of a bad line, never its content', () => {
    const bad = line({ agent: 'sales', query: 'my PIN is 4321' });
    const error = refusal(`${line()}\n${line()}\n${bad}`);
    expect(error.code).toBe('invalid_input');
    expect(error.details).toEqual({ line: 3, field: 'agent' });
    expect(error.message).toMatch(/^Line 3 is not a feedback record \(agent: /);
    expect(error.message).not.toContain('4321');

    const nested = refusal(line({ sop_versions: [{ path: 'x.md', version: 'one', section: 's' }] }));
    expect(nested.details).toEqual({ line: 1, field: 'sop_versions.0.version' });
  });

  it('refuses a line that is not JSON without quoting it', () => {
    const error = refusal(`${line()}\n{"query": "call me at 902-555-0199"`);
    expect(error.details).toEqual({ line: 2, field: '(line)' });
    expect(error.message).not.toContain('902');
  });

  it('refuses an empty file, too many lines and too many bytes, saying the limit', () => {
    expect(refusal('\n\n').message).toBe('The file has no feedback lines.');
    const many = Array.from({ length: MAX_UPLOAD_LINES + 1 }, () => line()).join('\n');
    expect(refusal(many).message).toContain(`at most ${MAX_UPLOAD_LINES}`);
    const big = line({ response: 'x'.repeat(MAX_UPLOAD_BYTES) });
    expect(refusal(big).message).toContain('at most 2 MB');
  });
});
