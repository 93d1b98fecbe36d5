// `keyviz-inspector profiles`: the saved cluster profiles, from the same store the app uses.
import {
  exportProfile, findProfile, ImportError, importProfile, listProfiles, loadStore, PassphraseError, PROFILES_ENV, ProfileStoreError,
  profilesPath, readExportFile, saveStore,
} from '../../main/core/profiles';
import { writeFileAtomic } from '../../main/core/files/atomic';
import type { Profile } from '../../shared/profiles';
import { parseFlags, UsageError } from '../args';
import type { Command, CommandIO } from '../command';
import { readSecret } from '../secret';

const HELP = `Usage: keyviz-inspector profiles <list|show|export|import> [flags]

The saved cluster profiles (the app's store, profiles.json in its user-data
folder; or --profiles-file F, or the ${PROFILES_ENV} environment variable).
The built-in Demo cluster is always listed. Secrets are never shown.

  profiles list [--json]
  profiles show NAME [--json]
  profiles export NAME [--out F] [--include-secret --passphrase-env VAR
                                  (--secret-key-env VAR | --secret-key-file F)]
      Without --include-secret the export holds no secret. With it, the secret is
      encrypted under the passphrase (scrypt + AES-256-GCM).
  profiles import F [--rename | --replace] [--passphrase-env VAR]
      A profile whose name exists is refused unless --rename or --replace. This tool
      cannot store a secret (the app keeps them with the system's secure storage).

Exit status: 0 done, 1 the store or a file is damaged (nothing is changed), 2 bad usage.
`;

function line(p: Profile): string {
  return `${p.name.padEnd(24)} ${p.id === 'demo' ? '(built-in, simulated on this computer)' : `${p.nodes.length} node(s): ${p.nodes.join(', ')}  key ${p.accessKey}`}`;
}

async function load(path: string) {
  try {
    return (await loadStore(path)).store;
  } catch (err) {
    if (err instanceof ProfileStoreError) throw new StoreFailure(err.message);
    throw err;
  }
}

class StoreFailure extends Error {}

function passphrase(env: string | undefined): string {
  if (!env) throw new UsageError('--passphrase-env VAR is needed: the passphrase is never taken as a flag value');
  const v = process.env[env];
  if (!v) throw new UsageError(`environment variable ${env} is not set or empty (it should hold the passphrase)`);
  return v;
}

async function run(argv: string[], io: CommandIO): Promise<number> {
  const [sub, ...rest] = argv;
  const { values, positionals } = parseFlags(rest, {
    'profiles-file': { type: 'string' }, json: { type: 'boolean' }, out: { type: 'string' }, 'include-secret': { type: 'boolean' },
    'passphrase-env': { type: 'string' }, 'secret-key-env': { type: 'string' }, 'secret-key-file': { type: 'string' },
    rename: { type: 'boolean' }, replace: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
  }, 'profiles', true);
  if (values.help || sub === undefined || sub === '--help' || sub === '-h') {
    io.out(HELP);
    return sub === undefined ? 2 : 0;
  }
  const path = profilesPath(values['profiles-file']);
  const store = await load(path);
  switch (sub) {
    case 'list': {
      const all = listProfiles(store);
      io.out(values.json ? `${JSON.stringify(all, null, 2)}\n` : `${all.map(line).join('\n')}\n`);
      return 0;
    }
    case 'show': {
      const p = findProfile(store, positionals[0] ?? '');
      if (!p) throw new UsageError(`no profile named "${positionals[0] ?? ''}" (see 'keyviz-inspector profiles list')`);
      io.out(values.json ? `${JSON.stringify(p, null, 2)}\n` : `${Object.entries(p).map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join('\n')}\n`);
      return 0;
    }
    case 'export': {
      const p = findProfile(store, positionals[0] ?? '');
      if (!p || p.id === 'demo') throw new UsageError(`no saved profile named "${positionals[0] ?? ''}"`);
      const withSecret = values['include-secret']
        ? { secret: await readSecret(values['secret-key-env'], values['secret-key-file']), passphrase: passphrase(values['passphrase-env']) }
        : undefined;
      let text: string;
      try {
        text = `${JSON.stringify(exportProfile(p, withSecret), null, 2)}\n`;
      } catch (err) {
        if (err instanceof PassphraseError) throw new UsageError(err.message);
        throw err;
      }
      if (values.out) await writeFileAtomic(values.out, [Buffer.from(text)], { mode: 0o600 });
      else io.out(text);
      return 0;
    }
    case 'import': {
      const file = positionals[0];
      if (!file) throw new UsageError('profiles import needs the export file');
      if (values.rename && values.replace) throw new UsageError('--rename and --replace exclude each other');
      // The same checks as the app's import: size, JSON, schema (its errors name the file).
      let json;
      try {
        json = await readExportFile(file);
      } catch (err) {
        if (err instanceof ImportError) throw new StoreFailure(`${err.message}; nothing was imported`);
        throw err;
      }
      try {
        const r = importProfile(store, json, { onClash: values.rename ? 'rename' : values.replace ? 'replace' : 'ask',
          passphrase: values['passphrase-env'] ? passphrase(values['passphrase-env']) : undefined });
        await saveStore(path, r.store);
        io.err(`imported "${r.profile.name}"${r.clash ? ` (${r.clash})` : ''} into ${path}`
          + `${r.secret !== null ? '; its secret was decrypted but not stored: this tool has no secure storage, give it to snapshot with --secret-key-env' : ''}\n`);
        return 0;
      } catch (err) {
        if (err instanceof ImportError || err instanceof PassphraseError) throw new StoreFailure(`${file}: ${err.message}; nothing was imported`);
        throw err;
      }
    }
    default:
      throw new UsageError(`unknown profiles command '${sub}' (list, show, export, import)`);
  }
}

export const profiles: Command = {
  help: HELP,
  async run(argv, io) {
    try {
      return await run(argv, io);
    } catch (err) {
      if (err instanceof StoreFailure) {
        io.err(`keyviz-inspector: ${err.message}\n`);
        return 1;
      }
      throw err;
    }
  },
};
