import { flaggedOf, formatRate } from './qualityWording.ts';

/**
 * An unhelpful rate as text and a bar. The bar is decoration (hidden from screen readers); the
 * percentage beside it carries the number.
 */
export function RateBar({ rate }: { rate: number | null }) {
  return (
    <span className="quality-rate">
      <span className="quality-rate-text">{formatRate(rate)}</span>
      <span className="quality-bar" aria-hidden="true">
        <span className="quality-bar-fill" style={{ width: `${Math.round((rate ?? 0) * 100)}%` }} />
      </span>
    </span>
  );
}

/** The three count cells every rates table row ends with: replies, marked unhelpful, and the rate. */
export function RateCells({
  counts,
}: {
  counts: { replies: number; flagged: number; unhelpfulRate: number | null };
}) {
  return (
    <>
      <td>{counts.replies}</td>
      <td>{flaggedOf(counts)}</td>
      <td>
        <RateBar rate={counts.unhelpfulRate} />
      </td>
    </>
  );
}
