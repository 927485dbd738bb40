/**
 * Local ESLint rules that keep the folders of lib/ apart:
 * - `module-boundaries/index-only`: code outside a module of lib/ (lib/<name>, or lib/adapters/<name>)
 *   imports it only through its index.ts (the public entry: what partners get) or its internal.ts
 *   (the internal index: what sibling folders need and partners do not), never another file inside it;
 * - `module-boundaries/public-index-not-internal`: a public entry (a module's index.ts, lib/index.ts)
 *   never re-exports from an internal index, so nothing internal leaks into what the package exports
 *   (it may import one to implement what it exports);
 * - `module-boundaries/no-testing-in-production`: lib/ and app/ never import the companion package
 *   `netid-rp-testing` (by name or by a path into packages/), the simulators' own dependencies, and
 *   (outside lib/testing) lib/testing or `netid-rp/testing`;
 * - `module-boundaries/companion-public-entries`: the companion (packages/netid-rp-testing) uses
 *   netid-rp as a partner does, through its entry points (`netid-rp`, `netid-rp/permission-center`,
 *   …), never a path out of its own folder (lib/, an internal index);
 * - `module-boundaries/package-entry-only`: the reference app (app/) uses the library as a partner's
 *   app does, through the package's entry points (`netid-rp`, `netid-rp/next`, … : the `exports` of
 *   package.json, mapped to their sources by tsconfig `paths`), never a file of lib/.
 * Tests may reach inside modules (they test internals); everything else may not.
 */
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');
/** Packages only the simulators need; production code must not pull them in. */
const TESTING_ONLY_PACKAGES = ['oidc-provider', 'koa', '@koa/', '@types/koa', '@peculiar/x509', 'reflect-metadata'];
/** The companion package: its name, and its folder in this repository. */
const COMPANION_NAME = 'netid-rp-testing';
const COMPANION_DIR = path.join(ROOT, 'packages', COMPANION_NAME);

const PACKAGE = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
/** `netid-rp`, `netid-rp/next`, …: the specifiers the package's `exports` allow. */
const ENTRY_SPECIFIERS = new Set(
  Object.keys(PACKAGE.exports ?? {})
    .filter((key) => key !== './package.json')
    .map((key) => (key === '.' ? PACKAGE.name : `${PACKAGE.name}/${key.slice(2)}`)),
);

/** The absolute path a specifier points at inside the repo, or undefined for packages. */
function target(file, spec) {
  if (spec.startsWith('@/')) return path.resolve(ROOT, spec.slice(2));
  if (spec.startsWith('.')) return path.resolve(path.dirname(file), spec);
  return undefined;
}

/** `lib/<name>` or `lib/adapters/<name>` containing `abs`, as a repo-relative folder; undefined outside lib/. */
function moduleOf(abs) {
  const rel = path.relative(ROOT, abs).split(path.sep);
  if (rel[0] !== 'lib' || rel.length < 2) return undefined;
  const depth = rel[1] === 'adapters' ? 3 : 2;
  if (rel.length < depth) return undefined;
  return rel.slice(0, depth).join('/').replace(/\.tsx?$/, '');
}

/** The module's public entry (`<mod>/index.ts`) or its internal index (`<mod>/internal.ts`). */
function isModuleRoot(abs, mod) {
  const rel = path.relative(ROOT, abs).replace(/\.tsx?$/, '');
  return rel === mod || rel === `${mod}/index` || rel === `${mod}/internal`;
}

/** True for an internal index: `lib/<name>/internal.ts` or `lib/adapters/<name>/internal.ts`. */
function isInternalIndex(abs) {
  const mod = moduleOf(abs);
  return mod !== undefined && path.relative(ROOT, abs).replace(/\.tsx?$/, '') === `${mod}/internal`;
}

/** True for a public entry: lib/index.ts or a module's index.ts. */
function isPublicIndex(file) {
  const rel = path.relative(ROOT, file).replace(/\.tsx?$/, '');
  if (rel === 'lib/index') return true;
  const mod = moduleOf(file);
  return mod !== undefined && rel === `${mod}/index`;
}

function specifiers(node) {
  if (node.type === 'ImportDeclaration' || node.type === 'ExportAllDeclaration' || node.type === 'ExportNamedDeclaration') {
    return node.source ? [node.source] : [];
  }
  if (node.type === 'ImportExpression' && node.source.type === 'Literal') return [node.source];
  // `typeof import('x')` in a type: the same dependency as an import declaration.
  if (node.type === 'TSImportType') {
    const source = node.source ?? node.argument?.literal;
    return source?.type === 'Literal' ? [source] : [];
  }
  return [];
}

function visitor(context, check) {
  const file = context.filename;
  const visit = (node) => {
    for (const source of specifiers(node)) if (typeof source.value === 'string') check(source, source.value, file);
  };
  return { ImportDeclaration: visit, ExportAllDeclaration: visit, ExportNamedDeclaration: visit, ImportExpression: visit, TSImportType: visit };
}

const indexOnly = {
  meta: { type: 'problem', messages: { deep: "Import '{{mod}}' through its index.ts, not '{{spec}}'." }, schema: [] },
  create(context) {
    return visitor(context, (source, spec, file) => {
      const abs = target(file, spec);
      if (!abs) return;
      const mod = moduleOf(abs);
      if (!mod || moduleOf(file) === mod || isModuleRoot(abs, mod)) return;
      context.report({ node: source, messageId: 'deep', data: { mod, spec } });
    });
  },
};

const publicIndexNotInternal = {
  meta: {
    type: 'problem',
    messages: { internal: "A public entry must not re-export from the internal index '{{spec}}': export it from the public index, or keep it internal." },
    schema: [],
  },
  create(context) {
    if (!isPublicIndex(context.filename)) return {};
    const check = (node) => {
      if (!node.source || typeof node.source.value !== 'string') return;
      const abs = target(context.filename, node.source.value);
      if (abs !== undefined && isInternalIndex(abs)) context.report({ node: node.source, messageId: 'internal', data: { spec: node.source.value } });
    };
    return { ExportAllDeclaration: check, ExportNamedDeclaration: check };
  },
};

const noTestingInProduction = {
  meta: { type: 'problem', messages: { testing: "Production code must not import '{{spec}}' (test and dev tooling only)." }, schema: [] },
  create(context) {
    const inTesting = moduleOf(context.filename) === 'lib/testing';
    return visitor(context, (source, spec, file) => {
      const abs = target(file, spec);
      const intoTesting = !inTesting && abs !== undefined && moduleOf(abs) === 'lib/testing';
      const intoCompanion = abs !== undefined && (abs === COMPANION_DIR || abs.startsWith(`${COMPANION_DIR}${path.sep}`));
      const testingPackage =
        abs === undefined &&
        ((!inTesting && spec === `${PACKAGE.name}/testing`) ||
          spec === COMPANION_NAME ||
          spec.startsWith(`${COMPANION_NAME}/`) ||
          TESTING_ONLY_PACKAGES.some((p) => spec === p || spec.startsWith(p.endsWith('/') ? p : `${p}/`)));
      if (intoTesting || intoCompanion || testingPackage) context.report({ node: source, messageId: 'testing', data: { spec } });
    });
  },
};

/** Reports `netid-rp/<x>` when `<x>` is not an entry point of the package (messageId `entry`). */
function reportNonEntry(context, source, spec, entries) {
  if ((spec === PACKAGE.name || spec.startsWith(`${PACKAGE.name}/`)) && !ENTRY_SPECIFIERS.has(spec)) {
    context.report({ node: source, messageId: 'entry', data: { spec, entries } });
  }
}

const packageEntryOnly = {
  meta: {
    type: 'problem',
    messages: {
      lib: "The app imports the library through the package's entry points ({{entries}}), not '{{spec}}'.",
      entry: "'{{spec}}' is not an entry point of the package ({{entries}}).",
    },
    schema: [],
  },
  create(context) {
    const entries = [...ENTRY_SPECIFIERS].join(', ');
    return visitor(context, (source, spec, file) => {
      const abs = target(file, spec);
      if (abs !== undefined) {
        const rel = path.relative(ROOT, abs).split(path.sep);
        if (rel[0] === 'lib') context.report({ node: source, messageId: 'lib', data: { spec, entries } });
        return;
      }
      reportNonEntry(context, source, spec, entries);
    });
  },
};

const companionPublicEntries = {
  meta: {
    type: 'problem',
    messages: {
      outside: "The companion imports netid-rp through its entry points ({{entries}}), not '{{spec}}' (a path out of packages/netid-rp-testing).",
      entry: "'{{spec}}' is not an entry point of netid-rp ({{entries}}).",
    },
    schema: [],
  },
  create(context) {
    const entries = [...ENTRY_SPECIFIERS].join(', ');
    return visitor(context, (source, spec, file) => {
      const abs = target(file, spec);
      if (abs !== undefined) {
        if (abs !== COMPANION_DIR && !abs.startsWith(`${COMPANION_DIR}${path.sep}`)) context.report({ node: source, messageId: 'outside', data: { spec, entries } });
        return;
      }
      reportNonEntry(context, source, spec, entries);
    });
  },
};

export default {
  rules: {
    'index-only': indexOnly,
    'public-index-not-internal': publicIndexNotInternal,
    'no-testing-in-production': noTestingInProduction,
    'package-entry-only': packageEntryOnly,
    'companion-public-entries': companionPublicEntries,
  },
};
