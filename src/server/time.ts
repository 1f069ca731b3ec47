// Durations in milliseconds, defined once (pure constants: safe for the pure cores too).
// A "day" here is 24 hours of elapsed time, not a calendar day in China time.
export const secondMs = 1000;
export const minuteMs = 60 * secondMs;
export const hourMs = 60 * minuteMs;
export const dayMs = 24 * hourMs;
/**
 * A year of age (a platform's, for maturity): the Julian year of 365.25 days, the mean
 * calendar year over the four-year leap cycle (IAU Style Manual, 1989, §5.15).
 */
export const yearMs = 365.25 * dayMs;
