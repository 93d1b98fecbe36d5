// Build the command-line tool once before the tests, so CLI tests run the real `bin` file
// built from the current sources (a stale build would test old code).
import { build } from 'vite';

export default async function setup(): Promise<void> {
  await build({ configFile: 'vite.cli.config.mts', logLevel: 'warn' });
}
