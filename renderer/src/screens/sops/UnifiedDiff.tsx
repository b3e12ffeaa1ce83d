import { diffLineKind } from './sopWording.ts';

/** A unified diff as text, each line marked by its kind (its + or − says it too, not colour alone). */
export function UnifiedDiff({ diff, testId }: { diff: string; testId: string }) {
  return (
    <pre className="sop-diff-text" data-testid={testId}>
      {diff.split('\n').map((line, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: lines of a fixed text, never reordered
        <span key={index} className="sop-diff-line" data-kind={diffLineKind(line)}>
          {line}
          {'\n'}
        </span>
      ))}
    </pre>
  );
}
