import pg from 'pg';

export type InboxSeed = { threads: number; messagesPerThread: number };

/**
 * Fills a migrated database with a busy facility's inbox, set-based (a few statements, not a row at
 * a time). Thread i's ids are derived from i, so messages, counters and read markers can refer to each
 * other without a lookup. Threads' last texts are about 25 minutes apart over six months, and each
 * thread's texts minutes to an hour apart, so conversations interleave as they do at a real desk.
 */
export async function seedInbox(
  url: string,
  ids: { facilityId: string; me: string; colleague: string },
  seed: InboxSeed,
): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const { facilityId, me, colleague } = ids;
  try {
    await client.query('begin');
    await client.query("select set_config('bench.now', now()::text, true)");
    await client.query(CONTACTS, [facilityId, seed.threads]);
    await client.query(THREADS, [facilityId, me, colleague, seed.threads]);
    await client.query(MESSAGES, [facilityId, me, colleague, seed.threads, seed.messagesPerThread]);
    await client.query(THREAD_COUNTERS);
    await client.query(READ_MARKERS, [me, colleague]);
    await client.query('commit');
    // A live database has been vacuumed and analysed by autovacuum; a freshly loaded one has not,
    // and its missing statistics would make the measured plans unlike production's.
    await client.query('vacuum analyze contacts, threads, messages, thread_reads');
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}

// Every timestamp hangs off one anchor so the spread does not depend on how long the seed takes.
const NOW = "current_setting('bench.now')::timestamptz";
// An md5 with the version and variant nibbles of a v4 UUID, which the API's zod `uuid()` insists on.
const uuidOf = (text: string) =>
  `overlay(overlay(md5(${text}) placing '4' from 13) placing '8' from 17)::uuid`;
const contactId = (i: string) => uuidOf(`'bench-contact-' || ${i}`);
const threadId = (i: string) => uuidOf(`'bench-thread-' || ${i}`);
const messageId = (i: string, j: string) => uuidOf(`'bench-message-' || ${i} || '-' || ${j}`);

const CONTACTS = `
insert into contacts (id, facility_id, phone, name, created_at, updated_at)
select ${contactId('i')}, $1, '+1782' || lpad(i::text, 7, '0'),
       case when i % 3 = 0 then null else 'Customer ' || i end, ${NOW}, ${NOW}
from generate_series(1, $2::int) as i`;

// Status: 60% open, 15% pending, 20% resolved, 5% snoozed (until some day soon). One thread in
// seven is assigned to the benchmark user and another one in seven to a colleague. Counters and the
// last message are placeholders until the messages exist (THREAD_COUNTERS).
const THREADS = `
insert into threads (id, facility_id, contact_id, facility_number, customer_number, status,
                     assigned_to, snoozed_until, last_activity_at, created_at, updated_at)
select ${threadId('i')}, $1, ${contactId('i')}, '+19025550100',
       '+1782' || lpad(i::text, 7, '0'),
       case when i % 20 = 0 then 'snoozed' when i % 20 < 5 then 'resolved'
            when i % 20 < 8 then 'pending' else 'open' end,
       case when i % 7 = 0 then $2::uuid when i % 7 = 1 then $3::uuid end,
       case when i % 20 = 0 then ${NOW} + (1 + i % 30) * interval '1 day' end,
       ${NOW}, ${NOW}, ${NOW}
from generate_series(1, $4::int) as i`;

// Message j of thread i: inbound when (i + 7j) % 5 < 3 (about 60%), so every thread mixes both
// directions and about 60% of threads end on the customer's text. Inserted oldest first, so seq
// follows time as it does for live traffic.
const MESSAGES = `
with spread as (
  select i, j, (i + 7 * j) % 5 < 3 as inbound,
         ${NOW} - (i - 1) * interval '25 minutes' - (i * 7919 % 1000) * interval '1 second'
               - ($5::int - j) * (45 + i * 131 % 3600) * interval '1 second' as at
  from generate_series(1, $4::int) as i, generate_series(1, $5::int) as j
), numbered as (
  select *, case when inbound then count(*) filter (where inbound)
              over (partition by i order by j) end as ordinal
  from spread
)
insert into messages (id, thread_id, facility_id, direction, kind, body, provider_message_id,
                      provider_created_at, sort_at, status, sent_by_user_id, inbound_ordinal,
                      attempts, sent_at, delivered_at, created_at)
select ${messageId('i', 'j')}, ${threadId('i')}, $1,
       case when inbound then 'inbound' else 'outbound' end,
       case when inbound then 'customer' when (i + j) % 4 = 0 then 'ai' else 'staff' end,
       case when inbound then (array['Is bay ' || (1 + j % 2) || ' free tonight at ' || (5 + i % 5) || '?',
                                     'The simulator in my bay froze on the loading screen again.',
                                     'Can I move my booking to tomorrow, same time? Thanks!',
                                     'Door code is not working, I am standing outside.'])[1 + (i + j) % 4]
            else (array['Yes, bay ' || (1 + j % 2) || ' is yours. See you then!',
                        'Sorry about that, we are restarting it now; give it two minutes.',
                        'Done, your booking has moved. Reply STOP to opt out.'])[1 + (i + j) % 3] end,
       'AC' || md5('bench-provider-' || i || '-' || j), at, at,
       case when inbound then 'received' when j % 13 = 0 then 'sent' else 'delivered' end,
       case when not inbound and (i + j) % 4 <> 0 then (case when i % 2 = 0 then $2::uuid else $3::uuid end) end,
       ordinal,
       case when inbound then 0 else 1 end,
       case when not inbound then at end,
       case when not inbound and j % 13 <> 0 then at + interval '2 seconds' end,
       at
from numbered
order by at`;

// The thread row's denormalised fields, from its messages, so every invariant the server keeps
// (inbound_count, last_message_id, last_activity_at) holds. One open thread in eleven whose last
// text is the customer's waits on a person.
const THREAD_COUNTERS = `
update threads t
set inbound_count = m.inbound,
    last_message_id = m.last_id,
    last_activity_at = m.last_at,
    needs_human_since = case when t.status = 'open' and m.last_inbound
                              and right(t.customer_number, 7)::int % 11 = 0 then m.last_at end,
    created_at = m.first_at
from (
  select thread_id,
         count(*) filter (where direction = 'inbound') as inbound,
         (array_agg(id order by sort_at desc, seq desc))[1] as last_id,
         (array_agg(direction = 'inbound' order by sort_at desc, seq desc))[1] as last_inbound,
         max(sort_at) as last_at, min(sort_at) as first_at
  from messages group by thread_id
) m
where m.thread_id = t.id`;

// The benchmark user has read 80% of threads to the end, 10% up to their last text but one, and
// never opened the rest; the colleague has read every third thread, so thread_reads holds other
// people's markers too. The decile is i × 7 mod 10, so unread threads are spread over the list.
const READ_MARKERS = `
with numbered as (
  select id, inbound_count, last_message_id, last_activity_at,
         right(customer_number, 7)::int * 7 % 10 as decile, right(customer_number, 7)::int % 3 as third
  from threads
)
insert into thread_reads (user_id, thread_id, read_inbound_count, last_read_message_id, read_at)
select $1::uuid, id, case when decile < 8 then inbound_count else inbound_count - 1 end,
       case when decile < 8 then last_message_id end, last_activity_at
from numbered where decile < 9
union all
select $2::uuid, id, inbound_count, last_message_id, last_activity_at
from numbered where third = 0`;
