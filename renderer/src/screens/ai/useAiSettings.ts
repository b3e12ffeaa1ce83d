import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Agent } from '../../../../shared/agents.ts';
import type { AgentMode } from '../../../../shared/ai.ts';
import { describeError } from '../../api/errors.ts';
import { useTRPC, useTRPCClient } from '../../api/trpc.ts';
import type { SaveState } from './aiSettingsWording.ts';

type AiControlsClient = {
  ai: {
    setMode: { mutate(input: { facilitySlug: string; agent: Agent; mode: AgentMode }): Promise<unknown> };
    killSwitch: { mutate(input: { facilitySlug?: string; on: boolean }): Promise<unknown> };
    setBudget: { mutate(input: { facilitySlug: string; dailyBudgetUsd: number }): Promise<unknown> };
  };
};

/** Keys for each control's save state. */
export const controlKey = {
  mode: (slug: string, agent: Agent) => `mode:${slug}:${agent}`,
  kill: (slug: string | null) => `kill:${slug ?? '*'}`,
  budget: (slug: string) => `budget:${slug}`,
};

/**
 * The manager's AI controls: `ai.getModes` for what the server has, and each change saved on its
 * own, shown as saving until the server has it and the settings have been read again, then saved
 * (what the screen shows is then the server's state) or why not.
 */
export function useAiSettings(serverUrl: string) {
  const trpc = useTRPC();
  const client: AiControlsClient = useTRPCClient();
  const queryClient = useQueryClient();
  const settings = useQuery(trpc.ai.getModes.queryOptions({}));
  const [saves, setSaves] = useState<ReadonlyMap<string, SaveState>>(new Map());
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  const set = useCallback((key: string, state: SaveState) => {
    if (mounted.current) setSaves((current) => new Map(current).set(key, state));
  }, []);

  const save = useCallback(
    async (key: string, value: string, change: () => Promise<unknown>): Promise<boolean> => {
      if (saves.get(key)?.status === 'saving') return false;
      set(key, { status: 'saving', value });
      try {
        await change();
      } catch (error) {
        set(key, { status: 'failed', message: describeError(error, serverUrl) });
        return false;
      }
      await queryClient.invalidateQueries({ queryKey: trpc.ai.getModes.queryKey() });
      set(key, { status: 'saved' });
      return true;
    },
    [saves, set, serverUrl, queryClient, trpc],
  );

  return {
    settings,
    saves,
    setMode: (facilitySlug: string, agent: Agent, mode: AgentMode) =>
      save(controlKey.mode(facilitySlug, agent), mode, () =>
        client.ai.setMode.mutate({ facilitySlug, agent, mode }),
      ),
    setKillSwitch: (facilitySlug: string | null, on: boolean) =>
      save(controlKey.kill(facilitySlug), on ? 'on' : 'off', () =>
        client.ai.killSwitch.mutate(facilitySlug ? { facilitySlug, on } : { on }),
      ),
    setBudget: (facilitySlug: string, dailyBudgetUsd: number) =>
      save(controlKey.budget(facilitySlug), String(dailyBudgetUsd), () =>
        client.ai.setBudget.mutate({ facilitySlug, dailyBudgetUsd }),
      ),
  };
}
