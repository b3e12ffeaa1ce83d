import { describe, expect, it } from 'vitest';
import { detectEmergency } from './emergencyRules.ts';
import { compilePattern, editDistance, normalizeText } from './normalize.ts';
import { devSetPath, heldOutPath, percent, readInjections, readLabelled } from './testSets.ts';

describe('emergency rules on the labelled sets', () => {
  for (const [name, path] of [
    ['dev', devSetPath],
    ['held-out', heldOutPath],
  ] as const) {
    it(`pages every emergency in the ${name} set and nothing else`, () => {
      const rows = readLabelled(path);
      const emergencies = rows.filter((row) => row.emergency);
      const missed = emergencies.filter((row) => !detectEmergency(row.text).emergency).map((row) => row.text);
      const falsePages = rows
        .filter((row) => !row.emergency && detectEmergency(row.text).emergency)
        .map((row) => row.text);
      const caught = emergencies.length - missed.length;
      // biome-ignore lint/suspicious/noConsole: the acceptance figures belong in the test output
      console.log(
        `emergency rules: ${name} recall ${caught}/${emergencies.length} = ${percent(caught, emergencies.length)}, false pages ${falsePages.length}/${rows.length - emergencies.length}`,
      );
      expect(missed).toEqual([]);
      expect(falsePages).toEqual([]);
    });
  }

  it('has jokes in the held-out set, and none of them pages', () => {
    const jokes = readLabelled(heldOutPath).filter((row) => row.joke);
    expect(jokes.length).toBeGreaterThanOrEqual(10);
    expect(jokes.filter((row) => detectEmergency(row.text).emergency).map((row) => row.text)).toEqual([]);
  });
});

describe('detectEmergency', () => {
  it.each([
    'my drives are on fire today',
    "I'm on fire today",
    'this bay is killing it',
    'dying to play the new courses',
    'my game is a disaster',
    'smoking the ball all night',
    'Can we smoke on the patio?',
    'I choked on the last putt lol',
    'the slice is killing me',
    'That putt nearly gave me a heart attack',
    'is my booking locked in for 7pm?',
    'stuck in traffic, running 10 late',
    "I'm locked out, the door code isn't working",
    'Trackman is stuck on loading',
    'touch screen not responding',
    'projector blacked out mid round',
    'can someone help me with the projector?',
    'not an emergency but the screen is frozen',
    "I'm afraid I need to cancel tomorrow",
    'hit me up when a bay is free',
    'we got hit with a double charge',
    'Je suis en feu ce soir!',
    "l'écran est coincé sur le menu",
    'HELP',
  ])('does not page on %j', (text) => {
    expect(detectEmergency(text)).toEqual({ emergency: false, category: null, matched: null });
  });

  it.each([
    ['bleding alot from my head', 'injury'],
    ['my freind is unconsious', 'injury'],
    ['call an ambulence now', 'general'],
    ['siezure in bay 2', 'injury'],
    ['kid is chocking', 'injury'],
    ['smok coming out of the pc', 'fire'],
    ['EMERGANCY in bay 4', 'general'],
    ['heeeelp someone is bleeeeding', 'injury'],
    ['Il y a le feu!', 'fire'],
    ['Un incendie dans la cuisine', 'fire'],
    ['mon ami est blessé', 'injury'],
    ['il saigne beaucoup', 'injury'],
    ['inondation dans le sous-sol', 'flood'],
    ['fuite de gaz près de la fournaise', 'gas'],
    ['on est coincés dans la toilette', 'trapped'],
    ['je suis enfermé à l’intérieur', 'trapped'],
    ["à l'aide!", 'general'],
    ['the projector is on fire', 'fire'],
    ["I'm on fire today but there's smoke coming from the projector", 'fire'],
    ['the CO detector is going off', 'gas'],
    ['sparks from the outlet', 'electrical'],
    ['a guy pulled a knife', 'security'],
    ["we're stuck inside the washroom", 'trapped'],
    ['pipe burst, water everywhere', 'flood'],
  ])('pages on %j as %s', (text, category) => {
    const check = detectEmergency(text);
    expect(check.emergency).toBe(true);
    expect(check.category).toBe(category);
    expect(check.matched).toBeTruthy();
  });

  it('never pages on the prompt-injection samples', () => {
    for (const text of readInjections()) expect(detectEmergency(text).emergency, text).toBe(false);
  });

  it('survives empty, huge and odd input', () => {
    expect(detectEmergency('').emergency).toBe(false);
    expect(detectEmergency('🔥🔥🔥').emergency).toBe(false);
    expect(detectEmergency(`${'golf '.repeat(20_000)}fire alarm`).emergency).toBe(true);
  });
});

describe('normalisation', () => {
  it('folds case, accents, punctuation and stretched letters', () => {
    expect(normalizeText("HEEELP!! We're BLESSÉS à l'aide")).toBe('help we re bleses a l aide');
  });

  it('squashes a pattern as it squashes text, keeping escapes whole', () => {
    expect(compilePattern(String.raw`\bbleeding\b`).source).toBe(String.raw`\bbleding\b`);
    expect(compilePattern('went off').test('went of')).toBe(true);
  });

  it('counts a swap of two letters as one typo', () => {
    expect(editDistance('siezure', 'seizure', 2)).toBe(1);
    expect(editDistance('ambulence', 'ambulance', 2)).toBe(1);
    expect(editDistance('conscious', 'unconscious', 1)).toBe(2);
  });
});
