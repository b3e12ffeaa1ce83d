/** Who did something. AI actors are named so that every AI action is attributable too. */
export type Actor =
  | { type: 'user'; id: string; label: string }
  | { type: 'ai'; id: string; label: string }
  | { type: 'system'; id?: string; label: string };

/** Where a request came from; threaded from the transport into every audit row. */
export type AuditContext = {
  actor: Actor;
  requestId?: string | null;
  ip?: string | null;
  device?: string | null;
};

export type AuditEntry = {
  action: string;
  targetType?: string | null;
  targetId?: string | null;
  facilityId?: string | null;
  /** Short summaries of state before and after; never secrets or password hashes. */
  before?: unknown;
  after?: unknown;
};

export const systemActor = (label = 'system'): AuditContext => ({ actor: { type: 'system', label } });
