import { z } from 'zod';
import { DomainError } from '../errors.ts';
import { facilityFactsSchema } from '../intelligence/facts.ts';

const POSITIVE_INTEGER = 'expected a positive integer';

const text = (what = 'a non-empty string') =>
  z
    .string({ error: `expected ${what}` })
    .trim()
    .min(1, { error: `expected ${what}` })
    .max(200, { error: 'must be at most 200 characters' });

const positiveInteger = z
  .number({ error: POSITIVE_INTEGER })
  .int({ error: POSITIVE_INTEGER })
  .positive({ error: POSITIVE_INTEGER })
  .max(2_147_483_647, { error: 'must fit in a 32-bit integer' });

/** IANA names only: `Intl` would also take offsets like "+02:00", which have no daylight-saving rules. */
export function isIanaTimeZone(name: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(name)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

const baySchema = z.strictObject({
  number: positiveInteger,
  name: text(),
  ninjaDeviceId: positiveInteger,
});

// The script that restarts the simulator on a bay PC (see INTEGRATIONS.md), checked against NinjaOne at setup.
const actionsSchema = z.looseObject(
  { 'restart-sim': z.strictObject({ scriptId: positiveInteger }).optional() },
  { error: 'expected an object' },
);

const facilitySchema = z.strictObject({
  slug: z
    .string({ error: 'expected a string' })
    .regex(/^[a-z0-9-]+$/, { error: 'expected lower-case letters, digits and dashes (like "bedford")' })
    .max(64, { error: 'must be at most 64 characters' }),
  name: text(),
  timezone: z
    .string({ error: 'expected an IANA time zone (like "America/Halifax")' })
    .refine(isIanaTimeZone, { error: 'expected an IANA time zone (like "America/Halifax")' }),
  phoneNumber: z
    .string({ error: 'expected an E.164 phone number (like "+19025550100")' })
    .regex(/^\+[1-9]\d{7,14}$/, { error: 'expected an E.164 phone number (like "+19025550100")' }),
  openphoneNumberId: text('an OpenPhone number id (like "PNbedford")').optional(),
  bays: z.array(baySchema, { error: 'expected a list of bays' }),
  // Kept in the facility's settings column. Other keys stay free-form for later capabilities.
  actions: actionsSchema.optional(),
  // Free-form, except the facts the SOPs quote, which are checked so a typo is named, not silently unset.
  settings: z
    .looseObject({ facts: facilityFactsSchema.optional() }, { error: 'expected an object' })
    .optional(),
});

export const setupFileSchema = z
  .strictObject({
    facilities: z.array(facilitySchema, { error: 'expected a list of facilities' }).min(1, {
      error: 'expected at least one facility',
    }),
  })
  .superRefine((file, ctx) => {
    const firstIndex = (seen: Map<string, number>, key: string, index: number) => {
      const earlier = seen.get(key);
      if (earlier === undefined) seen.set(key, index);
      return earlier;
    };
    const slugs = new Map<string, number>();
    const phones = new Map<string, number>();
    file.facilities.forEach((facility, f) => {
      const slugTwin = firstIndex(slugs, facility.slug, f);
      if (slugTwin !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['facilities', f, 'slug'],
          message: `"${facility.slug}" is already used by facilities[${slugTwin}]`,
        });
      }
      const phoneTwin = firstIndex(phones, facility.phoneNumber, f);
      if (phoneTwin !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['facilities', f, 'phoneNumber'],
          message: `${facility.phoneNumber} is already used by facilities[${phoneTwin}]`,
        });
      }
      const numbers = new Map<string, number>();
      facility.bays.forEach((bay, b) => {
        const twin = firstIndex(numbers, String(bay.number), b);
        if (twin !== undefined) {
          ctx.addIssue({
            code: 'custom',
            path: ['facilities', f, 'bays', b, 'number'],
            message: `bay number ${bay.number} is already used by facilities[${f}].bays[${twin}]`,
          });
        }
      });
    });
  });

export type SetupFile = z.infer<typeof setupFileSchema>;
export type FacilitySetup = SetupFile['facilities'][number];

// Enough to fix a file in one go without burying the first problem.
const MAX_REPORTED_ISSUES = 10;

/** Parses and validates a setup file; any problem is a DomainError naming the field path. */
export function parseSetupFile(text: string): SetupFile {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new DomainError('invalid_input', `The setup file is not valid JSON: ${detail}`);
  }
  const parsed = setupFileSchema.safeParse(data);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.flatMap((issue) => describeIssue(issue, data));
  const shown = lines.slice(0, MAX_REPORTED_ISSUES);
  if (lines.length > shown.length) shown.push(`… and ${lines.length - shown.length} more`);
  const message =
    shown.length === 1 ? `Invalid setup file: ${shown[0]}` : `Invalid setup file:\n  ${shown.join('\n  ')}`;
  throw new DomainError('invalid_input', message, { issues: lines });
}

function describeIssue(issue: z.core.$ZodIssue, data: unknown): string[] {
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => `${formatPath([...issue.path, key])}: unknown field`);
  }
  const message =
    issue.code === 'invalid_type' && isMissing(data, issue.path) ? 'is required' : issue.message;
  return [`${formatPath(issue.path)}: ${message}`];
}

/** `["facilities", 0, "bays", 1, "name"]` → `facilities[0].bays[1].name`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out || '(top level)';
}

function isMissing(data: unknown, path: readonly PropertyKey[]): boolean {
  let node = data;
  for (const part of path) {
    if (node === null || typeof node !== 'object' || !(part in node)) return true;
    node = (node as Record<PropertyKey, unknown>)[part];
  }
  return false;
}
