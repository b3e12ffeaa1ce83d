import { type Agent, agentLabels, agents } from '../../../../shared/agents.ts';
import {
  type AgentMode,
  agentModeLabels,
  agentModeSchema,
  agentModes,
  type FacilityAiSettings as FacilitySettings,
} from '../../../../shared/ai.ts';
import type { SaveState } from './aiSettingsWording.ts';
import { BudgetForm } from './BudgetForm.tsx';
import { KillSwitch } from './KillSwitch.tsx';
import { SaveStatus } from './SaveStatus.tsx';
import { controlKey } from './useAiSettings.ts';

/** One facility: its kill switch, how each agent answers there, and today's spend against its budget. */
export function FacilityAiSettings({
  facility,
  globalKillSwitch,
  saves,
  onMode,
  onKillSwitch,
  onBudget,
}: {
  facility: FacilitySettings;
  globalKillSwitch: boolean;
  saves: ReadonlyMap<string, SaveState>;
  onMode(agent: Agent, mode: AgentMode): void;
  onKillSwitch(on: boolean): void;
  onBudget(usd: number): Promise<boolean>;
}) {
  const slug = facility.facilitySlug;
  const headingId = `ai-facility-${slug}`;
  return (
    <section
      className="panel ai-facility"
      aria-labelledby={headingId}
      data-testid="ai-facility"
      data-facility={slug}
    >
      <h2 id={headingId}>{facility.facilityName}</h2>
      <KillSwitch
        label={`Kill switch for ${facility.facilityName}`}
        on={facility.killSwitch}
        overriddenBy={
          globalKillSwitch ? 'the global kill switch is on, so the AI answers no one here either.' : null
        }
        save={saves.get(controlKey.kill(slug))}
        onToggle={onKillSwitch}
      />
      <div className="table-scroll ai-modes-scroll">
        <table className="table ai-modes">
          <caption>How each agent answers at {facility.facilityName}</caption>
          <thead>
            <tr>
              <th scope="col">Agent</th>
              <th scope="col">Mode</th>
              <th scope="col">
                <span className="visually-hidden">Change</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {agents.map((agent) => {
              const key = controlKey.mode(slug, agent);
              const save = saves.get(key);
              // While a change is saving, the menu shows what was asked; otherwise what the server has.
              const shown = save?.status === 'saving' ? save.value : facility.modes[agent];
              const label = `Mode for ${agentLabels[agent]} at ${facility.facilityName}`;
              return (
                <tr key={agent} data-agent={agent} data-testid="ai-agent-row">
                  <th scope="row">{agentLabels[agent]}</th>
                  <td>
                    <select
                      className="input ai-mode-select"
                      aria-label={label}
                      value={shown}
                      aria-disabled={save?.status === 'saving' || undefined}
                      onChange={(event) => {
                        const mode = agentModeSchema.safeParse(event.target.value);
                        if (mode.success && save?.status !== 'saving') onMode(agent, mode.data);
                      }}
                    >
                      {agentModes.map((mode) => (
                        <option key={mode} value={mode}>
                          {agentModeLabels[mode]}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    <SaveStatus state={save} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <BudgetForm
        slug={slug}
        facilityName={facility.facilityName}
        spentUsd={facility.spentTodayUsd}
        budgetUsd={facility.dailyBudgetUsd}
        save={saves.get(controlKey.budget(slug))}
        onSave={onBudget}
      />
    </section>
  );
}
