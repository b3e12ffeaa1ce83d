import { stripIdioms } from './emergencyIdioms.ts';
import { type EmergencyCategory, emergencyPatterns } from './emergencyPatterns.ts';
import { correctTypos, normalizeText } from './normalize.ts';

// The deterministic emergency lane. It runs before any model and is never gated by one: an
// outage, a slow provider or a prompt injection must not stand between a customer and staff.

export type EmergencyCheck = {
  emergency: boolean;
  category: EmergencyCategory | null;
  /** The normalised words that matched, for the audit trail and for tuning. */
  matched: string | null;
};

/**
 * Long, distinctive danger words and the misspellings of them that a typo check can fix
 * ("unconsious", "ambulence", "emergancy"). Short or common words are left out: "choking" is one
 * letter from "choosing" and "flooding" from "flooring".
 */
const dangerWords = [
  'unconscious',
  'ambulance',
  'emergency',
  'paramedic',
  'paramedics',
  'defibrillator',
  'electrocuted',
  'overdose',
  'threatening',
  'incendie',
  'inondation',
  'inconscient',
  'anaphylactic',
  'concussion',
  'bleeding',
  'unresponsive',
  'breathing',
  'intruder',
  'sprinkler',
  'seizure',
].map(normalizeText);

/** Real words one typo away from a danger word. */
const notTypos = new Set(['blending', 'bleeping', 'breeding', 'seizures', 'sprinkled'].map(normalizeText));

/** Misspellings too short for the typo check. */
const shortTypos: Record<string, string> = { smok: 'smoke', smoek: 'smoke', smoak: 'smoke', blud: 'blood' };

function normalizeForEmergency(text: string): string {
  const corrected = correctTypos(normalizeText(text), dangerWords, notTypos);
  return corrected
    .split(' ')
    .map((word) => shortTypos[word] ?? word)
    .join(' ');
}

export function detectEmergency(text: string): EmergencyCheck {
  const candidate = stripIdioms(normalizeForEmergency(text));
  for (const { category, pattern } of emergencyPatterns) {
    pattern.lastIndex = 0;
    const match = pattern.exec(candidate);
    if (match) return { emergency: true, category, matched: match[0].trim() };
  }
  return { emergency: false, category: null, matched: null };
}
