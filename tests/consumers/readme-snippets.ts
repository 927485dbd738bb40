/**
 * The README's "Install it in your app" section as data, for the first-hour consumer test: per
 * subsection (`### Next.js …`, `### Express …`) its shell commands (the first ```sh block, one
 * command per line, comments kept: bash drops them) and its files (every fenced block whose first
 * line is a `// <path>` comment naming a file). A README change that breaks a partner breaks the test.
 */
import fs from 'node:fs';
import path from 'node:path';

/** One subsection of the install section. */
export interface InstallSteps {
  /** The shell lines, in order, without blank lines and whole-line comments. */
  commands: string[];
  /** Path (relative to the app) → content, in README order. */
  files: Map<string, string>;
}

const FENCE = /^```(\w+)?[^\n]*\n([\s\S]*?)^```\s*$/gm;
const PATH_COMMENT = /^\/\/\s*((?:[\w.@[\]-]+\/)*[\w.@[\]-]+\.(?:tsx?|jsx?|mjs|cjs))(?=[\s:(]|$)/;

/** The text of `## Install it in your app` up to the next `## ` heading. */
export function installSection(readme: string): string {
  const start = readme.indexOf('\n## Install it in your app\n');
  if (start < 0) throw new Error('README.md: no "## Install it in your app" section');
  const end = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, end < 0 ? undefined : end);
}

/** The steps of the subsection whose `### ` heading starts with `heading`. */
export function installSteps(readme: string, heading: string): InstallSteps {
  const section = installSection(readme);
  const start = section.indexOf(`\n### ${heading}`);
  if (start < 0) throw new Error(`README.md install section: no "### ${heading}" subsection`);
  const end = section.indexOf('\n### ', start + 1);
  const text = section.slice(start, end < 0 ? undefined : end);
  const commands: string[] = [];
  const files = new Map<string, string>();
  for (const [, lang = '', body = ''] of text.matchAll(FENCE)) {
    if (lang === 'sh' && commands.length === 0) {
      commands.push(...body.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#')));
      continue;
    }
    const first = PATH_COMMENT.exec(body.split('\n', 1)[0]!.trim());
    if (first) files.set(first[1]!, body);
  }
  if (commands.length === 0) throw new Error(`README.md "### ${heading}": no sh block of commands`);
  if (files.size === 0) throw new Error(`README.md "### ${heading}": no file blocks (first line "// <path>")`);
  return { commands, files };
}

/** The one command whose shell part (before a `#` comment) contains `needle` (e.g. `netid-rp dev-stack`); throws unless exactly one does. */
export function command(steps: InstallSteps, needle: string): string {
  const matching = steps.commands.filter((c) => c.replace(/\s#.*$/, '').includes(needle));
  if (matching.length > 1) throw new Error(`README.md: more than one install command with "${needle}": ${JSON.stringify(matching)}`);
  const found = matching[0];
  if (!found) throw new Error(`README.md: no install command with "${needle}" in ${JSON.stringify(steps.commands)}`);
  return found;
}

/** Writes the files of `steps` into `root`. */
export function writeFiles(steps: InstallSteps, root: string): void {
  for (const [file, content] of steps.files) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), content);
  }
}
