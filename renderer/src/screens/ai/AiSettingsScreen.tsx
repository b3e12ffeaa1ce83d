import { useState } from 'react';
import { describeError } from '../../api/errors.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ScreenHeading } from '../../shell/ScreenHeading.tsx';
import { FacilityAiSettings } from './FacilityAiSettings.tsx';
import { FeedbackDownload } from './FeedbackDownload.tsx';
import { KillSwitch } from './KillSwitch.tsx';
import { controlKey, useAiSettings } from './useAiSettings.ts';

/** A kill switch about to be turned on: everywhere (slug null) or at one facility. */
type Asking = { slug: string | null; where: string };

/**
 * How the AI answers customers (managers only): the global kill switch, then per facility its kill
 * switch, each agent's mode (shadow, draft or auto) and today's spend against the daily budget.
 * Each change is saved on its own and shows saving, saved or why not; turning a kill switch on asks
 * first. The feedback file for improving answers is downloaded here too.
 */
export function AiSettingsScreen({ serverUrl }: { serverUrl: string }) {
  const ai = useAiSettings(serverUrl);
  const [asking, setAsking] = useState<Asking | null>(null);
  const data = ai.settings.data;

  return (
    <section className="screen screen-ai" aria-labelledby="screen-heading" data-testid="ai-settings-screen">
      <div className="screen-header">
        <ScreenHeading>AI settings</ScreenHeading>
      </div>
      <p className="screen-intro">
        How the AI answers customer texts. <strong>Shadow</strong> stores an answer for staff to read,{' '}
        <strong>Draft</strong> waits for staff to send it, <strong>Auto</strong> sends it at once. Emergencies
        always get the fixed safety reply and page staff, whatever is set here. Changes apply to the next
        customer text.
      </p>
      {ai.settings.isError && (
        <div className={`notice ${data ? 'notice-warning' : 'notice-error'}`} role="alert">
          <p>
            {data
              ? `The settings could not be refreshed (${describeError(ai.settings.error, serverUrl)}). They show what was last read.`
              : `The AI settings could not be loaded: ${describeError(ai.settings.error, serverUrl)}`}
          </p>
          <button
            type="button"
            className="button button-secondary"
            onClick={() => void ai.settings.refetch()}
          >
            Try again
          </button>
        </div>
      )}
      {!data ? (
        ai.settings.isError ? null : (
          <p className="loading" role="status">
            Loading the AI settings…
          </p>
        )
      ) : (
        <>
          <section className="panel ai-global" aria-labelledby="ai-global-heading" data-testid="ai-global">
            <h2 id="ai-global-heading">Everywhere</h2>
            <KillSwitch
              label="Global kill switch"
              on={data.globalKillSwitch}
              overriddenBy={null}
              save={ai.saves.get(controlKey.kill(null))}
              onToggle={(on) =>
                on ? setAsking({ slug: null, where: 'every facility' }) : void ai.setKillSwitch(null, false)
              }
            />
          </section>
          {data.facilities.length === 0 ? (
            <EmptyState title="No facilities">
              <p>
                You manage no facility yet, so there is nothing to set. An administrator gives you access.
              </p>
            </EmptyState>
          ) : (
            data.facilities.map((facility) => (
              <FacilityAiSettings
                key={facility.facilityId}
                facility={facility}
                globalKillSwitch={data.globalKillSwitch}
                saves={ai.saves}
                onMode={(agent, mode) => void ai.setMode(facility.facilitySlug, agent, mode)}
                onKillSwitch={(on) =>
                  on
                    ? setAsking({ slug: facility.facilitySlug, where: facility.facilityName })
                    : void ai.setKillSwitch(facility.facilitySlug, false)
                }
                onBudget={(usd) => ai.setBudget(facility.facilitySlug, usd)}
              />
            ))
          )}
        </>
      )}
      <FeedbackDownload serverUrl={serverUrl} />
      <ConfirmDialog
        open={asking !== null}
        title={
          asking?.slug === null ? 'Turn the AI off everywhere?' : `Turn the AI off at ${asking?.where ?? ''}?`
        }
        confirmLabel="Turn the kill switch on"
        onCancel={() => setAsking(null)}
        onConfirm={() => {
          const target = asking;
          setAsking(null);
          if (target) void ai.setKillSwitch(target.slug, true);
        }}
      >
        <p>
          From now on, every customer text at {asking?.where} goes to a person: the AI writes no drafts and
          sends nothing, and automatic AI texts still waiting in the outbox are held.
        </p>
        <p>
          The fixed emergency safety reply still goes out. Turning the switch off again needs no confirmation.
        </p>
      </ConfirmDialog>
    </section>
  );
}
