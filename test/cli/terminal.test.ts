// A node's words never drive the operator's terminal: control and bidi characters come out as
// visible escapes, on stderr and in stdout's text.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { terminalText } from '../../src/cli/terminal';
import { runCli } from '../helpers/cli';
import { fakeElastickv } from '../helpers/fake-node';

const dir = mkdtempSync(join(tmpdir(), 'keyviz-term-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('terminal text', () => {
  test('controls, C1, bidi overrides and separators become \\u escapes; newlines and tabs stay; JSON keeps its meaning', () => {
    expect(terminalText('a\u001b[2Jb\u0007\u009b\u202e\u2028c\n\td')).toBe('a\\u001b[2Jb\\u0007\\u009b\\u202e\\u2028c\n\td');
    const json = JSON.stringify({ node_id: 'n1\u202eevil' });
    expect(JSON.parse(terminalText(json))).toEqual({ node_id: 'n1\u202eevil' });
  });

  test('a node answering with escape sequences in its error body: shown escaped on stderr', async () => {
    const node = fakeElastickv(() => ({ status: 500, body: '{"error":"internal","message":"\u001b[2J\u001b]0;owned\u0007 boom"}' }));
    const url = await node.start();
    try {
      writeFileSync(join(dir, 'secret'), 'x');
      const r = await runCli(['snapshot', '--node', url, '--access-key', 'k', '--secret-key-file', join(dir, 'secret'), '--out', join(dir, 's.json')]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('\\u001b[2J\\u001b]0;owned\\u0007 boom');
      expect(r.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    } finally {
      await node.stop();
    }
  });
});
