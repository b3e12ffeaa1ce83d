import { useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTRPC } from '../../api/trpc.ts';
import { desktop } from '../../platform/desktop.ts';
import { customerName, formatPhone } from '../inbox/inboxWording.ts';
import { useInboxFeed, useInboxSnapshot } from '../inbox/useInboxFeed.ts';
import { addAlert, dismissAlert, notificationText, type ShownAlert } from './emergencyAlerts.ts';

/**
 * Emergencies at the user's facilities, from the desk's inbox stream (which carries `ai.emergency`
 * for exactly those facilities): kept until dismissed, each announced once with a desktop
 * notification. A stream resumed after a reconnect replays what it missed, so none is lost.
 */
export function useEmergencyAlerts() {
  const feed = useInboxFeed();
  const { stream } = useInboxSnapshot(feed);
  const trpc = useTRPC();
  const facilities = useQuery(trpc.facilities.list.queryOptions({}));
  const [alerts, setAlerts] = useState<ShownAlert[]>([]);
  // Read inside the stream's listener without subscribing it again whenever they change.
  const shown = useRef(alerts);
  shown.current = alerts;
  const known = useRef(new Map<string, { name: string; timezone: string }>());
  known.current = new Map((facilities.data ?? []).map((facility) => [facility.id, facility]));

  const facilityName = useCallback((facilityId: string) => known.current.get(facilityId)?.name ?? null, []);
  const timeZoneOf = useCallback((facilityId: string) => known.current.get(facilityId)?.timezone, []);
  const customerOf = useCallback(
    (alert: ShownAlert) => {
      const thread = feed.thread(alert.threadId);
      return thread ? customerName(thread) : formatPhone(alert.customerNumber);
    },
    [feed],
  );

  useEffect(
    () =>
      feed.onThreadEvent((_eventId, event) => {
        if (event.type !== 'ai.emergency') return;
        const next = addAlert(shown.current, event.alert);
        if (!next) return;
        shown.current = next;
        setAlerts(next);
        const { title, body } = notificationText(event.alert, {
          facilityName: facilityName(event.alert.facilityId),
          customer: formatPhone(event.alert.customerNumber),
        });
        // The banner is the alert; a notification the OS refuses changes nothing here.
        desktop.notify(title, body).catch(() => undefined);
      }),
    [feed, facilityName],
  );

  const dismiss = useCallback((key: string) => setAlerts((current) => dismissAlert(current, key)), []);
  return { alerts, stream, dismiss, facilityName, timeZoneOf, customerOf };
}
