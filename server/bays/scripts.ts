import { z } from 'zod';
import type { FacilityRow } from '../db/schema/index.ts';
import { DomainError } from '../errors.ts';
import type { SetupFile } from '../facilities/setupFile.ts';
import { type NinjaOneApi, NinjaOneError } from '../integrations/ninjaone/types.ts';

// Settings are free-form jsonb: read the one value bays need without trusting the rest.
const settingsSchema = z.object({
  actions: z
    .object({ 'restart-sim': z.object({ scriptId: z.number().int().positive() }).optional() })
    .optional(),
});

/** The facility's "restart the simulator" script id, when its setup file gave one. */
export function restartScriptId(facility: Pick<FacilityRow, 'settings'>): number | undefined {
  const parsed = settingsSchema.safeParse(facility.settings);
  return parsed.success ? parsed.data.actions?.['restart-sim']?.scriptId : undefined;
}

/**
 * Checks, before setup writes anything, that every bay PC of a facility offers the restart script
 * the file names: a wrong id would otherwise surface only when staff press the button. Skipped when
 * NinjaOne is not configured; when it is configured but cannot be reached, setup stops rather than
 * store an id nobody checked.
 */
export async function checkRestartScripts(ninjaone: NinjaOneApi | undefined, file: SetupFile): Promise<void> {
  if (!ninjaone) return;
  for (const [index, facility] of file.facilities.entries()) {
    const scriptId = facility.actions?.['restart-sim']?.scriptId;
    if (scriptId === undefined) continue;
    const path = `facilities[${index}].actions.restart-sim.scriptId`;
    const answers = await Promise.all(
      facility.bays.map(async (bay) => {
        try {
          const options = await ninjaone.getScriptingOptions(bay.ninjaDeviceId);
          return { bay, offered: options.some((option) => option.id === scriptId) };
        } catch (error) {
          if (error instanceof NinjaOneError && error.kind === 'not_found') {
            throw new DomainError(
              'invalid_input',
              `${path}: NinjaOne has no device ${bay.ninjaDeviceId} (${bay.name} of "${facility.slug}"), so script ${scriptId} cannot be checked`,
            );
          }
          const reason = error instanceof Error ? error.message : String(error);
          throw new DomainError(
            'unavailable',
            `${path}: could not check script ${scriptId} with NinjaOne for ${bay.name} of "${facility.slug}" (${reason}); nothing was changed`,
          );
        }
      }),
    );
    const missing = answers.find((answer) => !answer.offered);
    if (missing) {
      throw new DomainError(
        'invalid_input',
        `${path}: script ${scriptId} is not available on ${missing.bay.name}'s PC (NinjaOne device ${missing.bay.ninjaDeviceId}) of "${facility.slug}"`,
      );
    }
  }
}
