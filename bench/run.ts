import { readFile, writeFile } from 'node:fs/promises';
import { measureEventLatency } from './eventLatency.ts';
import { measureRebootOutcome } from './rebootOutcome.ts';
import { describeMachine } from './support.ts';
import { measureWebhookIntake } from './webhookIntake.ts';

// `npm run bench`: runs every benchmark and rewrites the results block in docs/benchmarks.md.
const docs = new URL('../docs/benchmarks.md', import.meta.url);
const START = '<!-- bench:results:start -->';
const END = '<!-- bench:results:end -->';

const fixed = (value: number) => value.toFixed(1);

async function main() {
  const lines: string[] = [];
  const date = new Date().toISOString().slice(0, 16).replace('T', ' ');
  lines.push(`Measured ${date} UTC on ${describeMachine()}.`, '');

  process.stdout.write('bay change → 200 subscribed clients…\n');
  const latency = await measureEventLatency({ clients: 200, events: 40, gapMs: 50 });
  lines.push(
    '| Benchmark | Result |',
    '| --- | --- |',
    `| Committed bay change → delivered to ${latency.clients} subscribed clients (${latency.deliveries} deliveries) | p50 ${fixed(latency.p50Ms)} ms, p99 ${fixed(latency.p99Ms)} ms, max ${fixed(latency.maxMs)} ms |`,
  );

  process.stdout.write('reboot: device back online → succeeded on the board…\n');
  const reboot = await measureRebootOutcome({ bays: 5, pollSeconds: 5 });
  lines.push(
    `| Device back online in the fake NinjaOne → \`succeeded\` on the board (${reboot.reboots} reboots at once, default tracking settings, status poll every ${reboot.pollSeconds} s) | p50 ${fixed(reboot.p50Ms)} ms, max ${fixed(reboot.maxMs)} ms |`,
  );

  process.stdout.write('webhook intake at 50, 200 and 500 per second…\n');
  const intake = await measureWebhookIntake({ rates: [50, 200, 500], seconds: 5, replies: 20 });
  for (const result of intake.rates) {
    lines.push(
      `| Webhook intake at ${result.rate}/s for 5 s (${result.sent} signed posts, open loop) | ack p50 ${fixed(result.p50Ms)} ms, p99 ${fixed(result.p99Ms)} ms, ${result.errors} errors |`,
    );
  }
  lines.push(
    `| Highest tested intake rate with no errors and ack p99 under 1 s | ${intake.maxSustainedRate === null ? 'none of the tested rates' : `${intake.maxSustainedRate}/s`} |`,
    `| Inbound HELP → reply accepted by the fake OpenPhone (${intake.replies} texts, one at a time) | p50 ${fixed(intake.replyP50Ms)} ms, p99 ${fixed(intake.replyP99Ms)} ms |`,
  );

  const text = lines.join('\n');
  process.stdout.write(`${text}\n`);
  const current = await readFile(docs, 'utf8');
  const start = current.indexOf(START);
  const end = current.indexOf(END);
  if (start < 0 || end < 0) throw new Error(`docs/benchmarks.md has no ${START} … ${END} block`);
  await writeFile(docs, `${current.slice(0, start + START.length)}\n${text}\n${current.slice(end)}`);
}

await main();
