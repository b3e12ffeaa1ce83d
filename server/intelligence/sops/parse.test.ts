import { describe, expect, it } from 'vitest';
import { DomainError } from '../../errors.ts';
import { agentOfPath, MAX_SOP_BYTES, parseSop } from './parse.ts';

const sop = [
  '# Door access',
  '',
  'Intro line.',
  '',
  '## Your door PIN',
  'Code texted.',
  '',
  '## Early',
  'Wait.',
];

describe('parseSop', () => {
  it('splits at ## headings, with the text before the first one as an intro headed by the title', () => {
    expect(parseSop('booking/door-access.md', sop.join('\n'))).toEqual({
      agent: 'booking',
      title: 'Door access',
      content: sop.join('\n'),
      sections: [
        { ordinal: 0, heading: 'Door access', body: 'Intro line.' },
        { ordinal: 1, heading: 'Your door PIN', body: 'Code texted.' },
        { ordinal: 2, heading: 'Early', body: 'Wait.' },
      ],
    });
  });

  it('has no intro section when nothing comes before the first ##', () => {
    const parsed = parseSop('brand/voice.md', '# Voice\n\n## Greetings\nHi.\n');
    expect(parsed.sections).toEqual([{ ordinal: 0, heading: 'Greetings', body: 'Hi.' }]);
  });

  it('keeps ### subheadings, placeholders and fenced ## lines inside their section', () => {
    const text = '# T\n## A\n### Sub\nCall {{facts.phone.staff}}.\n```\n## not a heading\n```\n## B\nb';
    const parsed = parseSop('emergency/t.md', text);
    expect(parsed.sections.map((section) => section.heading)).toEqual(['A', 'B']);
    expect(parsed.sections[0]?.body).toBe('### Sub\nCall {{facts.phone.staff}}.\n```\n## not a heading\n```');
  });

  it('maps the tech-support folder to the tech_support agent', () => {
    expect(parseSop('tech-support/sim.md', '# Sim\nRestart it.').agent).toBe('tech_support');
  });

  it('normalises Windows line endings and a byte-order mark', () => {
    const parsed = parseSop('booking/a.md', '\uFEFF# A\r\n## B\r\nText\r\n');
    expect(parsed.content).toBe('# A\n## B\nText\n');
    expect(parsed.sections).toEqual([{ ordinal: 0, heading: 'B', body: 'Text' }]);
  });

  it.each([
    ['sales/pricing.md', /agent folders emergency\/, booking\/, tech-support\/, brand\//],
    ['tech_support/sim.md', /agent folders/],
    ['booking/notes.txt', /ending in \.md/],
    ['booking/../brand/voice.md', /no "\.\."/],
    ['booking/nested/a.md', /directly in one of the agent folders/],
    ['/booking/a.md', /expected a path like/],
    ['booking\\a.md', /backslashes/],
    ['booking/.hidden.md', /do not start with "\."/],
  ])('refuses the path %s', (path, message) => {
    expect(() => agentOfPath(path)).toThrow(message);
    expect(() => parseSop(path, '# T\ntext')).toThrow(DomainError);
  });

  it('refuses a file with no # title, an empty heading, no text, or over 16 KB, naming the file', () => {
    expect(() => parseSop('booking/a.md', '## Only a section\ntext')).toThrow(
      'booking/a.md: has no "# Title" line',
    );
    expect(() => parseSop('booking/a.md', '# T\n##\ntext')).toThrow('line 2: a "## " heading needs text');
    expect(() => parseSop('booking/a.md', '# T\n\n')).toThrow('has no text beyond its title');
    const big = `# Big\n${'x'.repeat(MAX_SOP_BYTES)}`;
    expect(() => parseSop('booking/a.md', big)).toThrow('booking/a.md: is larger than 16 KB');
    // Multi-byte characters count as bytes, as they are stored.
    expect(() => parseSop('booking/a.md', `# T\n${'é'.repeat(MAX_SOP_BYTES / 2)}`)).toThrow('16 KB');
  });

  it('answers invalid_input, so the API says BAD_REQUEST', () => {
    try {
      parseSop('booking/a.md', 'no title');
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ code: 'invalid_input' });
    }
  });
});
