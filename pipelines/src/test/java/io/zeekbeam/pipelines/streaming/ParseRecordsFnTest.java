package io.zeekbeam.pipelines.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zeekbeam.schemas.DeadLetter;
import io.zeekbeam.schemas.LogType;
import io.zeekbeam.schemas.ZeekConn;
import io.zeekbeam.transforms.parse.ParsedLogs;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.io.kafka.KafkaRecord;
import org.apache.beam.sdk.io.kafka.KafkaRecordCoder;
import org.apache.beam.sdk.io.kafka.KafkaTimestampType;
import org.apache.beam.sdk.io.kafka.TimestampPolicy;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.apache.kafka.common.TopicPartition;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The parse step after the Kafka reader: it takes the parse the partition's timestamp policy made
 * of the same record, and judges lateness by the partition's watermark as that policy has it.
 */
class ParseRecordsFnTest {
  private static final long T0 = 1_700_000_000_000L;
  private static final long MINUTE = 60_000L;
  private static final KafkaPayloads PAYLOADS = new KafkaPayloads(2024, ZoneOffset.UTC);

  private static String conn(long ms, String uid) {
    return String.format(
        "{\"ts\":%d.%03d,\"uid\":\"%s\",\"id.orig_h\":\"10.0.0.1\",\"id.orig_p\":5000,"
            + "\"id.resp_h\":\"10.0.0.2\",\"id.resp_p\":80,\"proto\":\"tcp\"}",
        ms / 1000, ms % 1000, uid);
  }

  private static KafkaRecord<byte[], byte[]> record(long offset, String text) {
    return new KafkaRecord<>(
        "conn",
        0,
        offset,
        T0 + offset,
        KafkaTimestampType.CREATE_TIME,
        null,
        null,
        text.getBytes(StandardCharsets.UTF_8));
  }

  private static final class Backlog extends TimestampPolicy.PartitionContext {
    @Override
    public long getMessageBacklog() {
      return 1;
    }

    @Override
    public Instant getBacklogCheckTime() {
      return Instant.now();
    }
  }

  @Test
  void takesThePoliciesParseAndJudgesLatenessByTheWatermark() throws Exception {
    check("parse-records-fn-one", null, List.of("late-data conn/0@2"), 540_000);
  }

  @Test
  void theWatermarkIsTheLeastOfThePartitions() throws Exception {
    // Another partition of the run, whose policy is 4 minutes behind: the record 9 minutes behind
    // this partition's watermark is 5 behind the run's, still late.
    check(
        "parse-records-fn-two",
        T0 + 5 * MINUTE,
        List.of("late-data conn/0@2"),
        300_000);
  }

  @Test
  void aPartitionWithoutAWatermarkYetHoldsLatenessBack() throws Exception {
    // Another partition assigned to the run but not read yet: nothing is late.
    check("parse-records-fn-three", Long.MIN_VALUE, List.of(), 0);
  }

  @Test
  void aPolicyMadeAnewStartsItsPartitionsWatermarkAgain() {
    // After a failure Flink restarts the reader from the last checkpoint, in the same JVM: the
    // records it reads again are judged by the checkpoint's watermark, not the failed reader's.
    String run = "parse-records-fn-restart";
    TopicPartition tp = new TopicPartition("conn", 0);
    ReadAhead.Progress progress = ReadAhead.progress(run, tp);
    progress.watermark = T0 + 60 * MINUTE;
    progress.lastRead = new EventTimePolicy.LastRead(7, "x", null, "x");
    policy(run, tp, Optional.of(new Instant(T0)));
    assertEquals(T0, progress.watermark);
    assertNull(progress.lastRead);
    policy(run, tp, Optional.empty());
    assertEquals(Long.MIN_VALUE, progress.watermark);
  }

  private static EventTimePolicy policy(String run, TopicPartition tp, Optional<Instant> previous) {
    return new EventTimePolicy(
        run,
        tp,
        LogType.CONN,
        PAYLOADS,
        new EventTimePolicy.Settings(
            Duration.standardMinutes(1),
            Duration.standardSeconds(5),
            Duration.standardMinutes(1),
            Duration.standardMinutes(5)),
        previous,
        () -> 0L);
  }

  /**
   * Reads the records through a policy for partition 0 of {@code run}, with partition 1 at {@code
   * other} (null: no partition 1), then parses them, and checks the conn records and dead letters.
   */
  private static void check(String run, Long other, List<String> late, long lateByMs)
      throws Exception {
    TopicPartition tp = new TopicPartition("conn", 0);
    if (other != null) {
      ReadAhead.progress(run, new TopicPartition("conn", 1)).watermark = other;
    }
    // Records up to a minute out of order are on time; 30 s of lateness beyond that is allowed.
    EventTimePolicy policy = policy(run, tp, Optional.empty());
    List<KafkaRecord<byte[], byte[]>> records =
        List.of(
            // Parsed here only after the policy has read them all (in a job, each right after the
            // policy read it), so every record is judged by the last watermark.
            record(0, conn(T0 + 9 * MINUTE, "A")),
            record(1, conn(T0 + 10 * MINUTE, "B")),
            // 10 minutes behind the largest, so 9 behind the watermark: late.
            record(2, conn(T0, "C")),
            // 30 s behind the watermark: within the allowed lateness.
            record(3, conn(T0 + 9 * MINUTE - 30_000, "D")),
            record(4, "not a conn record"),
            record(5, conn(T0 + 10 * MINUTE, "E")));
    ReadAhead.Progress progress = ReadAhead.progress(run, tp);
    Backlog ctx = new Backlog();
    for (KafkaRecord<byte[], byte[]> r : records) {
      policy.getTimestampForRecord(ctx, r);
      assertEquals(r.getOffset(), progress.lastRead.offset, "the policy hands on what it read");
      long handedOn = policy.getWatermark(ctx).getMillis();
      assertTrue(
          handedOn <= progress.watermark,
          "the watermark the reader hands on is never ahead of the one the parse judges by");
    }
    assertEquals(T0 + 9 * MINUTE, progress.watermark);

    // The last record's parse, as the policy made it, stands in for parsing it again: a record
    // planted under its offset is what comes out. The others are not the policy's last, so the
    // step parses them itself.
    String planted = conn(T0 + 10 * MINUTE, "PLANTED");
    progress.lastRead =
        new EventTimePolicy.LastRead(5, planted, PAYLOADS.parse(LogType.CONN, planted, T0), null);

    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    ParsedLogs parsed =
        ParsedLogs.of(
            p.apply(
                    Create.of(records)
                        .withCoder(
                            KafkaRecordCoder.of(
                                NullableCoder.of(ByteArrayCoder.of()),
                                NullableCoder.of(ByteArrayCoder.of()))))
                .apply(
                    ParDo.of(
                            new ReadKafkaTopics.ParseRecordsFn(
                                Map.of("conn", LogType.CONN),
                                PAYLOADS,
                                Duration.standardSeconds(30),
                                run))
                        .withOutputTags(ParsedLogs.DEAD_LETTERS, ParsedLogs.RECORD_TAGS)));
    List<String> conns = new ArrayList<>(List.of("A", "B", "D", "PLANTED"));
    if (late.isEmpty()) {
      conns.add("C");
    }
    List<String> dead = new ArrayList<>(late);
    dead.add("parse-kafka-record conn/0@4");
    PAssert.that(
            parsed
                .conn()
                .apply(MapElements.into(TypeDescriptors.strings()).via(ZeekConn::getUid)))
        .containsInAnyOrder(conns);
    PAssert.that(
            parsed
                .deadLetters()
                .apply(
                    MapElements.into(TypeDescriptors.strings())
                        .via((DeadLetter d) -> d.getStage() + " " + d.getSource())))
        .containsInAnyOrder(dead);
    PAssert.that(parsed.deadLetters())
        .satisfies(
            letters -> {
              List<String> reasons = new ArrayList<>();
              letters.forEach(d -> reasons.add(d.getReason()));
              assertEquals(
                  late.size(),
                  reasons.stream()
                      .filter(r -> r.contains(lateByMs + " ms behind the watermark"))
                      .count(),
                  reasons.toString());
              return null;
            });
    p.run().waitUntilFinish();
  }
}
