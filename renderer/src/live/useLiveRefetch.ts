import { type QueryKey, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import type { LiveEvent } from '../../../shared/events.ts';
import { useLive } from '../state/live.ts';
import { onLiveEvent } from './liveEvents.ts';

/** Events this close together cause one refetch, not one each. */
const COALESCE_MS = 50;

/**
 * Refetches the queries under `queryKey` when a live event of one of `types` arrives, and each time
 * the live stream (re)connects: the stream resumes after its last event id, but whatever changed
 * before it first connected is only seen by reading again. `types` is compared by its contents.
 */
export function useLiveRefetch(
  types: readonly string[],
  queryKey: QueryKey,
  onEvent?: (event: LiveEvent) => void,
): void {
  const queryClient = useQueryClient();
  const onEventRef = useRef(onEvent);
  onEventRef.current = onEvent;
  const typeList = types.join(',');
  const keyText = JSON.stringify(queryKey);
  useEffect(() => {
    const wanted = new Set(typeList.split(','));
    const key = JSON.parse(keyText) as QueryKey;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const refetch = () => {
      timer ??= setTimeout(() => {
        timer = undefined;
        void queryClient.invalidateQueries({ queryKey: key });
      }, COALESCE_MS);
    };
    const stopEvents = onLiveEvent((event) => {
      if (!wanted.has(event.type)) return;
      onEventRef.current?.(event);
      refetch();
    });
    const stopState = useLive.subscribe((now, before) => {
      if (now.state.kind === 'connected' && before.state.kind !== 'connected') refetch();
    });
    return () => {
      clearTimeout(timer);
      stopEvents();
      stopState();
    };
  }, [queryClient, typeList, keyText]);
}
