/**
 * What time it is, for every part of the server that reads time (leases, heartbeats,
 * frame and job timestamps, the blocklist). One clock, passed in: tests hand buildApp a
 * clock they move by hand, so a lease that runs out does so at an exact instant.
 */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();
