import type { BayView } from '../../../shared/bays.ts';
import type { FacilityRow } from '../../db/schema/index.ts';
import { placeholderKeys, readFacts, renderSop, type SopFacility } from '../facts.ts';

/** The facility's facts as the agent reads them, rendered once per answer from its settings. */
export function factsFor(facility: FacilityRow) {
  const { facts } = readFacts(facility.settings);
  const who: SopFacility = {
    name: facility.name,
    timezone: facility.timezone,
    phoneNumber: facility.phoneNumber ?? '',
  };
  const lines = placeholderKeys
    .map((key) => [key, renderSop(`{{${key}}}`, facts, who)] as const)
    .filter(([, value]) => !value.startsWith('[not set:'))
    .map(([key, value]) => `${key.replace(/^facts\./, '')}: ${value}`);
  const now = new Intl.DateTimeFormat('en-CA', {
    timeZone: facility.timezone,
    dateStyle: 'full',
    timeStyle: 'short',
  });
  return {
    render: (markdown: string) => renderSop(markdown, facts, who),
    text: (at: Date) => [...lines, `local time now: ${now.format(at)}`].join('\n'),
  };
}

/** "Bay 1: online; Bay 2: offline (restart in progress)": what the agent knows of the bays right now. */
export function bayStatusText(bays: BayView[]): string {
  if (bays.length === 0) return 'No bays are set up.';
  return bays
    .map((bay) => {
      const state = bay.online === null ? 'status unknown' : bay.online ? 'online' : 'offline';
      const action = bay.currentAction ? `, ${bay.currentAction.kind} in progress` : '';
      return `Bay ${bay.number} (${bay.name}): ${state}${action}`;
    })
    .join('\n');
}
