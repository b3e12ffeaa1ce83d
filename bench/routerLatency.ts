import { detectEmergency } from '../server/intelligence/routing/emergencyRules.ts';
import { classifyOffline } from '../server/intelligence/routing/offlineClassifier.ts';
import { devSetPath, readLabelled } from '../server/intelligence/routing/testSets.ts';
import { percentile } from './support.ts';

// The router's local steps, per message: the emergency rules every text passes through, and the
// offline classifier that answers when there is no model. Model latency is the provider's, not ours.

const ROUNDS = 200;
const WARM_UP_ROUNDS = 20;

function timeEach(texts: string[], rounds: number, work: (text: string) => unknown): number[] {
  const micros: number[] = [];
  for (let round = 0; round < rounds; round += 1) {
    for (const text of texts) {
      const started = performance.now();
      work(text);
      micros.push((performance.now() - started) * 1000);
    }
  }
  return micros;
}

export async function measureRouterLatency(): Promise<{
  rulesP50Us: number;
  rulesP99Us: number;
  offlineP50Us: number;
  offlineP99Us: number;
  /** Timed calls of each step: the dev set's messages times the rounds. */
  messages: number;
}> {
  const texts = readLabelled(devSetPath).map((row) => row.text);
  // Let the JIT settle so the figures describe a running server, not a cold start.
  timeEach(texts, WARM_UP_ROUNDS, detectEmergency);
  timeEach(texts, WARM_UP_ROUNDS, classifyOffline);
  const rules = timeEach(texts, ROUNDS, detectEmergency);
  const offline = timeEach(texts, ROUNDS, classifyOffline);
  return {
    rulesP50Us: percentile(rules, 50),
    rulesP99Us: percentile(rules, 99),
    offlineP50Us: percentile(offline, 50),
    offlineP99Us: percentile(offline, 99),
    messages: rules.length,
  };
}
