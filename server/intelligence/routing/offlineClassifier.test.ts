import { describe, expect, it } from 'vitest';
import { agents } from '../../../shared/agents.ts';
import { classifyOffline } from './offlineClassifier.ts';
import { devSetPath, heldOutPath, percent, readInjections, readLabelled } from './testSets.ts';

// Acceptance: the offline classifier alone must reach 85% on the dev set and 80% on our held-out
// set, with every emergency caught on both.
const floors = [
  ['dev', devSetPath, 0.85],
  ['held-out', heldOutPath, 0.8],
] as const;

describe('offline classifier on the labelled sets', () => {
  for (const [name, path, floor] of floors) {
    it(`classifies the ${name} set at ${floor * 100}% or better, with every emergency caught`, () => {
      const rows = readLabelled(path);
      const results = rows.map((row) => ({ row, got: classifyOffline(row.text).agent }));
      const correct = results.filter(({ row, got }) => got === row.agent).length;
      const byAgent = agents
        .map((agent) => {
          const ofAgent = results.filter(({ row }) => row.agent === agent);
          return `${agent} ${ofAgent.filter(({ got }) => got === agent).length}/${ofAgent.length}`;
        })
        .join(', ');
      const wrong = results.filter(({ row, got }) => got !== row.agent);
      // biome-ignore lint/suspicious/noConsole: the acceptance figures belong in the test output
      console.log(
        [
          `offline classifier: ${name} accuracy ${correct}/${rows.length} = ${percent(correct, rows.length)} (${byAgent})`,
          ...wrong.map(({ row, got }) => `  wrong: ${JSON.stringify(row.text)} is ${row.agent}, got ${got}`),
        ].join('\n'),
      );
      expect(correct / rows.length).toBeGreaterThanOrEqual(floor);
      const missedEmergencies = results.filter(({ row, got }) => row.emergency && got !== 'emergency');
      expect(missedEmergencies.map(({ row }) => row.text)).toEqual([]);
    });
  }
});

describe('classifyOffline', () => {
  it.each([
    ['door code not working', 'booking'],
    ["I'm outside and the keypad won't take my PIN", 'booking'],
    ['can I get a resevation for friday', 'booking'],
    ['the projecter wont turn on', 'tech_support'],
    ['trakman is not reading any of my shots', 'tech_support'],
    ["l'écran est bloqué", 'tech_support'],
    ['Vous embauchez?', 'brand'],
    ['any discount for a birthday party of 12?', 'brand'],
    ['my drives are on fire today, can we extend an hour?', 'booking'],
    ['this bay is killing it, love the new screens', 'brand'],
  ])('routes %j to %s', (text, agent) => {
    expect(classifyOffline(text).agent).toBe(agent);
  });

  it('is more confident when the evidence is one-sided', () => {
    const clear = classifyOffline('Can I move my booking to 8pm and get a refund on the extra hour?');
    const mixed = classifyOffline('is the screen included in the price?');
    const none = classifyOffline('hello?');
    expect(clear.confidence).toBeGreaterThan(mixed.confidence);
    expect(mixed.confidence).toBeGreaterThan(none.confidence);
    expect(none).toEqual({ agent: 'booking', confidence: 0.25 });
    for (const { confidence } of [clear, mixed, none]) {
      expect(confidence).toBeGreaterThan(0);
      expect(confidence).toBeLessThanOrEqual(1);
    }
  });

  it('gives an emergency the rules found full confidence', () => {
    expect(classifyOffline('someone collapsed, not breathing')).toEqual({
      agent: 'emergency',
      confidence: 1,
    });
  });

  it('routes the prompt-injection samples somewhere sane without throwing', () => {
    for (const text of readInjections()) {
      const { agent, confidence } = classifyOffline(text);
      expect(agent, text).not.toBe('emergency');
      expect(confidence).toBeGreaterThan(0);
    }
  });
});
