import { describe, expect, test } from 'vitest';
import { ConfigError, loadConfig } from '../../config.ts';

describe('quality watch configuration', () => {
  test('defaults: 20 replies, and 15 points more unhelpful than the version before', () => {
    expect(loadConfig({}).quality).toEqual({ minReplies: 20, maxRateIncrease: 0.15 });
  });

  test('both are read from the environment', () => {
    const config = loadConfig({ CLUBOS_QUALITY_MIN_REPLIES: '50', CLUBOS_QUALITY_MAX_RATE_INCREASE: '0.1' });
    expect(config.quality).toEqual({ minReplies: 50, maxRateIncrease: 0.1 });
  });

  test('a bad value stops start-up and names the variable', () => {
    expect(() => loadConfig({ CLUBOS_QUALITY_MIN_REPLIES: '0' })).toThrow(ConfigError);
    expect(() => loadConfig({ CLUBOS_QUALITY_MIN_REPLIES: '2.5' })).toThrow(/CLUBOS_QUALITY_MIN_REPLIES/);
    // A rate, not a percentage: 15 would mean "1500 points worse" and never alert.
    expect(() => loadConfig({ CLUBOS_QUALITY_MAX_RATE_INCREASE: '15' })).toThrow(
      /CLUBOS_QUALITY_MAX_RATE_INCREASE/,
    );
  });
});
