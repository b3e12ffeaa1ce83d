import { systemActor } from '../server/audit/types.ts';
import { loadConfig } from '../server/config.ts';
import type { SopFile } from '../server/intelligence/sops/files.ts';
import { createLogger } from '../server/logger.ts';
import { createServices } from '../server/services.ts';
import { createTestDatabase, type Engine } from '../server/test/databases.ts';
import { type SopAgent, sopFolderOf } from '../shared/sops.ts';
import { percentile } from './support.ts';

export type SopRetrievalResult = { sections: number; p50Ms: number; p99Ms: number; engine: string };

const FILES_PER_AGENT = 25;
const SECTIONS_PER_FILE = 10;
const SEARCHES = 1_000;
const WARM_UP = 50;

// What customers text about, per agent: each topic gives a section heading and the words its body
// uses, so the synthetic SOPs share vocabulary the way real ones do (and a query matches several).
const topics: Record<SopAgent, [string, string[]][]> = {
  booking: [
    ['Door code not working', ['door', 'code', 'pin', 'keypad', 'unlock', 'entry', 'text']],
    ['Cancelling a booking', ['cancel', 'booking', 'notice', 'hours', 'app', 'refund']],
    ['Refund requests', ['refund', 'card', 'charge', 'days', 'credit', 'cancel']],
    ['Running late', ['late', 'grace', 'minutes', 'bay', 'release', 'hold']],
    ['Extending a session', ['extend', 'extra', 'hour', 'available', 'bay', 'pay']],
    ['Hours and prices', ['hours', 'open', 'price', 'peak', 'rate', 'weekend']],
    ['Memberships', ['membership', 'member', 'monthly', 'perks', 'discount', 'renew']],
    ['Guests and groups', ['guest', 'group', 'players', 'bay', 'maximum', 'friends']],
  ],
  tech_support: [
    ['Frozen screen', ['screen', 'frozen', 'restart', 'simulator', 'software', 'stuck']],
    ['Ball not tracking', ['ball', 'tracking', 'shots', 'register', 'camera', 'sensor']],
    ['Projector will not turn on', ['projector', 'power', 'blank', 'image', 'remote', 'lamp']],
    ['No sound', ['sound', 'audio', 'speaker', 'volume', 'mute', 'quiet']],
    ['Touch screen not responding', ['touch', 'tablet', 'tap', 'respond', 'screen', 'restart']],
    ['Game settings', ['course', 'settings', 'mode', 'handicap', 'tees', 'menu']],
    ['Login problems', ['login', 'account', 'password', 'profile', 'sign', 'app']],
  ],
  emergency: [
    ['Someone is hurt', ['hurt', 'injury', 'injured', 'bleeding', 'fell', 'ambulance']],
    ['Fire or smoke', ['fire', 'smoke', 'alarm', 'burning', 'exit', 'evacuate']],
    ['Water leak', ['water', 'leak', 'flood', 'pipe', 'ceiling', 'wet']],
    ['Gas smell', ['gas', 'smell', 'leave', 'outside', 'utility', 'spark']],
    ['Broken glass', ['glass', 'broken', 'shattered', 'cut', 'sweep', 'window']],
    ['Threats or violence', ['threat', 'fight', 'violence', 'police', 'safe', 'leave']],
  ],
  brand: [
    ['Gift cards', ['gift', 'card', 'balance', 'buy', 'online', 'present']],
    ['Events and parties', ['event', 'party', 'birthday', 'corporate', 'private', 'food']],
    ['Leagues', ['league', 'season', 'team', 'sign', 'weekly', 'standings']],
    ['Lessons and coaching', ['lesson', 'coach', 'pro', 'swing', 'beginner', 'book']],
    ['Feedback', ['feedback', 'review', 'complaint', 'suggestion', 'thanks', 'manager']],
    ['Careers', ['job', 'hiring', 'work', 'apply', 'staff', 'resume']],
  ],
};

const filler = (
  'please the customer staff team facility bay always never first then check ask confirm reply ' +
  'message quickly politely clearly if when before after during our your their this that today ' +
  'tomorrow weekend evening morning late early again still'
).split(' ');

const queries: [SopAgent, string][] = [
  ['booking', 'door code not working'],
  ['booking', 'my pin wont open the door'],
  ['booking', 'can I get a refund if I cancel?'],
  ['booking', "I'm running 15 minutes late"],
  ['booking', 'how much is an hour on the weekend'],
  ['tech_support', 'the screen is frozen'],
  ['tech_support', 'ball not tracking, shots are not registering'],
  ['tech_support', 'projector is blank'],
  ['tech_support', 'no sound from the speakers'],
  ['emergency', 'someone fell and is hurt'],
  ['emergency', 'the fire alarm is going off'],
  ['emergency', 'there is water leaking from the ceiling'],
  ['brand', 'do you sell gift cards'],
  ['brand', 'birthday party for 10 people'],
  ['brand', 'how do I join a league'],
  // Nothing matches: the fallback path.
  ['brand', 'xylophone quartet'],
];

/** A seeded generator, so every run (and both engines) searches the same corpus. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function sentence(next: () => number, words: string[]): string {
  const pick = (list: string[]) => list[Math.floor(next() * list.length)] ?? '';
  const length = 8 + Math.floor(next() * 10);
  const parts = Array.from({ length }, () => (next() < 0.35 ? pick(words) : pick(filler)));
  const text = parts.join(' ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

/** 4 agents × 25 files × 10 sections = 1,000 sections, about 4 KB per file. */
export function syntheticSops(seed = 42, edit = 0): SopFile[] {
  const next = random(seed);
  const files: SopFile[] = [];
  for (const [agent, agentTopics] of Object.entries(topics) as [SopAgent, [string, string[]][]][]) {
    for (let file = 1; file <= FILES_PER_AGENT; file += 1) {
      const lines = [`# ${agentTopics[file % agentTopics.length]?.[0]} guide ${file}`, ''];
      for (let section = 0; section < SECTIONS_PER_FILE; section += 1) {
        const [heading, words] = agentTopics[(file + section) % agentTopics.length] ?? ['', []];
        lines.push(`## ${heading} (${file}.${section + 1})`, '');
        const sentences = 3 + Math.floor(next() * 4);
        lines.push(Array.from({ length: sentences }, () => sentence(next, words)).join(' '), '');
      }
      // A later edit of some files: their old sections stay in the table, as in production.
      if (edit > 0 && file % 4 === 0) lines.push(`Revised ${edit}.`);
      files.push({ path: `${sopFolderOf(agent)}/guide-${file}.md`, content: lines.join('\n') });
    }
  }
  return files;
}

async function measureEngine(engine: Engine): Promise<SopRetrievalResult> {
  const database = await createTestDatabase(engine);
  try {
    const services = createServices({
      config: loadConfig({ LOG_LEVEL: 'silent' }),
      logger: createLogger({ level: 'silent' }),
      database: database.handle,
    });
    const actor = systemActor('bench');
    await services.sops.importFiles(syntheticSops(), actor);
    await services.sops.importFiles(syntheticSops(42, 1), actor);
    const sections = (await services.sops.list()).reduce((sum, doc) => sum + doc.sectionCount, 0);
    const timings: number[] = [];
    for (let i = 0; i < WARM_UP + SEARCHES; i += 1) {
      const [agent, query] = queries[i % queries.length] ?? ['booking', ''];
      const started = performance.now();
      const hits = await services.sops.search(agent, query);
      if (i >= WARM_UP) timings.push(performance.now() - started);
      if (hits.length === 0) throw new Error(`no sections for ${agent}: "${query}"`);
    }
    const round = (ms: number) => Math.round(ms * 100) / 100;
    return {
      sections,
      p50Ms: round(percentile(timings, 50)),
      p99Ms: round(percentile(timings, 99)),
      engine: engine === 'pglite' ? 'PGlite (in-process)' : 'PostgreSQL 15 (loopback)',
    };
  } finally {
    await database.drop();
  }
}

/**
 * `sops.search` (a customer's words → the agent's best current sections) at 1,000 current sections,
 * plus 250 superseded ones, on both engines; each search is timed on its own, warm.
 */
export async function measureSopRetrieval(): Promise<SopRetrievalResult[]> {
  return [await measureEngine('pglite'), await measureEngine('postgres')];
}
