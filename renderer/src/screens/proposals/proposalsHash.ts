/** `#/proposals/<id>` opens one proposal; `#/proposals` is the queue. */
export function proposalIdFromHash(hash: string): string | null {
  const match = /^#\/proposals\/([^/?]+)/.exec(hash);
  return match?.[1] ? decodeURIComponent(match[1]) : null;
}

export const proposalHref = (id: string) => `#/proposals/${encodeURIComponent(id)}`;
export const QUEUE_HREF = '#/proposals';
