/** The only time the server keeps: the UTC day, `YYYY-MM-DD`. */
export function utcDay(now: Date): string {
  return now.toISOString().slice(0, 10);
}

export type Clock = () => Date;
export const systemClock: Clock = () => new Date();
