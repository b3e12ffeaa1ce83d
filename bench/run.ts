import { spawnSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { measureEventLatency } from './eventLatency.ts';
import { inboxRows } from './inboxRows.ts';
import { measureInboxScale } from './inboxScale.ts';
import { measurePromptTokens } from './promptTokens.ts';
import { measureRebootOutcome } from './rebootOutcome.ts';
import { measureRouterLatency } from './routerLatency.ts';
import { measureSopRetrieval } from './sopRetrieval.ts';
import { describeMachine } from './support.ts';
import { measureWebhookIntake } from './webhookIntake.ts';

// `npm run bench` runs every suite and rewrites each one's results block in docs/benchmarks.md;
// `npm run bench -- inbox` runs only the named suites and leaves the other blocks as they were.
const docs = new URL('../docs/benchmarks.md', import.meta.url);

const fixed = (value: number) => value.toFixed(1);

/** A suite's table rows; each suite has its own block, so each keeps its own date and machine. */
type Suite = { name: string; block: string; run(): Promise<string[]> };

const suites: Suite[] = [
  { name: 'live', block: 'results', run: measureLiveAndIntake },
  { name: 'ai', block: 'ai', run: measureIntelligence },
  {
    name: 'inbox',
    block: 'inbox',
    run: async () => {
      process.stdout.write('inbox at 10,000 threads and 200,000 messages…\n');
      const result = await measureInboxScale({
        threads: 10_000,
        messagesPerThread: 20,
        repetitions: 100,
        deepPages: 50,
        loads: 10,
        presses: 100,
        opens: 30,
      });
      return inboxRows(result);
    },
  },
];

async function measureIntelligence(): Promise<string[]> {
  process.stdout.write('router: emergency rules and the offline classifier…\n');
  const router = await measureRouterLatency();
  process.stdout.write('SOP retrieval at 1,000 sections…\n');
  const retrieval = await measureSopRetrieval();
  process.stdout.write('prompt tokens per reply on the dev set…\n');
  const prompts = await measurePromptTokens();
  const percent = ({ correct, total }: { correct: number; total: number }) =>
    `${correct}/${total} = ${((100 * correct) / total).toFixed(1)}%`;
  const micro = (value: number) => `${value.toFixed(1)} µs`;
  return [
    `| Emergency rules, per message (dev set, ${router.messages} timed calls) | p50 ${micro(router.rulesP50Us)}, p99 ${micro(router.rulesP99Us)} |`,
    `| Offline classifier, per message (dev set, ${router.messages} timed calls) | p50 ${micro(router.offlineP50Us)}, p99 ${micro(router.offlineP99Us)} |`,
    `| Offline routing accuracy (rules + offline classifier) on the dev set | ${percent(prompts.devAccuracy)} |`,
    `| Offline routing accuracy on our held-out set (see docs: partly tuned on) | ${percent(prompts.heldOutAccuracy)} |`,
    ...retrieval.map(
      (result) =>
        `| SOP retrieval (full-text search, top 4) at ${result.sections.toLocaleString('en-US')} sections on ${result.engine} | p50 ${fixed(result.p50Ms)} ms, p99 ${fixed(result.p99Ms)} ms |`,
    ),
    `| Prompt tokens per reply, top-4 SOP sections (${prompts.messages} dev-set messages, ~4 chars/token) | mean ${Math.round(prompts.retrievedMean)}, p95 ${Math.round(prompts.retrievedP95)} |`,
    `| Prompt tokens per reply, the agent's whole SOP folder (the old assistant design) | mean ${Math.round(prompts.wholeFolderMean)}, p95 ${Math.round(prompts.wholeFolderP95)} (${(prompts.wholeFolderMean / prompts.retrievedMean).toFixed(1)}× more) |`,
  ];
}

async function measureLiveAndIntake(): Promise<string[]> {
  const rows: string[] = [];
  process.stdout.write('bay change → 200 subscribed clients…\n');
  const latency = await measureEventLatency({ clients: 200, events: 40, gapMs: 50 });
  rows.push(
    `| Committed bay change → delivered to ${latency.clients} subscribed clients (${latency.deliveries} deliveries) | p50 ${fixed(latency.p50Ms)} ms, p99 ${fixed(latency.p99Ms)} ms, max ${fixed(latency.maxMs)} ms |`,
  );

  process.stdout.write('reboot: device back online → succeeded on the board…\n');
  const reboot = await measureRebootOutcome({ bays: 5, pollSeconds: 5 });
  rows.push(
    `| Device back online in the fake NinjaOne → \`succeeded\` on the board (${reboot.reboots} reboots at once, default tracking settings, status poll every ${reboot.pollSeconds} s) | p50 ${fixed(reboot.p50Ms)} ms, max ${fixed(reboot.maxMs)} ms |`,
  );

  process.stdout.write('webhook intake at 50, 200 and 500 per second…\n');
  const intake = await measureWebhookIntake({ rates: [50, 200, 500], seconds: 5, replies: 20 });
  for (const result of intake.rates) {
    rows.push(
      `| Webhook intake at ${result.rate}/s for 5 s (${result.sent} signed posts, open loop) | ack p50 ${fixed(result.p50Ms)} ms, p99 ${fixed(result.p99Ms)} ms, ${result.errors} errors |`,
    );
  }
  rows.push(
    `| Highest tested intake rate with no errors and ack p99 under 1 s | ${intake.maxSustainedRate === null ? 'none of the tested rates' : `${intake.maxSustainedRate}/s`} |`,
    `| Inbound HELP → reply accepted by the fake OpenPhone (${intake.replies} texts, one at a time) | p50 ${fixed(intake.replyP50Ms)} ms, p99 ${fixed(intake.replyP99Ms)} ms |`,
  );
  return rows;
}

function replaceBlock(text: string, block: string, content: string): string {
  const start = `<!-- bench:${block}:start -->`;
  const end = `<!-- bench:${block}:end -->`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < 0) throw new Error(`docs/benchmarks.md has no ${start} … ${end} block`);
  return `${text.slice(0, from + start.length)}\n${content}\n${text.slice(to)}`;
}

async function main() {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((name) => !suites.some((suite) => suite.name === name));
  if (unknown.length > 0) {
    throw new Error(
      `No benchmark suite named ${unknown.join(', ')}; there are ${suites.map((s) => s.name).join(', ')}`,
    );
  }
  const chosen = wanted.length === 0 ? suites : suites.filter((suite) => wanted.includes(suite.name));
  for (const suite of chosen) {
    const rows = await suite.run();
    const date = new Date().toISOString().slice(0, 16).replace('T', ' ');
    const content = [
      `Measured ${date} UTC on ${describeMachine()}.`,
      '',
      '| Benchmark | Result |',
      '| --- | --- |',
      ...rows,
    ].join('\n');
    process.stdout.write(`${content}\n`);
    // Written after each suite, so a later suite failing does not lose an earlier one's figures.
    await writeFile(docs, replaceBlock(await readFile(docs, 'utf8'), suite.block, content));
  }
  // Biome lines the tables up; the same check `npm test` runs would otherwise fail on them.
  const formatted = spawnSync('npx', ['biome', 'format', '--write', fileURLToPath(docs)], {
    stdio: 'inherit',
  });
  if (formatted.status !== 0) throw new Error('biome could not format docs/benchmarks.md');
}

await main();
