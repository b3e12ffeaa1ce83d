// Words customers and staff read. Customer-facing replies stay within MAX_BOT_REPLY_LENGTH (320).

export function shortDate(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: 'short',
    day: 'numeric',
  }).format(at);
}

export function clockTime(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(at);
}

/** "+1 902-555-0100" for a North American number, the E.164 form otherwise. */
export function displayNumber(e164: string): string {
  const match = e164.match(/^\+1(\d{3})(\d{3})(\d{4})$/);
  return match ? `+1 ${match[1]}-${match[2]}-${match[3]}` : e164;
}

/** Enough of a customer's number for staff to recognise it in Slack, not enough to text it. */
export function maskedNumber(e164: string): string {
  return e164.length > 4 ? `…${e164.slice(-4)}` : e164;
}

type Facility = { name: string; phoneNumber: string | null };

export function optOutConfirmation(facility: Facility): string {
  return `${facility.name}: You're unsubscribed and will get no more texts from us. Reply START to resubscribe.`;
}

export function optInConfirmation(facility: Facility): string {
  return `${facility.name}: You're subscribed to texts again. Reply HELP for help, STOP to unsubscribe.`;
}

export function helpReply(facility: Facility): string {
  const call = facility.phoneNumber ? ` or call ${displayNumber(facility.phoneNumber)}` : '';
  return `${facility.name}: Reply to this text to reach our staff${call}. Reply STOP to unsubscribe.`;
}

export function deadLetterAlert(input: {
  facilityName: string;
  customerNumber: string;
  attempts: number;
  error: string;
}): { text: string } {
  return {
    text:
      `A text from ${input.facilityName} to ${maskedNumber(input.customerNumber)} was not sent after ` +
      `${input.attempts} attempt${input.attempts === 1 ? '' : 's'}: ${input.error}. ` +
      'Open the thread in ClubOS to retry it.',
  };
}
