import { createTRPCClient, httpLink } from '@trpc/client';
import type { AppRouter } from '../server/trpc/appRouter.ts';
import { now, percentile } from './support.ts';

export type Latency = { p50Ms: number; p99Ms: number; samples: number };
export type InboxApiResult = {
  firstPages: { filter: string; latency: Latency; rows: number }[];
  deepPage: Latency & { depth: number };
  openThread: Latency;
  unreadBadge: Latency & { threadsRead: number };
};

// What the renderer asks for (renderer/src/screens/inbox): 50 threads a page, 50 messages a thread,
// and the badge's unread threads 100 at a time, at most 5 pages.
const PAGE = 50;
const UNREAD_PAGE = 100;
const UNREAD_PAGES = 5;
const WARMUP = 3;

type ListInput = Parameters<ReturnType<typeof apiClient>['threads']['list']['query']>[0];

export function apiClient(url: string, token: string) {
  // One request per call (no batching), so each latency is one procedure's; POST as the app sends it.
  return createTRPCClient<AppRouter>({
    links: [
      httpLink({ url: `${url}/trpc`, methodOverride: 'POST', headers: { authorization: `Bearer ${token}` } }),
    ],
  });
}

async function time(repetitions: number, run: (index: number) => Promise<unknown>): Promise<Latency> {
  // Warm-up calls get indexes of their own, so no measured call reads what a warm-up just read.
  for (let i = 0; i < WARMUP; i++) await run(repetitions + i);
  const samples: number[] = [];
  for (let i = 0; i < repetitions; i++) {
    const started = now();
    await run(i);
    samples.push(now() - started);
  }
  return { p50Ms: percentile(samples, 50), p99Ms: percentile(samples, 99), samples: samples.length };
}

/** The inbox's procedures over HTTP, one at a time, as a signed-in front-desk user. */
export async function measureInboxApi(
  client: ReturnType<typeof apiClient>,
  options: { repetitions: number; deepPages: number },
): Promise<InboxApiResult> {
  const filters: { filter: string; input: ListInput }[] = [
    { filter: 'no filter', input: {} },
    { filter: 'status open', input: { status: 'open' } },
    { filter: 'status snoozed', input: { status: 'snoozed' } },
    { filter: 'assigned to me', input: { assignedToMe: true } },
    { filter: 'unread', input: { unread: true } },
    { filter: 'needs a human', input: { needsHuman: true } },
  ];
  const firstPages: InboxApiResult['firstPages'] = [];
  for (const { filter, input } of filters) {
    const page = await client.threads.list.query({ ...input, limit: PAGE });
    const latency = await time(options.repetitions, () =>
      client.threads.list.query({ ...input, limit: PAGE }),
    );
    firstPages.push({ filter, latency, rows: page.items.length });
  }

  let cursor: string | null = null;
  const threadIds: string[] = [];
  for (let i = 0; i < options.deepPages; i++) {
    const page: { items: { id: string }[]; nextCursor: string | null } = await client.threads.list.query({
      limit: PAGE,
      ...(cursor !== null && { cursor }),
    });
    threadIds.push(...page.items.map((thread) => thread.id));
    cursor = page.nextCursor;
    if (cursor === null) throw new Error(`the list ended after ${i + 1} pages`);
  }
  const deepCursor = cursor;
  if (deepCursor === null) throw new Error('no page to read after the walk');
  const deepPage = {
    ...(await time(options.repetitions, () =>
      client.threads.list.query({ limit: PAGE, cursor: deepCursor }),
    )),
    depth: threadIds.length,
  };

  // A different thread each time, from the newest to ones a few thousand down the list.
  const step = Math.max(1, Math.floor(threadIds.length / (options.repetitions + WARMUP)));
  const openThread = await time(options.repetitions, (i) =>
    client.threads.get.query({ threadId: threadIds[(i * step) % threadIds.length] ?? '', limit: PAGE }),
  );

  let threadsRead = 0;
  const unreadBadge = await time(options.repetitions, async () => {
    let next: string | null = null;
    let pages = 0;
    threadsRead = 0;
    do {
      const page: { items: unknown[]; nextCursor: string | null } = await client.threads.list.query({
        unread: true,
        limit: UNREAD_PAGE,
        ...(next !== null && { cursor: next }),
      });
      threadsRead += page.items.length;
      next = page.nextCursor;
      pages += 1;
    } while (next !== null && pages < UNREAD_PAGES);
  });
  return { firstPages, deepPage, openThread, unreadBadge: { ...unreadBadge, threadsRead } };
}
