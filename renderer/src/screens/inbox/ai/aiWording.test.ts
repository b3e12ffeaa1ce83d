import { describe, expect, test } from 'vitest';
import {
  decisionText,
  latencyText,
  modelText,
  routeText,
  runText,
  sopSectionText,
  tokensText,
  usdText,
} from './aiWording.ts';
import { runFixture } from './testRuns.ts';

describe('why this answer, in words', () => {
  test('the route names the agent, how it was chosen and how sure', () => {
    expect(routeText(runFixture())).toBe('Booking & access, chosen by the offline classifier (82% sure)');
    expect(routeText(runFixture({ agent: 'emergency', via: 'rules', routeConfidence: 1 }))).toBe(
      'Emergency, chosen by the emergency rules (100% sure)',
    );
    expect(routeText(runFixture({ via: 'llm', routeConfidence: null }))).toBe(
      'Booking & access, chosen by the AI router',
    );
  });

  test('an SOP section by file, heading and version', () => {
    expect(sopSectionText({ path: 'booking/door-access.md', heading: 'PIN not working', version: 1 })).toBe(
      'booking/door-access.md › PIN not working · v1',
    );
  });

  test('tokens in (cached) and out, or that no model was called', () => {
    expect(tokensText(runFixture().provenance)).toBe('None: no model was called');
    expect(
      tokensText({
        ...runFixture().provenance,
        model: 'gpt-4o',
        promptTokens: 1234,
        cachedTokens: 1024,
        completionTokens: 56,
      }),
    ).toBe('1,234 in (1,024 cached) · 56 out');
    expect(
      tokensText({ ...runFixture().provenance, model: 'gpt-4o', promptTokens: 10, completionTokens: 2 }),
    ).toBe('10 in · 2 out');
    expect(modelText(null)).toBe('None (drafted from the SOPs)');
    expect(modelText('gpt-4o')).toBe('gpt-4o');
  });

  test('cost to the cent, or finer for a fraction of one', () => {
    expect(usdText(0)).toBe('$0.00');
    expect(usdText(0.00312)).toBe('$0.0031');
    expect(usdText(12.5)).toBe('$12.50');
    expect(usdText(1234)).toBe('$1,234.00');
  });

  test('latency in ms or seconds, a dash when not timed', () => {
    expect(latencyText(null)).toBe('—');
    expect(latencyText(850.4)).toBe('850 ms');
    expect(latencyText(1234)).toBe('1.2 s');
  });

  test('who decided, and whether the text was edited', () => {
    const frankie = { id: 'u1', name: 'Frankie' };
    expect(decisionText(runFixture({ state: 'sent' }))).toBe('Sent by the AI on its own');
    expect(decisionText(runFixture({ state: 'sent', decidedBy: frankie }))).toBe(
      'Approved and sent by Frankie',
    );
    expect(decisionText(runFixture({ state: 'sent', decidedBy: frankie, finalBody: 'Edited' }))).toBe(
      'Edited and sent by Frankie',
    );
    expect(decisionText(runFixture({ state: 'discarded', decidedBy: frankie }))).toBe('Discarded by Frankie');
    expect(decisionText(runFixture())).toBeNull();
    expect(runText(runFixture({ finalBody: 'Edited' }))).toBe('Edited');
    expect(runText(runFixture({ body: null }))).toBe('');
  });
});
