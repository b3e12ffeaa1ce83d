import { useEffect, useState } from 'react';
import { useTRPCClient } from '../../api/trpc.ts';
import { useFollowingFeed } from '../../live/useFollowingFeed.ts';
import { expireSession } from '../../state/sessionActions.ts';
import { type ConversationClient, ConversationFeed, type ConversationSnapshot } from './conversationFeed.ts';
import type { InboxFeed } from './inboxFeed.ts';

type MarkReadClient = {
  threads: { markRead: { mutate(input: { threadId: string; messageId?: string }): Promise<unknown> } };
};

/**
 * The open thread, live: read when it opens and after each reconnect of the inbox stream (its
 * `epoch`), with the stream's events for it laid in. While it is on screen, every customer message
 * it shows is marked read, which clears the unread badge on every desk of this user.
 */
export function useConversation(
  feed: InboxFeed,
  threadId: string,
  serverUrl: string,
  epoch: number,
): { conversation: ConversationFeed; snapshot: ConversationSnapshot } {
  const client: ConversationClient & MarkReadClient = useTRPCClient();
  // One per thread: the caller keys the thread view by thread id, so another thread is another feed.
  const [current] = useState(() => create(client, serverUrl, threadId));
  const snapshot = useFollowingFeed(feed, current, epoch);
  const unread = snapshot.thread?.unreadCount ?? 0;
  const newestInboundId = snapshot.newestInboundId;
  const visible = useDocumentVisible();
  useEffect(() => {
    // Only what someone can see is read: not while the window is minimised or behind another.
    if (unread === 0 || !newestInboundId || !visible) return;
    // A failed mark is harmless: the thread stays unread and is marked again with the next message.
    client.threads.markRead.mutate({ threadId, messageId: newestInboundId }).catch(() => undefined);
  }, [client, threadId, unread, newestInboundId, visible]);

  return { conversation: current, snapshot };
}

function useDocumentVisible(): boolean {
  const [visible, setVisible] = useState(() => document.visibilityState === 'visible');
  useEffect(() => {
    const update = () => setVisible(document.visibilityState === 'visible');
    document.addEventListener('visibilitychange', update);
    return () => document.removeEventListener('visibilitychange', update);
  }, []);
  return visible;
}

function create(client: ConversationClient, serverUrl: string, threadId: string): ConversationFeed {
  return new ConversationFeed({ client, serverUrl, threadId, onUnauthorized: () => void expireSession() });
}
