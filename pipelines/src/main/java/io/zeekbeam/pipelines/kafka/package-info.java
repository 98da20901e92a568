/**
 * The Kafka side of the command line: {@code broker} (a local single-node KRaft broker in its own
 * JVM), {@code replay} (archived logs onto the per-type topics in event-time order) and {@code
 * tail} (a topic's records as lines), plus {@link io.zeekbeam.pipelines.kafka.KafkaProperties},
 * the client settings of a secured cluster that every Kafka client of zeekbeam takes.
 */
package io.zeekbeam.pipelines.kafka;
