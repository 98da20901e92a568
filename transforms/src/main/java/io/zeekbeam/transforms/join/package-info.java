/**
 * Joins Beam does not have, as reusable keyed stateful transforms that behave the same over files
 * (batch) and over Kafka (streaming): {@link io.zeekbeam.transforms.join.IntervalJoin}, ksqlDB's
 * stream–stream {@code JOIN ... WITHIN}, and {@link io.zeekbeam.transforms.join.AsOfJoin}, a
 * stream–table join against the table's version as of each event. Both work in event time in the
 * global window, release their state as the watermark passes, and dead-letter what comes too late
 * instead of dropping it.
 */
package io.zeekbeam.transforms.join;
