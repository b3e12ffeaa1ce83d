import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  exampleFacts,
  isKnownPlaceholder,
  listPlaceholders,
  placeholderKeys,
  renderSop,
  unsetPlaceholders,
} from './facts.ts';

// Checks the SOP markdown in the repository (version 1 of every SOP) against the rules in sops/README.md:
// sections that stand alone, facility facts only through placeholders, replies that fit a text.

const SOPS = fileURLToPath(new URL('../../sops/', import.meta.url));
const AGENTS = ['emergency', 'booking', 'tech-support', 'brand'] as const;
const MAX_SECTION_CHARS = 1_500;
const MAX_SMS_CHARS = 320;
const bedford = { name: 'Club Bedford', timezone: 'America/Halifax', phoneNumber: '+19025550100' };

type Section = { heading: string; body: string };
type SopFile = { path: string; text: string; titles: string[]; preamble: string; sections: Section[] };

function parse(path: string): SopFile {
  const text = readFileSync(path, 'utf8');
  const titles: string[] = [];
  const sections: Section[] = [];
  const preamble: string[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('# ')) titles.push(line.slice(2).trim());
    else if (line.startsWith('## ')) sections.push({ heading: line.slice(3).trim(), body: '' });
    else {
      const current = sections.at(-1);
      if (current) current.body += `${line}\n`;
      else preamble.push(line);
    }
  }
  for (const section of sections) section.body = section.body.trim();
  return { path: relative(SOPS, path), text, titles, preamble: preamble.join('\n').trim(), sections };
}

function markdownFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return markdownFiles(path);
    return name.endsWith('.md') ? [path] : [];
  });
}

const files = markdownFiles(SOPS)
  .filter((path) => relative(SOPS, path) !== 'README.md')
  .map(parse);

// Facts come from settings, so none may be written out in an SOP.
const pasted = {
  price: /\$\s?\d/,
  phone: /(?:\+?1[\s.-]?)?\(?\b\d{3}\)?[\s.-]?\d{3}[\s.-]\d{4}\b|\b\d{3}[\s.-]\d{4}\b|\+\d{7,}/,
  url: /\bhttps?:\/\/|\bwww\.|\b[a-z0-9-]+\.(?:com|ca|net|org|io|co|app|golf)\b/i,
  email: /[\w.+-]+@[\w-]+\.[\w.]+/,
  handle: /(?:^|\s)@\w/,
} as const;

describe('the pasted-fact detectors', () => {
  it('catch what they are for, and leave ordinary text alone', () => {
    expect('Bays are $45 an hour').toMatch(pasted.price);
    expect('Call +1 902 555 0142').toMatch(pasted.phone);
    expect('Call (902) 555-0142').toMatch(pasted.phone);
    expect('Call 555-0142').toMatch(pasted.phone);
    expect('Text +19025550100').toMatch(pasted.phone);
    expect('Book at https://book.example.com').toMatch(pasted.url);
    expect('see clubbedford.ca').toMatch(pasted.url);
    expect('mail hello@example.com').toMatch(pasted.email);
    expect('follow @clubbedford').toMatch(pasted.handle);
    const ordinary =
      'Call 911. Wait 30 seconds, hit 3 more shots, play 9 holes; a bay fits {{facts.bay_capacity}}.';
    for (const pattern of Object.values(pasted)) expect(ordinary).not.toMatch(pattern);
  });
});

describe('the SOPs in sops/', () => {
  it.each(AGENTS)('has a %s folder with at least three SOPs', (agent) => {
    expect(files.filter((file) => file.path.startsWith(`${agent}/`)).length).toBeGreaterThanOrEqual(3);
  });

  it('keeps every SOP in one of the agent folders', () => {
    const outside = files.filter((file) => !AGENTS.some((agent) => file.path.startsWith(`${agent}/`)));
    expect(outside.map((file) => file.path)).toEqual([]);
  });

  it.each(files.map((file) => [file.path, file] as const))(
    '%s: one title, then sections only',
    (_path, file) => {
      expect(file.text.startsWith('# '), 'starts with a "# " title').toBe(true);
      expect(file.titles).toHaveLength(1);
      expect(file.preamble, 'text before the first section belongs to no section').toBe('');
      expect(file.sections.length).toBeGreaterThanOrEqual(2);
      const headings = file.sections.map((section) => section.heading);
      expect(new Set(headings).size, 'section headings are unique').toBe(headings.length);
      for (const section of file.sections) expect(section.body, section.heading).not.toBe('');
    },
  );

  it.each(files.map((file) => [file.path, file] as const))('%s: only known placeholders', (_path, file) => {
    expect(listPlaceholders(file.text).filter((key) => !isKnownPlaceholder(key))).toEqual([]);
  });

  it.each(files.map((file) => [file.path, file] as const))('%s: no pasted facts', (_path, file) => {
    const found = Object.entries(pasted).flatMap(([kind, pattern]) => {
      const match = file.text.match(pattern);
      return match ? [`${kind}: ${match[0]}`] : [];
    });
    expect(found).toEqual([]);
  });

  it.each(files.map((file) => [file.path, file] as const))(
    '%s: sections stay short once filled in',
    (_p, file) => {
      for (const section of file.sections) {
        const rendered = renderSop(section.body, exampleFacts, bedford);
        expect(rendered.length, section.heading).toBeLessThan(MAX_SECTION_CHARS);
        expect(unsetPlaceholders(rendered), section.heading).toEqual([]);
        expect(section.body, `${section.heading} stands alone`).not.toMatch(/\b(see|as) (above|below)\b/i);
      }
    },
  );

  it.each(files.map((file) => [file.path, file] as const))('%s: example replies fit one text', (_p, file) => {
    for (const [, reply = ''] of file.text.matchAll(/^Example reply: "(.*)"$/gm)) {
      const rendered = renderSop(reply, exampleFacts, bedford);
      expect(rendered.length, rendered).toBeLessThanOrEqual(MAX_SMS_CHARS);
      expect(rendered, 'plain text').not.toMatch(/[*#`]|\]\(/);
    }
  });

  it('puts "call 911" first in every emergency SOP', () => {
    for (const file of files.filter((f) => f.path.startsWith('emergency/'))) {
      expect(file.text.toLowerCase(), file.path).toContain('call 911 if anyone is hurt or in danger');
    }
    const first = files.find((file) => file.path === 'emergency/basics.md')?.sections[0];
    expect(first?.body).toMatch(
      /Start every emergency reply with: "Call 911 if anyone is hurt or in danger\."/,
    );
  });
});

describe('sops/README.md', () => {
  it('documents exactly the placeholder vocabulary', () => {
    const readme = readFileSync(join(SOPS, 'README.md'), 'utf8');
    const documented = Array.from(readme.matchAll(/^\| `\{\{([^}]+)\}\}`/gm), (m) => m[1]);
    expect([...documented].sort()).toEqual([...placeholderKeys].sort());
  });
});
