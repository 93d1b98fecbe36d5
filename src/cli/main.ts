// The command-line tool: dispatch to subcommands; every action is a core call.
import { version } from '../../package.json';
import { UsageError } from './args';
import type { CommandIO } from './command';
import { COMMANDS } from './commands';
import { errorText } from '../shared/error-text';

function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return `KeyViz Inspector ${version}: see where traffic lands in an elastickv cluster.

Usage: keyviz-inspector <command> [flags]

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')}

Flags:
  -h, --help     show this help (each command has --help too)
  -V, --version  print the version

The desktop app starts with 'npm start' in the project folder.
`;
}

/** Does this command line's command stop cleanly on a signal (so the signal is kept for it)? */
export function handlesSignals(argv: readonly string[]): boolean {
  return COMMANDS.find((c) => c.name === argv[0])?.handlesSignals === true;
}

export async function main(argv: string[], io: CommandIO): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '-h' || first === '--help' || first === 'help') {
    const topic = first === 'help' ? COMMANDS.find((c) => c.name === rest[0]) : undefined;
    io.out(topic ? (await topic.load()).help : mainHelp());
    return first === undefined ? 2 : 0;
  }
  if (first === '-V' || first === '--version') {
    io.out(`${version}\n`);
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === first);
  try {
    if (!command) throw new UsageError(`unknown command '${first}'\nRun 'keyviz-inspector --help' for the commands.`);
    command.prepare?.(rest, io);
    return await (await command.load()).run(rest, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`keyviz-inspector: ${err.message}\n`);
      return 2;
    }
    io.err(`keyviz-inspector: ${errorText(err)}\n`);
    return 1;
  }
}
