import { NetIdError, type ErrorAnswer } from './netid-error';

/** One configuration problem, naming the option or variable but never echoing its value. */
export interface ConfigIssue {
  /** The option path (`session.password`) or environment variable (`SESSION_PASSWORD`). */
  variable: string;
  message: string;
}

/**
 * The one code of a configuration problem, in every family (sign-in, Permission Center, M2M): a
 * {@link ConfigError} carries it. No other code list defines it.
 */
export type ConfigErrorCode = 'config_invalid';

/** What a route answers a {@link ConfigError} with, unless the error names its own wording. */
const DEFAULT_ANSWER = 'The service is not configured correctly.';

/**
 * Thrown when options or the environment do not form a valid configuration; lists every problem
 * at once in `issues` and in the message, naming each option and never echoing a value.
 * Routes answer it 500 `config_invalid` without the list (that is for the operator's log).
 */
export class ConfigError extends NetIdError<ConfigErrorCode> {
  /** Every problem found, in order. */
  readonly issues: ConfigIssue[];
  /** The safe sentence a route answers with (the issues are for the operator's log). */
  readonly answer: string;

  /**
   * @param title - first line of the message (what was being configured)
   * @param answer - the safe sentence of the route answer; default "The service is not configured correctly."
   */
  constructor(issues: ConfigIssue[], title = 'Invalid netID configuration', answer = DEFAULT_ANSWER) {
    super('config_invalid', `${title}:\n${issues.map((i) => `- ${i.variable}: ${i.message}`).join('\n')}`);
    this.issues = issues;
    this.answer = answer;
  }

  override httpAnswer(): ErrorAnswer {
    return { status: 500, error: 'config_invalid', message: this.answer };
  }

  /** Plain JSON for logs and the CLI: code, the safe answer and the issues (names and problems, never values). */
  toJSON(): { error: ConfigErrorCode; message: string; issues: ConfigIssue[] } {
    return { error: this.code, message: this.answer, issues: this.issues };
  }
}
