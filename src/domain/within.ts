/**
 * `work`'s value, or `late` when it has not settled within `ms`. The timer is cleared either way;
 * `work` itself goes on (whatever it holds is the caller's to let go of). A rejection of `work`
 * within the time is passed on.
 */
export async function within<T, L>(work: Promise<T>, ms: number, late: L): Promise<T | L> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([work, new Promise<L>((resolve) => (timer = setTimeout(resolve, ms, late)))]);
  } finally {
    clearTimeout(timer);
  }
}
