import type { inferRouterOutputs } from '@trpc/server';
import { createTRPCContext } from '@trpc/tanstack-react-query';
import type { AppRouter } from '../../../server/trpc/appRouter.ts';

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

/** What procedures return over the wire (no transformer: dates are ISO strings). */
export type RouterOutputs = inferRouterOutputs<AppRouter>;
