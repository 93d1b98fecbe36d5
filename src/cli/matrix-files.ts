// Node answers saved as files (what `merge` and `balance` read): each read as a regular file
// within the matrix file limit and parsed with the same limits, errors naming the file.
import { describeRefusal, FileReadError, jsonLimitWhy, readRegularText } from '../main/core/files/read-file';
import { MatrixInputError, type MergeWarning, type NodeMatrix, parseNodeMatrixText } from '../main/core/merge';
import { MAX_MATRIX_FILE_BYTES } from '../shared/limits';

/** A regular file's text within `limit`, or a MatrixInputError naming it and why not. */
export async function readInputText(file: string, limit: number): Promise<string> {
  try {
    return await readRegularText(file, limit);
  } catch (err) {
    if (!(err instanceof FileReadError)) throw err;
    const r = err.refusal;
    throw new MatrixInputError(file, r.kind === 'too-large' ? `${describeRefusal(r)}${jsonLimitWhy(r.limit)}` : describeRefusal(r));
  }
}

/** Each FILE as one node's answer, in order (`index` = its position, for warnings). */
export async function readMatrixFiles(files: readonly string[]): Promise<{ inputs: NodeMatrix[]; warnings: MergeWarning[] }> {
  const inputs: NodeMatrix[] = [];
  const warnings: MergeWarning[] = [];
  for (const [i, file] of files.entries()) {
    const parsed = parseNodeMatrixText(await readInputText(file, MAX_MATRIX_FILE_BYTES), file, i);
    inputs.push(parsed.matrix);
    warnings.push(...parsed.warnings);
  }
  return { inputs, warnings };
}
