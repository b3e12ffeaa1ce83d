import { describe, expect, it } from 'vitest';
import { parseSop } from '../sops/parse.ts';
import { proposalFromCorrection } from './fromCorrection.ts';

const current = '# Door access\n\n## Door code not working\n\nAsk them to enter it slowly.\n';

describe('a proposal from a staff correction (the offline path)', () => {
  const proposal = proposalFromCorrection(
    {
      interactionId: 'fb-1',
      query: 'Can I get in  early\nif my booking is at 7?',
      correction: 'Codes start working 15 minutes before your booking.',
      sopPath: 'booking/door-access.md',
    },
    current,
  );

  it('appends the question and the staff answer as one new section, keeping the rest', () => {
    expect(proposal.newContent.startsWith(current.trimEnd())).toBe(true);
    expect(proposal.newContent).toContain(
      '## Can I get in early if my booking is at 7\n\nCustomers say: Can I get in early if my booking is at 7?\n\nCodes start working 15 minutes before your booking.\n',
    );
    expect(proposal).toMatchObject({ sopPath: 'booking/door-access.md', evidence: ['fb-1'] });
  });

  it('still parses as an SOP, with one more section', () => {
    const before = parseSop('booking/door-access.md', current).sections.length;
    expect(parseSop('booking/door-access.md', proposal.newContent).sections).toHaveLength(before + 1);
  });

  it('keeps markdown out of the heading', () => {
    const odd = proposalFromCorrection(
      { interactionId: 'fb-2', query: '## **help** ?', correction: 'Ask staff.', sopPath: 'brand/voice.md' },
      '# Voice\n\n## Tone\n\nWarm.\n',
    );
    expect(odd.newContent).toContain('\n## Help\n');
  });
});
