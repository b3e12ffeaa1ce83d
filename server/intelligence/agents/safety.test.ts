import { describe, expect, it } from 'vitest';
import { readInjections } from '../routing/testSets.ts';
import { leaksInstructions, looksLikeInjection } from './safety.ts';

const injectionDevSet = readInjections();

const everydayTexts = [
  'My door code isn’t working, I’m outside right now',
  'Can I move my 7pm booking to 8?',
  'The screen is frozen in bay 3, can you restart it?',
  'Do you sell gift cards?',
  'Is there a winter league I can join?',
  'that didn’t help, the projector is still off',
  'Yes please reset it',
  'We want to book for a company party, who do I talk to?',
];

describe('the injection screen', () => {
  it.each(injectionDevSet)('flags %s', (text) => {
    expect(looksLikeInjection(text)).toBe(true);
  });

  it.each(everydayTexts)('leaves an everyday text alone: %s', (text) => {
    expect(looksLikeInjection(text)).toBe(false);
  });
});

describe('the leak check', () => {
  const instructions =
    'You are the Booking agent for a self-serve golf simulator facility. Answer only from the SOP sections below.';

  it('catches a reply that copies a run of the instructions', () => {
    expect(
      leaksInstructions(
        'Sure! You are the Booking agent for a self-serve golf simulator facility.',
        instructions,
      ),
    ).toBe(true);
  });

  it('catches key-shaped text and talk of the system prompt', () => {
    expect(leaksInstructions('My key is sk-abcdefghijklmnop', instructions)).toBe(true);
    expect(leaksInstructions('My system prompt says I cannot.', instructions)).toBe(true);
  });

  it('lets an ordinary answer through', () => {
    expect(leaksInstructions('Your PIN is in the confirmation email. Bay 2 is ready.', instructions)).toBe(
      false,
    );
  });
});
