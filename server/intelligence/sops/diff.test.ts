import { describe, expect, it } from 'vitest';
import { versionDiff } from './diff.ts';

describe('versionDiff', () => {
  it('is a unified diff with counts of added and removed lines', () => {
    const result = versionDiff(
      'booking/a.md',
      { version: 1, content: '# A\n## B\nold line\nsame\n' },
      { version: 2, content: '# A\n## B\nnew line\nanother\nsame\n' },
    );
    expect(result).toMatchObject({ added: 2, removed: 1 });
    expect(result.diff).toContain('--- booking/a.md (v1)');
    expect(result.diff).toContain('+++ booking/a.md (v2)');
    expect(result.diff).toContain('-old line\n+new line\n+another\n');
  });

  it('shows version 1 as all added, and identical content as no diff', () => {
    const first = versionDiff('booking/a.md', null, { version: 1, content: '# A\ntext\n' });
    expect(first).toMatchObject({ added: 2, removed: 0 });
    expect(first.diff).toContain('--- /dev/null');
    const same = { version: 1, content: '# A\n' };
    expect(versionDiff('booking/a.md', same, { ...same, version: 2 })).toEqual({
      diff: '',
      added: 0,
      removed: 0,
    });
  });
});
