import { z } from 'zod';

// OpenPhone webhook bodies, read tolerantly (../shared/INTEGRATIONS.md): the legacy envelope wraps the
// object in `data.object`; the newer API's exact shape is unconfirmed, so `data` itself is accepted as
// the object too. `to` is a string in some versions and an array in others. Anything unreadable still
// yields a type ('unknown' at worst), because the raw event is kept and acknowledged either way.

const optionalText = z.string().nullish().catch(undefined);
const optionalTime = z
  .string()
  .nullish()
  .catch(undefined)
  .transform((value) => {
    if (!value) return undefined;
    const at = new Date(value);
    return Number.isNaN(at.getTime()) ? undefined : at;
  });

const objectSchema = z.looseObject({
  id: optionalText,
  from: optionalText,
  to: z
    .union([z.string(), z.array(z.string())])
    .nullish()
    .catch(undefined)
    .transform((value) =>
      value === undefined || value === null ? [] : Array.isArray(value) ? value : [value],
    ),
  direction: optionalText,
  body: optionalText,
  text: optionalText,
  status: optionalText,
  createdAt: optionalTime,
  // Present and null on an unanswered call; absent when the shape does not say.
  answeredAt: z.string().nullish().catch(undefined),
});

const envelopeSchema = z.looseObject({
  id: optionalText,
  type: z.string().min(1).max(200).catch('unknown'),
  createdAt: optionalTime,
  data: z.unknown().optional(),
});

export type WebhookObject = {
  id: string | undefined;
  from: string | undefined;
  to: string[];
  direction: 'incoming' | 'outgoing' | undefined;
  body: string;
  status: string | undefined;
  createdAt: Date | undefined;
  /** true: answered; false: explicitly unanswered (`answeredAt: null`); undefined: not said. */
  answered: boolean | undefined;
};

export type WebhookEnvelope = {
  eventId: string | undefined;
  type: string;
  createdAt: Date | undefined;
  object: WebhookObject;
};

export function parseEnvelope(json: unknown): WebhookEnvelope {
  const envelope = envelopeSchema.safeParse(json);
  if (!envelope.success) {
    return { eventId: undefined, type: 'unknown', createdAt: undefined, object: emptyObject() };
  }
  const data = envelope.data.data as { object?: unknown } | undefined;
  const candidate = data && typeof data === 'object' && 'object' in data ? data.object : data;
  const object = objectSchema.safeParse(candidate ?? {});
  return {
    eventId: envelope.data.id ?? undefined,
    type: envelope.data.type,
    createdAt: envelope.data.createdAt,
    object: object.success ? toObject(object.data, candidate) : emptyObject(),
  };
}

function toObject(parsed: z.infer<typeof objectSchema>, raw: unknown): WebhookObject {
  const direction = parsed.direction?.toLowerCase();
  const hasAnsweredAt = typeof raw === 'object' && raw !== null && 'answeredAt' in raw;
  return {
    id: parsed.id ?? undefined,
    from: parsed.from ?? undefined,
    to: parsed.to,
    direction:
      direction === 'incoming' || direction === 'inbound'
        ? 'incoming'
        : direction === 'outgoing' || direction === 'outbound'
          ? 'outgoing'
          : undefined,
    body: parsed.body ?? parsed.text ?? '',
    status: parsed.status?.toLowerCase() ?? undefined,
    createdAt: parsed.createdAt,
    answered: hasAnsweredAt ? Boolean(parsed.answeredAt) : undefined,
  };
}

function emptyObject(): WebhookObject {
  return {
    id: undefined,
    from: undefined,
    to: [],
    direction: undefined,
    body: '',
    status: undefined,
    createdAt: undefined,
    answered: undefined,
  };
}

/** PostgreSQL cannot store NUL in text or jsonb; a signed body carrying one must still be kept. */
export function parseJsonWithoutNul(text: string): unknown {
  return JSON.parse(text, (_key, value) =>
    typeof value === 'string' ? value.replaceAll('\u0000', '\uFFFD') : value,
  );
}
