import type { z } from 'zod';
import type { ConfigIssue } from '../errors';

/**
 * Turns zod issues into {@link ConfigIssue}s that name the option (a dotted path such as
 * `session.password`) or, through `names`, the variable it came from; never a value.
 */
export function configIssues(error: z.ZodError, names: Readonly<Record<string, string>> = {}): ConfigIssue[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String).join('.') || 'options';
    const top = String(issue.path[0] ?? '');
    return { variable: names[path] ?? names[top] ?? path, message: issue.message };
  });
}

/** Environment values that are set but blank count as unset (`NETID_ISSUER=` falls back to the default). */
export function withoutBlank(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined && e[1].trim() !== ''));
}
