import type OpenAI from 'openai';
import { type Agent, agentLabels } from '../../../shared/agents.ts';
import type { AuditContext } from '../../audit/types.ts';
import type { BayService } from '../../bays/service.ts';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/types.ts';
import type { JobQueue } from '../../jobs/queue.ts';
import type { Logger } from '../../logger.ts';
import type { AlertSender } from '../../messaging/context.ts';
import type { MessagingService } from '../../messaging/service.ts';
import type { SopService } from '../sops/service.ts';

/** What the engine's modules share; one per IntelligenceService. */
export type IntelligenceContext = {
  db: Db;
  logger: Logger;
  now: () => Date;
  jobs: JobQueue | undefined;
  alerts: AlertSender;
  messaging: MessagingService;
  bays: BayService;
  sops: SopService;
  /** Unset: no key, so routing is offline and every answer is a draft drafted from the SOPs. */
  openai: OpenAI | undefined;
  settings: Config['ai'];
};

/** How the AI's own steps appear in the audit log: as the AI, and which agent when there is one. */
export function aiActor(agent?: Agent): AuditContext {
  return {
    actor: {
      type: 'ai',
      id: agent ?? 'engine',
      label: agent ? `ClubOS AI (${agentLabels[agent]})` : 'ClubOS AI',
    },
  };
}
