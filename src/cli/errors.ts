/** A failure the user can act on: printed as one line on stderr, exit code 2. */
export class CliError extends Error {}

/** A command receives its arguments (after the command name) and returns the exit code. */
export type Command = (args: string[]) => Promise<number>;
