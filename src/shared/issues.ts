// A validation failure in a reader's words: `field.path[2].name: message` (the first issue).
interface IssueLike { path: ReadonlyArray<PropertyKey>; message: string }

export function fieldPath(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>((a, p) => (typeof p === 'number' ? `${a}[${p}]` : a ? `${a}.${String(p)}` : String(p)), '');
}

export function firstIssue(err: { issues: ReadonlyArray<IssueLike> }, whole = 'the document'): string {
  const issue = err.issues[0];
  if (!issue) return whole;
  return `${fieldPath(issue.path) || whole}: ${issue.message}`;
}
