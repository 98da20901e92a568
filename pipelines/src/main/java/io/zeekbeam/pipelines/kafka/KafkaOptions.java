package io.zeekbeam.pipelines.kafka;

import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** Which Kafka cluster, and how to log in to it. */
public interface KafkaOptions extends PipelineOptions {
  @Description(
      "Kafka cluster to use, host:port[,host:port...] (may instead be bootstrap.servers in"
          + " --kafkaProperties)")
  String getBootstrapServers();

  void setBootstrapServers(String value);

  @Description(
      "Java properties file of Kafka client settings for a secured cluster (security.protocol,"
          + " sasl.mechanism, sasl.jaas.config, ssl.truststore.location, ...), applied to every"
          + " Kafka client; its secret values are never printed")
  String getKafkaProperties();

  void setKafkaProperties(String value);
}
