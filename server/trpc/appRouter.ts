import { auditRouter } from '../audit/router.ts';
import { authRouter } from '../auth/router.ts';
import { baysRouter } from '../bays/router.ts';
import { eventsRouter } from '../events/router.ts';
import { facilitiesRouter } from '../facilities/router.ts';
import { feedbackRouter } from '../intelligence/feedbackRouter.ts';
import { proposalsRouter } from '../intelligence/proposals/router.ts';
import { qualityRouter } from '../intelligence/quality/router.ts';
import { aiRouter } from '../intelligence/router.ts';
import { sopsRouter } from '../intelligence/sops/router.ts';
import { localAdminRouter } from '../localAdmin/router.ts';
import { threadsRouter } from '../messaging/router.ts';
import { simRouter } from '../messaging/simRouter.ts';
import { usersRouter } from '../users/router.ts';
import { router } from './trpc.ts';

export const appRouter = router({
  auth: authRouter,
  users: usersRouter,
  facilities: facilitiesRouter,
  bays: baysRouter,
  threads: threadsRouter,
  sim: simRouter,
  sops: sopsRouter,
  ai: aiRouter,
  feedback: feedbackRouter,
  proposals: proposalsRouter,
  quality: qualityRouter,
  audit: auditRouter,
  events: eventsRouter,
  localAdmin: localAdminRouter,
});

/** The only thing the renderer imports from the server: a type. */
export type AppRouter = typeof appRouter;
