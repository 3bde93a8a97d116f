/** Thrown when a scanned file exceeds a configured limit while being analysed; becomes a `limit` error entry. */
export class LimitError extends Error {}
