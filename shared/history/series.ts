/**
 * Splits a series at its unknown values: each run of reported values is drawn as one line, so a
 * year that was not reported shows as a gap, never as a drop to zero.
 */
export function reportedRuns(values: ReadonlyArray<number | null>): Array<Array<{ index: number; value: number }>> {
  const runs: Array<Array<{ index: number; value: number }>> = [];
  let current: Array<{ index: number; value: number }> = [];
  values.forEach((value, index) => {
    if (value === null) {
      if (current.length > 0) runs.push(current);
      current = [];
    } else current.push({ index, value });
  });
  if (current.length > 0) runs.push(current);
  return runs;
}
