import { describe, expect, it } from 'vitest';
import { draftFromSection } from './offlineReply.ts';

describe('the offline draft', () => {
  it('keeps unset-fact markers, prices and links whole, so the guards still see them', () => {
    const draft = draftFromSection(
      'Codes work from [not set: facts.code_lead_minutes] minutes before. An hour is $12.50 at book.example.com.\nNext line.',
    );
    expect(draft).toBe(
      'Codes work from [not set: facts.code_lead_minutes] minutes before. An hour is $12.50 at book.example.com. Next line.',
    );
  });

  it('prefers the section’s example reply and leaves out the search phrases', () => {
    const section =
      'Customers say: how much, price\n1. Quote the rate.\nExample reply: "An hour is $45 per bay."';
    expect(draftFromSection(section)).toBe('An hour is $45 per bay.');
    expect(draftFromSection('Customers say: hi\nStep one. Step two.')).toBe('Step one. Step two.');
  });

  it('stops at a whole sentence within 320 characters', () => {
    const draft = draftFromSection(`${'A short sentence. '.repeat(30)}`);
    expect(draft.length).toBeLessThanOrEqual(320);
    expect(draft.endsWith('.')).toBe(true);
  });
});
