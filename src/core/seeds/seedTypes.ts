/** A seed: initial accumulated state (`metadata`) run `repetitions` times. */
export interface Seed {
  repetitions: number;
  metadata: Record<string, unknown>;
}
