// Durations in milliseconds, defined once (pure constants: safe for the pure cores too).
// A "day" here is 24 hours of elapsed time, not a calendar day in China time.
export const secondMs = 1000;
export const minuteMs = 60 * secondMs;
export const hourMs = 60 * minuteMs;
export const dayMs = 24 * hourMs;
