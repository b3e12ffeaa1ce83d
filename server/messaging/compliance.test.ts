import { describe, expect, it } from 'vitest';
import { classifyKeyword } from './compliance.ts';

describe('classifyKeyword', () => {
  it.each([
    'STOP',
    'stop',
    ' Stop. ',
    'STOP!!',
    'Stop 🛑',
    'STOPALL',
    'UNSUBSCRIBE',
    'Cancel',
    'END',
    'QUIT',
    'REVOKE',
    'OPTOUT',
    'opt out',
    'Opt-out',
    'stop please',
    'Please STOP',
    'stop texting me',
    'Stop texting me!',
    'please stop texting me',
    'STOP MESSAGING ME',
    'stop sending me texts',
    'quit messaging me please',
    'Please unsubscribe me',
    'unsubscribe me from this list',
    'remove me from your list',
    'take me off your list',
    "don't text me again",
    'Don’t text me anymore',
    'do not message me',
    'no more texts',
    'opt me out',
  ])('hears "%s" as an opt-out', (body) => {
    expect(classifyKeyword(body)).toBe('opt_out');
  });

  it.each(['START', 'start', 'Unstop', 'YES', 'yes!'])('hears "%s" as an opt-in', (body) => {
    expect(classifyKeyword(body)).toBe('opt_in');
  });

  it.each(['HELP', 'help?', 'Info', 'INFO'])('hears "%s" as a request for help', (body) => {
    expect(classifyKeyword(body)).toBe('help');
  });

  it.each([
    "I can't stop slicing",
    'can I cancel my booking?',
    'How do I stop the simulator?',
    'Stop by the front desk when you arrive',
    'the screen says end of round',
    'Yes please book me for 7',
    'I need help, bay 3 is frozen',
    'when does the session end',
    'Please stop the music in bay 2',
    'My door code stopped working',
    "don't text me back, call me",
    '',
    '👍',
  ])('leaves "%s" to staff', (body) => {
    expect(classifyKeyword(body)).toBeNull();
  });
});
