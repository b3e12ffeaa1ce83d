import { useQuery } from '@tanstack/react-query';
import { useTRPC, useTRPCClient } from '../../api/trpc.ts';

/** The server's demo-only way to play a customer: it has its fake OpenPhone post a signed webhook. */
export type DemoCustomerApi = {
  textIn(input: { facilityId: string; from: string; body: string }): Promise<unknown>;
};

type SimClient = {
  sim: { textIn: { mutate(input: { facilityId: string; from: string; body: string }): Promise<unknown> } };
};

/** The demo customer path (`sim.textIn`), or null when the server says it runs no simulator (`sim.available`). */
export function useDemoCustomerApi(): DemoCustomerApi | null {
  const trpc = useTRPC();
  const client: SimClient = useTRPCClient();
  // Decided by the server at start-up: asked once per screen, never polled.
  const available = useQuery({ ...trpc.sim.available.queryOptions(), staleTime: Number.POSITIVE_INFINITY });
  if (available.data !== true) return null;
  return { textIn: (input) => client.sim.textIn.mutate(input) };
}
