import { readFile, writeFile } from 'node:fs/promises';
import { measureEventLatency } from './eventLatency.ts';
import { measureRebootOutcome } from './rebootOutcome.ts';
import { describeMachine } from './support.ts';

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

  const text = lines.join('\n');
  process.stdout.write(`${text}\n`);
  const current = await readFile(docs, 'utf8');
  const start = current.indexOf(START);
  const end = current.indexOf(END);
  if (start < 0 || end < 0) throw new Error(`docs/benchmarks.md has no ${START} … ${END} block`);
  await writeFile(docs, `${current.slice(0, start + START.length)}\n${text}\n${current.slice(end)}`);
}

await main();
