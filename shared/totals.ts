/** Unknown is not zero: a count that was not reported is null and is counted apart. */
export interface MemberCountTotal {
  sum: number;
  reported: number;
  notReported: number;
}

export function memberCountTotal(counts: ReadonlyArray<number | null>): MemberCountTotal {
  let sum = 0;
  let reported = 0;
  let notReported = 0;
  for (const count of counts) {
    if (count === null) notReported += 1;
    else {
      sum += count;
      reported += 1;
    }
  }
  return { sum, reported, notReported };
}
