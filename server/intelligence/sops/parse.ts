import { type SopAgent, sopAgents, sopFolderOf } from '../../../shared/sops.ts';
import { DomainError } from '../../errors.ts';

// An SOP is one markdown file: a `# Title`, then `## Section`s. Agents retrieve sections, not whole
// files, so the split decides what a search can return; a section's heading weighs most in the index.

export const MAX_SOP_BYTES = 16 * 1024;

export type SopSection = { ordinal: number; heading: string; body: string };

export type ParsedSop = {
  agent: SopAgent;
  title: string;
  /** The content as stored: line endings normalised, so a Windows checkout is not a "change". */
  content: string;
  sections: SopSection[];
};

const agentByFolder = new Map<string, SopAgent>(sopAgents.map((agent) => [sopFolderOf(agent), agent]));
const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*\.md$/;

const invalid = (path: string, problem: string) => new DomainError('invalid_input', `${path}: ${problem}`);

/** The agent an SOP path belongs to; refuses anything but `<agent folder>/<name>.md`. */
export function agentOfPath(path: string): SopAgent {
  const parts = path.split('/');
  if (path.includes('\\') || parts.some((part) => part === '..' || part === '.' || part === '')) {
    throw invalid(path, 'expected a path like "booking/door-access.md" (no "..", no backslashes)');
  }
  const [folder, name] = parts;
  const agent = folder === undefined ? undefined : agentByFolder.get(folder);
  if (parts.length !== 2 || !agent) {
    const folders = sopAgents.map((each) => `${sopFolderOf(each)}/`).join(', ');
    throw invalid(path, `SOPs live directly in one of the agent folders ${folders}`);
  }
  if (!name?.endsWith('.md')) throw invalid(path, 'SOPs are markdown files ending in .md');
  if (!FILE_NAME.test(name)) {
    throw invalid(path, 'file names use letters, digits, ".", "_" and "-" and do not start with "."');
  }
  return agent;
}

export function normaliseContent(markdown: string): string {
  return markdown.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
}

/** Splits an SOP at its `##` headings; text between the title and the first `##` is an intro section. */
export function parseSop(path: string, markdown: string): ParsedSop {
  const agent = agentOfPath(path);
  if (Buffer.byteLength(markdown, 'utf8') > MAX_SOP_BYTES) {
    throw invalid(path, `is larger than ${MAX_SOP_BYTES / 1024} KB; split it into smaller SOPs`);
  }
  // PostgreSQL cannot store NUL in text.
  if (markdown.includes('\u0000')) throw invalid(path, 'contains a NUL character');
  const content = normaliseContent(markdown);

  let title: string | undefined;
  const intro: string[] = [];
  const sections: { heading: string; lines: string[] }[] = [];
  let inFence = false;
  for (const [index, line] of content.split('\n').entries()) {
    // A `## ` inside a fenced code block is an example, not a heading.
    if (/^\s*(```|~~~)/.test(line)) inFence = !inFence;
    const heading = inFence ? null : line.match(/^(#{1,2})(?:\s+(.*?))?\s*#*\s*$/);
    if (heading && heading[1] === '#' && title === undefined) {
      title = heading[2]?.trim() ?? '';
      if (!title) throw invalid(path, `line ${index + 1}: the "# " title needs text`);
      continue;
    }
    if (heading && heading[1] === '##') {
      const text = heading[2]?.trim() ?? '';
      if (!text) throw invalid(path, `line ${index + 1}: a "## " heading needs text`);
      sections.push({ heading: text, lines: [] });
      continue;
    }
    (sections.at(-1)?.lines ?? intro).push(line);
  }
  if (title === undefined) throw invalid(path, 'has no "# Title" line');

  const introBody = intro.join('\n').trim();
  const all = [
    ...(introBody ? [{ heading: title, body: introBody }] : []),
    ...sections.map((section) => ({ heading: section.heading, body: section.lines.join('\n').trim() })),
  ];
  if (all.length === 0) throw invalid(path, 'has no text beyond its title');
  return { agent, title, content, sections: all.map((section, ordinal) => ({ ordinal, ...section })) };
}
