/**
 * A live event as subscribers receive it. `id` is the durable, ordered event id (a string so it can
 * be used as an SSE `lastEventId`).
 */
export type LiveEvent = {
  id: string;
  type: string;
  facilityId: string | null;
  payload: unknown;
  createdAt: string;
};
