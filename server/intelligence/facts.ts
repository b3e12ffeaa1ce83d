import { z } from 'zod';

// Facility facts: the values an SOP may quote (prices, hours, phone numbers, links). They live once, in
// the facility's settings jsonb under `facts`, and SOPs reference them as `{{facts.prices.standard_hour}}`
// instead of pasting copies that drift apart. The schema is the vocabulary: a placeholder is known only
// if it names a leaf of `facilityFactsSchema` or one of the `facility.*` keys below.
//
// A placeholder with no value (unset, or not in the vocabulary) renders as `[not set: <key>]`, never as
// an empty string: a reply that quotes it must be caught, and `unsetPlaceholders` finds every marker so
// a grounding check can refuse to treat it as a real value.

const text = (max: number) => z.string().trim().min(1).max(max);
const price = z
  .string()
  .trim()
  .regex(/^[^\d\s]{0,4}\s?\d[\d,]*(\.\d{2})?(\s?[A-Z]{3})?$/, {
    error: 'expected an amount like "$45" or "$45.00"',
  });
const phone = z
  .string()
  .trim()
  .regex(/^\+?[\d\s().-]{7,20}$/, { error: 'expected a phone number like "+1 902 555 0142"' });
const webUrl = z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' });
const whole = (max: number) => z.number().int().min(0).max(max);

export const facilityFactsSchema = z.strictObject({
  address: text(200).optional(),
  parking: text(300).optional(),
  hours: text(300).optional(),
  holiday_hours: text(300).optional(),
  staffed_hours: text(300).optional(),
  peak_times: text(200).optional(),
  phone: z.strictObject({ staff: phone.optional(), on_call: phone.optional() }).optional(),
  email: z.email({ error: 'expected an email address' }).optional(),
  instagram: z
    .string()
    .trim()
    .regex(/^@[A-Za-z0-9._]{1,30}$/, { error: 'expected a handle like "@clubbedford"' })
    .optional(),
  urls: z
    .strictObject({
      website: webUrl.optional(),
      booking: webUrl.optional(),
      gift_cards: webUrl.optional(),
      events: webUrl.optional(),
    })
    .optional(),
  prices: z
    .strictObject({
      standard_hour: price.optional(),
      peak_hour: price.optional(),
      off_peak_hour: price.optional(),
      club_rental: price.optional(),
      lesson: price.optional(),
      league_season: price.optional(),
    })
    .optional(),
  memberships: z.strictObject({ summary: text(400).optional(), perks: text(400).optional() }).optional(),
  late_grace_minutes: whole(120).optional(),
  cancellation_notice_hours: whole(24 * 14).optional(),
  code_lead_minutes: whole(24 * 60).optional(),
  bay_capacity: whole(50).optional(),
  unaccompanied_min_age: whole(25).optional(),
});

export type FacilityFacts = z.infer<typeof facilityFactsSchema>;

/** The facility row's own columns that SOPs may quote. */
export type SopFacility = { name: string; timezone: string; phoneNumber: string };

const facilityKeys = {
  'facility.name': (f: SopFacility) => f.name,
  'facility.phone': (f: SopFacility) => f.phoneNumber,
  'facility.timezone': (f: SopFacility) => f.timezone,
} as const;

function leafPaths(shape: Record<string, z.ZodType>, prefix: string): string[] {
  return Object.entries(shape).flatMap(([name, field]) => {
    const inner = field instanceof z.ZodOptional ? field.unwrap() : field;
    const path = `${prefix}.${name}`;
    return inner instanceof z.ZodObject ? leafPaths(inner.shape, path) : [path];
  });
}

/** Every key a placeholder may name, e.g. `facility.name`, `facts.prices.standard_hour`. */
export const placeholderKeys: readonly string[] = [
  ...Object.keys(facilityKeys),
  ...leafPaths(facilityFactsSchema.shape, 'facts'),
];

const known = new Set(placeholderKeys);

export function isKnownPlaceholder(key: string): boolean {
  return known.has(key);
}

// Anything between double braces counts, so a misspelt or malformed key is reported, not left as text.
const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;
const MARKER = /\[not set: ([^\]]*)\]/g;

export function missingMarker(key: string): string {
  return `[not set: ${key}]`;
}

/** The keys a document's placeholders name, in first-use order, without repeats. */
export function listPlaceholders(markdown: string): string[] {
  return [...new Set(Array.from(markdown.matchAll(PLACEHOLDER), (m) => m[1] ?? ''))];
}

function factValue(facts: FacilityFacts, key: string): string | undefined {
  if (!known.has(key) || !key.startsWith('facts.')) return undefined;
  let value: unknown = facts;
  for (const part of key.slice('facts.'.length).split('.')) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  return undefined;
}

function placeholderValue(key: string, facts: FacilityFacts, facility: SopFacility): string | undefined {
  if (Object.hasOwn(facilityKeys, key)) {
    const value = facilityKeys[key as keyof typeof facilityKeys](facility).trim();
    return value === '' ? undefined : value;
  }
  return factValue(facts, key);
}

/**
 * Fills an SOP's placeholders from the facility's facts in one pass (a value that itself contains
 * braces is not expanded again). A key with no value, or one outside the vocabulary, becomes
 * `[not set: <key>]`.
 */
export function renderSop(markdown: string, facts: FacilityFacts, facility: SopFacility): string {
  return markdown.replace(
    PLACEHOLDER,
    (_whole, key: string) => placeholderValue(key, facts, facility) ?? missingMarker(key),
  );
}

/** The keys left as `[not set: …]` markers in rendered text: none of them is a real value. */
export function unsetPlaceholders(rendered: string): string[] {
  return [...new Set(Array.from(rendered.matchAll(MARKER), (m) => m[1] ?? ''))];
}

/**
 * Reads `settings.facts` tolerantly: a bad or unknown entry is dropped (and named in `problems`) so one
 * typo costs one fact, not all of them. A value dropped here renders as a `[not set: …]` marker.
 */
export function readFacts(settings: Record<string, unknown>): { facts: FacilityFacts; problems: string[] } {
  const raw = settings.facts ?? {};
  const first = facilityFactsSchema.safeParse(raw);
  if (first.success) return { facts: first.data, problems: [] };
  const problems = first.error.issues.map((issue) => {
    const at = ['facts', ...issue.path.map(String)].join('.');
    return issue.code === 'unrecognized_keys'
      ? `${at}: unknown ${issue.keys.join(', ')}`
      : `${at}: ${issue.message}`;
  });
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { facts: {}, problems };
  const pruned = structuredClone(raw) as Record<string, unknown>;
  for (const issue of first.error.issues) {
    const path = issue.path.map(String);
    const names = issue.code === 'unrecognized_keys' ? issue.keys : path.splice(-1);
    let parent: unknown = pruned;
    for (const part of path) parent = (parent as Record<string, unknown> | undefined)?.[part];
    if (typeof parent !== 'object' || parent === null) continue;
    for (const name of names) delete (parent as Record<string, unknown>)[name];
  }
  const second = facilityFactsSchema.safeParse(pruned);
  return { facts: second.success ? second.data : {}, problems };
}

/** Realistic facts for the demo facility in Bedford, Nova Scotia (fictional 555 numbers, example.com). */
export const exampleFacts = {
  address: '1 Example Way, Unit 4, Bedford, NS',
  parking: 'Free parking in the front lot; the entrance is the glass door under the green sign.',
  hours: 'Open 24 hours a day, 7 days a week, for booked guests and members.',
  holiday_hours: 'Open 24/7 on every holiday, including Christmas Day. Staff reply more slowly on holidays.',
  staffed_hours: 'Staff are on site Monday to Friday 4pm-10pm and weekends 10am-8pm.',
  peak_times: 'weekdays after 4pm and all day Saturday and Sunday',
  phone: { staff: '+1 902 555 0142', on_call: '+1 902 555 0199' },
  email: 'hello@clubbedford.example.com',
  instagram: '@clubbedford',
  urls: {
    website: 'https://clubbedford.example.com',
    booking: 'https://book.clubbedford.example.com',
    gift_cards: 'https://clubbedford.example.com/gift-cards',
    events: 'https://clubbedford.example.com/events',
  },
  prices: {
    standard_hour: '$45',
    peak_hour: '$60',
    off_peak_hour: '$35',
    club_rental: '$10',
    lesson: '$85',
    league_season: '$240',
  },
  memberships: {
    summary:
      'Range membership $79/month: 4 off-peak hours a month. Unlimited membership $199/month: unlimited off-peak hours and 10% off peak hours.',
    perks: 'Members book 14 days ahead (others 7), bring a guest for free off-peak, and get 10% off lessons.',
  },
  late_grace_minutes: 10,
  cancellation_notice_hours: 24,
  code_lead_minutes: 10,
  bay_capacity: 6,
  unaccompanied_min_age: 16,
} satisfies FacilityFacts;
