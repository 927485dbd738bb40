import { NetIdError, type ErrorAnswer } from './netid-error';

/** One configuration problem, naming the option or variable but never echoing its value. */
export interface ConfigIssue {
  /** The option path (`session.password`) or environment variable (`SESSION_PASSWORD`). */
  variable: string;
  message: string;
}

/**
 * Thrown when options or the environment do not form a valid configuration; lists every problem
 * at once in `issues` and in the message, naming each option and never echoing a value.
 * Routes answer it 500 `config_invalid` without the list (that is for the operator's log).
 */
export class ConfigError extends NetIdError<'config_invalid'> {
  /** Every problem found, in order. */
  readonly issues: ConfigIssue[];

  constructor(issues: ConfigIssue[], title = 'Invalid netID configuration') {
    super('config_invalid', `${title}:\n${issues.map((i) => `- ${i.variable}: ${i.message}`).join('\n')}`);
    this.issues = issues;
  }

  override httpAnswer(): ErrorAnswer {
    return { status: 500, error: 'config_invalid', message: 'The service is not configured correctly.' };
  }
}
