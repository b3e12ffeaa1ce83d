import type { NotificationConstructor } from './ports.ts';

/** Native notifications (emergencies). Where the OS has none, the call is a no-op rather than an error. */
export function createNotifier(
  Notification: NotificationConstructor,
): (title: string, body: string) => Promise<void> {
  return async (title, body) => {
    if (!Notification.isSupported()) {
      console.warn(`Notifications are not supported here; dropped: ${title}`);
      return;
    }
    new Notification({ title, body }).show();
  };
}
