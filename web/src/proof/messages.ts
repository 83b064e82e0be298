/** What the page and the proof worker say to each other. */
export interface ProofRequest {
  id: number;
  challenge: string;
}

export type ProofResponse = { id: number; tried: number } | { id: number; counter: number | null };
