import { fileURLToPath } from 'node:url';
import { systemActor } from '../server/audit/types.ts';
import { loadConfig } from '../server/config.ts';
import { openDatabase } from '../server/db/client.ts';
import { migrateDatabase } from '../server/db/migrate.ts';
import type { FacilityRow } from '../server/db/schema/index.ts';
import { estimateTokens } from '../server/integrations/openai/fakeCompletion.ts';
import { buildPrompt, type PromptSection } from '../server/intelligence/agents/prompt.ts';
import { factsFor } from '../server/intelligence/engine/facilityContext.ts';
import { exampleFacts } from '../server/intelligence/facts.ts';
import { detectEmergency } from '../server/intelligence/routing/emergencyRules.ts';
import { classifyOffline } from '../server/intelligence/routing/offlineClassifier.ts';
import { devSetPath, heldOutPath, readLabelled } from '../server/intelligence/routing/testSets.ts';
import { SopService } from '../server/intelligence/sops/service.ts';
import { createLogger } from '../server/logger.ts';
import type { Agent } from '../shared/agents.ts';
import { percentile } from './support.ts';

export type PromptTokenResult = {
  messages: number;
  retrievedMean: number;
  retrievedP95: number;
  wholeFolderMean: number;
  wholeFolderP95: number;
  devAccuracy: { correct: number; total: number };
  heldOutAccuracy: { correct: number; total: number };
};

const SOPS_DIR = fileURLToPath(new URL('../sops', import.meta.url));

const facility = {
  id: '00000000-0000-4000-8000-000000000001',
  slug: 'bedford',
  name: 'Bedford',
  timezone: 'America/Halifax',
  phoneNumber: '+19025550100',
  openphoneNumberId: 'PNbedford',
  settings: { facts: exampleFacts },
  createdAt: new Date(),
  updatedAt: new Date(),
} satisfies FacilityRow;

const route = (text: string): Agent =>
  detectEmergency(text).emergency ? 'emergency' : classifyOffline(text).agent;

function accuracy(path: string) {
  const rows = readLabelled(path);
  return { correct: rows.filter((row) => route(row.text) === row.agent).length, total: rows.length };
}

/**
 * Prompt size per reply over the routing dev set: the agent's top four SOP sections (what ClubOS
 * sends) against the agent's whole SOP folder (what the old assistant-based design attached to every
 * reply). Tokens are estimated at four characters each, as the fake OpenAI counts them.
 */
export async function measurePromptTokens(): Promise<PromptTokenResult> {
  const database = await openDatabase({ kind: 'pglite-memory' });
  try {
    await migrateDatabase(database);
    const deps = {
      db: database.db,
      config: loadConfig({ LOG_LEVEL: 'silent' }),
      logger: createLogger({ level: 'silent' }),
      now: () => new Date(),
    };
    const sops = new SopService(deps);
    await sops.importDirectory(SOPS_DIR, systemActor('bench'));
    const facts = factsFor(facility);
    const documents = await sops.list();
    const folders = new Map<Agent, PromptSection[]>();
    for (const summary of documents) {
      const document = await sops.get({ path: summary.path });
      const list = folders.get(summary.agent) ?? [];
      list.push({
        path: summary.path,
        heading: document.document.title,
        version: document.version.version,
        text: facts.render(document.content),
      });
      folders.set(summary.agent, list);
    }
    const tokens = (agent: Agent, sections: PromptSection[], text: string) =>
      estimateTokens(
        buildPrompt({
          agent,
          facts: facts.text(new Date()),
          sections,
          bayStatus: 'Bay 1 (Bay 1): online\nBay 2 (Bay 2): online',
          conversation: [{ from: 'customer', text }],
        })
          .map((message) => message.content)
          .join('\n'),
      );
    const retrieved: number[] = [];
    const whole: number[] = [];
    const texts = readLabelled(devSetPath).map((row) => row.text);
    for (const text of texts) {
      const agent = route(text);
      const hits = await sops.search(agent, text, { limit: 4 });
      const sections = hits.map((hit) => ({
        path: hit.path,
        heading: hit.heading,
        version: hit.version,
        text: facts.render(hit.body),
      }));
      retrieved.push(tokens(agent, sections, text));
      whole.push(tokens(agent, folders.get(agent) ?? [], text));
    }
    const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
    return {
      messages: texts.length,
      retrievedMean: mean(retrieved),
      retrievedP95: percentile(retrieved, 95),
      wholeFolderMean: mean(whole),
      wholeFolderP95: percentile(whole, 95),
      devAccuracy: accuracy(devSetPath),
      heldOutAccuracy: accuracy(heldOutPath),
    };
  } finally {
    await database.close();
  }
}
