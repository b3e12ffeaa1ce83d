import { useEffect, useState } from 'react';

/**
 * The time, ticking once a second, for elapsed times and cooldowns counting down. A local clock,
 * not a poll: nothing is asked of the server.
 */
export function useNow(intervalMs = 1_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
