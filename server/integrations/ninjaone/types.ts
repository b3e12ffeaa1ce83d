/** A device as NinjaOne returns it (fields ClubOS uses; others are ignored). */
export type NinjaDevice = {
  id: number;
  systemName?: string;
  displayName?: string;
  offline: boolean;
  /** Epoch seconds. */
  lastContact?: number;
  nodeClass?: string;
};

/** One entry of GET /v2/device/{id}/activities (newest first). Shapes beyond these are unconfirmed. */
export type NinjaActivity = {
  id?: number;
  /** Epoch seconds (NinjaOne also sends fractions). */
  activityTime: number;
  activityType?: string;
  statusCode?: string;
  status?: string;
  /** SUCCESS or FAILURE on a finished entry (*unconfirmed*). */
  activityResult?: string;
  /** Shared by a request and its completion (*unconfirmed*). */
  seriesUid?: string;
  /** What the activity is about, e.g. `Reboot` or a script's name (*unconfirmed*). */
  sourceName?: string;
  message?: string;
};

export type NinjaScriptOption = { id: number; name?: string; language?: string };

export type NinjaErrorKind =
  /** 429: wait `retryAfterMs` before trying again. */
  | 'rate_limited'
  /** 5xx or a network error: retry with backoff. */
  | 'unavailable'
  /** No answer in time: the outcome of a write is unknown. */
  | 'timeout'
  /** Credentials refused even after one token refresh. */
  | 'unauthorized'
  | 'not_found'
  /** Any other 4xx: retrying will not help. */
  | 'rejected';

export class NinjaOneError extends Error {
  override name = 'NinjaOneError';
  constructor(
    readonly kind: NinjaErrorKind,
    message: string,
    readonly status?: number,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }

  get retryable(): boolean {
    return this.kind === 'rate_limited' || this.kind === 'unavailable' || this.kind === 'timeout';
  }
}

/** What the bay service needs from NinjaOne; the real client and test doubles implement it. */
export type NinjaOneApi = {
  listDevices(): Promise<NinjaDevice[]>;
  getDevice(deviceId: number): Promise<NinjaDevice>;
  reboot(deviceId: number, reason: string): Promise<void>;
  runScript(deviceId: number, scriptId: number, parameters?: string): Promise<void>;
  getScriptingOptions(deviceId: number): Promise<NinjaScriptOption[]>;
  getActivities(deviceId: number, options?: { pageSize?: number }): Promise<NinjaActivity[]>;
};
