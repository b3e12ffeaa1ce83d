export type Drafts = { reply: string; note: string };

export const emptyDrafts: Drafts = { reply: '', note: '' };

/**
 * Half-written replies and notes by thread, while the user is signed in: opening another
 * conversation to check something must not throw away what staff were typing. Memory only (a
 * customer's words are not kept on the desk's disk), and forgotten at sign-out, so the next person
 * at this desk never sees them.
 */
const saved = new Map<string, Drafts>();

export function draftsFor(threadId: string): Drafts {
  return saved.get(threadId) ?? emptyDrafts;
}

export function saveDrafts(threadId: string, drafts: Drafts): void {
  if (drafts.reply === '' && drafts.note === '') saved.delete(threadId);
  else saved.set(threadId, drafts);
}

export function forgetAllDrafts(): void {
  saved.clear();
}
