import { randomBytes, randomUUID } from 'node:crypto';
import { Timers } from '../fakeHttp.ts';

export type FakeDeviceSpec = { id: number; systemName?: string; scriptIds?: number[] };

export type FakeTimings = {
  /** From the reboot request until the device reports offline. */
  rebootOfflineAfterMs: number;
  /** How long the device stays offline before it is back. */
  rebootDowntimeMs: number;
  scriptRunMs: number;
  tokenTtlSeconds: number;
};

/** One entry of GET /v2/device/{id}/activities, as the fake produces it (a subset of NinjaOne's fields). */
export type FakeActivity = {
  id: number;
  deviceId: number;
  /** Epoch seconds, with fractions like NinjaOne's. */
  activityTime: number;
  activityType: 'ACTION' | 'SCRIPTING' | 'SYSTEM';
  statusCode: 'START_REQUESTED' | 'COMPLETED';
  status: 'START_REQUESTED' | 'COMPLETED' | 'FAILED';
  activityResult?: 'SUCCESS' | 'FAILURE';
  /** Links a request to its completion. */
  seriesUid: string;
  sourceName: string;
  message: string;
};

type Device = {
  id: number;
  systemName: string;
  offline: boolean;
  /** When it was last seen, for a device that is offline now (an online device is seen "now"). */
  lastSeenMs: number;
  scripts: { id: number; name: string }[];
  frozen: boolean;
  neverComesBack: boolean;
  scriptFailures: { message: string; remaining: number } | undefined;
  activities: FakeActivity[];
};

export type Outcome = 'ok' | 'not_found' | 'offline' | 'unknown_script';

const MAX_ACTIVITIES = 200;

/** The fake NinjaOne's world: devices, their activities and the tokens it issued. Every timer is tracked. */
export class FakeNinjaState {
  private readonly devices = new Map<number, Device>();
  private readonly tokens = new Map<string, number>();
  private readonly timers = new Timers();
  private nextActivityId = 1;

  constructor(
    specs: FakeDeviceSpec[],
    private readonly timings: FakeTimings,
    readonly now: () => Date,
  ) {
    for (const spec of specs) {
      this.devices.set(spec.id, {
        id: spec.id,
        systemName: spec.systemName ?? `BAY-PC-${spec.id}`,
        offline: false,
        lastSeenMs: this.ms(),
        scripts: (spec.scriptIds ?? []).map((id) => ({ id, name: `Restart simulator (${id})` })),
        frozen: false,
        neverComesBack: false,
        scriptFailures: undefined,
        activities: [],
      });
    }
  }

  issueToken(): { token: string; expiresIn: number } {
    const token = randomBytes(24).toString('base64url');
    this.tokens.set(token, this.ms() + this.timings.tokenTtlSeconds * 1000);
    return { token, expiresIn: this.timings.tokenTtlSeconds };
  }

  tokenValid(token: string): boolean {
    const expiresAt = this.tokens.get(token);
    return expiresAt !== undefined && this.ms() < expiresAt;
  }

  expireTokens(): void {
    this.tokens.clear();
  }

  deviceIds(): number[] {
    return [...this.devices.keys()].sort((a, b) => a - b);
  }

  deviceJson(id: number) {
    const device = this.devices.get(id);
    if (!device) return undefined;
    return {
      id: device.id,
      systemName: device.systemName,
      displayName: device.systemName,
      nodeClass: 'WINDOWS_WORKSTATION',
      offline: device.offline,
      lastContact: (device.offline ? device.lastSeenMs : this.ms()) / 1000,
    };
  }

  scriptingOptions(id: number) {
    const device = this.devices.get(id);
    if (!device) return undefined;
    return {
      categories: [{ id: 1, name: 'Uncategorized' }],
      scripts: [
        // A built-in action, as NinjaOne lists them: it has a uid, not a numeric id.
        { type: 'ACTION', uid: 'a1b2c3d4-0000-4000-8000-000000000001', name: 'Reboot' },
        ...device.scripts.map((script) => ({ type: 'SCRIPT', ...script, language: 'powershell' })),
      ],
    };
  }

  activities(id: number, pageSize: number): FakeActivity[] | undefined {
    return this.devices.get(id)?.activities.slice(0, pageSize);
  }

  reboot(id: number, mode: string, reason: string | undefined): Outcome {
    const device = this.devices.get(id);
    if (!device) return 'not_found';
    if (device.offline) return 'offline';
    const seriesUid = randomUUID();
    const base = { activityType: 'ACTION' as const, seriesUid, sourceName: 'Reboot' };
    this.record(device, {
      ...base,
      statusCode: 'START_REQUESTED',
      status: 'START_REQUESTED',
      message: `Reboot (${mode}) requested${reason ? `: ${reason}` : ''}`,
    });
    this.later(this.timings.rebootOfflineAfterMs, () => {
      this.goOffline(device);
      device.frozen = false;
      if (device.neverComesBack) return;
      this.later(this.timings.rebootDowntimeMs, () => {
        device.offline = false;
        this.record(device, {
          ...base,
          statusCode: 'COMPLETED',
          status: 'COMPLETED',
          activityResult: 'SUCCESS',
          message: 'Reboot completed: the device is back online',
        });
      });
    });
    return 'ok';
  }

  runScript(id: number, scriptId: number): Outcome {
    const device = this.devices.get(id);
    if (!device) return 'not_found';
    if (device.offline) return 'offline';
    const script = device.scripts.find((candidate) => candidate.id === scriptId);
    if (!script) return 'unknown_script';
    const base = { activityType: 'SCRIPTING' as const, seriesUid: randomUUID(), sourceName: script.name };
    this.record(device, {
      ...base,
      statusCode: 'START_REQUESTED',
      status: 'START_REQUESTED',
      message: `Script "${script.name}" requested`,
    });
    this.later(this.timings.scriptRunMs, () => {
      const failure = this.takeScriptFailure(device);
      this.record(device, {
        ...base,
        statusCode: 'COMPLETED',
        status: failure ? 'FAILED' : 'COMPLETED',
        activityResult: failure ? 'FAILURE' : 'SUCCESS',
        message: failure ?? `Script "${script.name}" completed`,
      });
    });
    return 'ok';
  }

  setOffline(id: number, offline: boolean): void {
    const device = this.require(id);
    if (offline) this.goOffline(device);
    else device.offline = false;
  }

  neverComesBack(id: number): void {
    this.require(id).neverComesBack = true;
  }

  /** Until the next reboot, every script run on the device fails. */
  freeze(id: number): void {
    this.require(id).frozen = true;
  }

  failScript(id: number, message: string, times = 1): void {
    this.require(id).scriptFailures = { message, remaining: times };
  }

  isBusy(id: number): boolean {
    const latest = this.devices.get(id)?.activities[0];
    return latest?.statusCode === 'START_REQUESTED';
  }

  isOffline(id: number): boolean {
    return this.require(id).offline;
  }

  later(ms: number, run: () => void): void {
    this.timers.later(ms, run);
  }

  close(): void {
    this.timers.clear();
  }

  private takeScriptFailure(device: Device): string | undefined {
    if (device.frozen) return 'TrackMan did not respond: the simulator is frozen (a reboot is needed)';
    const failure = device.scriptFailures;
    if (!failure) return undefined;
    failure.remaining -= 1;
    if (failure.remaining <= 0) device.scriptFailures = undefined;
    return failure.message;
  }

  private goOffline(device: Device): void {
    if (!device.offline) device.lastSeenMs = this.ms();
    device.offline = true;
  }

  private record(device: Device, entry: Omit<FakeActivity, 'id' | 'deviceId' | 'activityTime'>): void {
    device.activities.unshift({
      id: this.nextActivityId++,
      deviceId: device.id,
      activityTime: this.ms() / 1000,
      ...entry,
    });
    device.activities.length = Math.min(device.activities.length, MAX_ACTIVITIES);
  }

  private require(id: number): Device {
    const device = this.devices.get(id);
    if (!device) throw new Error(`fake NinjaOne has no device ${id}`);
    return device;
  }

  private ms(): number {
    return this.now().getTime();
  }
}
