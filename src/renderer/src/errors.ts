// An error from the main process in the user's words: Electron prefixes every rejected IPC call
// with "Error invoking remote method '<channel>': Error: ", which says nothing to an operator.
export function errorText(err: unknown): string {
  return err instanceof Error ? err.message.replace(/^Error invoking remote method '[^']+': (Error: )?/, '') : String(err);
}
