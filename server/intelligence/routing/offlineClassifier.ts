import type { Agent } from '../../../shared/agents.ts';
import { detectEmergency } from './emergencyRules.ts';
import { editDistance, normalizeText, stemWord } from './normalize.ts';
import { type NonEmergencyAgent, vocabulary } from './offlineVocabulary.ts';

// The classifier used with no API key or when the provider fails. Weighted domain vocabulary over
// stemmed words and phrases, with typo tolerance; emergencies come only from the rules, so an
// outage changes nothing about who gets paged.

export type OfflineClassification = { agent: Agent; confidence: number };

type Feature = { agent: NonEmergencyAgent; weight: number };

/** "don't" arrives as "don t"; joined, it cannot meet a stem such as "don" (donate). */
const joinContractions = (text: string) => text.replace(/\b([a-z]+n) t\b/g, '$1t');

const toStems = (text: string) =>
  joinContractions(normalizeText(text)).split(' ').filter(Boolean).map(stemWord);

const words = new Map<string, Feature[]>();
const phrases: { stems: string[]; feature: Feature }[] = [];
for (const [agent, terms] of Object.entries(vocabulary) as [NonEmergencyAgent, Record<string, number>][]) {
  for (const [term, weight] of Object.entries(terms)) {
    const stems = toStems(term);
    const [only] = stems;
    if (stems.length === 1 && only) words.set(only, [...(words.get(only) ?? []), { agent, weight }]);
    else phrases.push({ stems, feature: { agent, weight } });
  }
}
const knownStems = [...words.keys()];

/** A misspelt word counts for a little less than a correct one. */
const TYPO_FACTOR = 0.8;
/** Clock times ("7pm", "8am", "20h") are booking talk. */
const clockTime = /^\d{1,2}(?:am|pm|h\d{0,2})$|^pm$/;
/** Softmax temperature over agent scores: higher spreads confidence more evenly. */
const TEMPERATURE = 1.5;
/** With no evidence at all, booking is the likeliest concern of a customer texting the facility. */
const DEFAULT_AGENT: NonEmergencyAgent = 'booking';

function lookUp(stem: string): { features: Feature[]; factor: number } {
  const exact = words.get(stem);
  if (exact) return { features: exact, factor: 1 };
  // Shorter words are too often a real word one letter from another ("think" is not "thank").
  if (stem.length < 6 || /\d/.test(stem)) return { features: [], factor: 0 };
  const allowed = stem.length >= 8 ? 2 : 1;
  const near = knownStems.find(
    (known) => known[0] === stem[0] && known.length >= 4 && editDistance(stem, known, allowed) <= allowed,
  );
  return near ? { features: words.get(near) ?? [], factor: TYPO_FACTOR } : { features: [], factor: 0 };
}

/** Agent scores for one text: each word or phrase counts once, however often it appears. */
function scoreText(text: string): Record<NonEmergencyAgent, number> {
  const scores: Record<NonEmergencyAgent, number> = { booking: 0, tech_support: 0, brand: 0 };
  const stems = toStems(text);
  const seen = new Set<string>();
  for (const stem of stems) {
    if (seen.has(stem)) continue;
    seen.add(stem);
    if (clockTime.test(stem)) scores.booking += 1.5;
    const { features, factor } = lookUp(stem);
    for (const feature of features) scores[feature.agent] += feature.weight * factor;
  }
  const joined = ` ${stems.join(' ')} `;
  for (const { stems: phrase, feature } of phrases) {
    if (joined.includes(` ${phrase.join(' ')} `)) scores[feature.agent] += feature.weight;
  }
  return scores;
}

export function classifyOffline(text: string): OfflineClassification {
  if (detectEmergency(text).emergency) return { agent: 'emergency', confidence: 1 };
  const scores = scoreText(text);
  const ranked = (Object.entries(scores) as [NonEmergencyAgent, number][]).sort(
    (a, b) => b[1] - a[1] || (a[0] === DEFAULT_AGENT ? -1 : b[0] === DEFAULT_AGENT ? 1 : 0),
  );
  const [agent, top] = ranked[0] ?? [DEFAULT_AGENT, 0];
  // Softmax over the three scores, with a fourth zero standing for "none of these" so that a text
  // with no evidence gets 0.25, not a confident third.
  const total = ranked.reduce((sum, [, score]) => sum + Math.exp(score / TEMPERATURE), 1);
  const confidence = Math.exp(top / TEMPERATURE) / total;
  return { agent, confidence: Math.round(confidence * 1000) / 1000 };
}
