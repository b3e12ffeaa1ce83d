import { create } from 'zustand';
import { hrefFor } from '../../../app/routes.ts';

type ThreadToOpen = { threadId: string } | null;

/** A thread some other part of the app asked the Inbox to open (an emergency banner's button). */
export const useThreadToOpen = create<{ request: ThreadToOpen }>()(() => ({ request: null }));

/** Goes to the Inbox with this conversation open. */
export function openThreadInInbox(threadId: string): void {
  useThreadToOpen.setState({ request: { threadId } });
  window.location.hash = hrefFor('inbox');
}

/** The Inbox took the request. */
export function forgetThreadToOpen(): void {
  useThreadToOpen.setState({ request: null });
}
