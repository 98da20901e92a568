package io.zeekbeam.transforms.join;

import io.zeekbeam.schemas.DeadLetter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.Coder.NonDeterministicException;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.join.RawUnionValue;
import org.apache.beam.sdk.transforms.join.UnionCoder;
import org.apache.beam.sdk.transforms.windowing.DefaultTrigger;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TimestampedValue;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * The two inputs of a join as one keyed collection in the global window, each value tagged with its
 * side ({@link #FIRST} or {@link #SECOND}), so that one stateful {@code DoFn} sees both sides of a
 * key in the order they arrive. Also checks, with messages a caller can act on, what such a {@code
 * DoFn} needs of the inputs' coders.
 */
final class TwoSidedInput<K, A, B> {
  static final int FIRST = 0;
  static final int SECOND = 1;

  final Coder<K> keyCoder;
  final Coder<A> firstCoder;
  final Coder<B> secondCoder;
  private final PCollection<KV<K, A>> first;
  private final String firstName;
  private final PCollection<KV<K, B>> second;
  private final String secondName;

  private TwoSidedInput(
      Coder<K> keyCoder,
      Coder<A> firstCoder,
      Coder<B> secondCoder,
      PCollection<KV<K, A>> first,
      String firstName,
      PCollection<KV<K, B>> second,
      String secondName) {
    this.keyCoder = keyCoder;
    this.firstCoder = firstCoder;
    this.secondCoder = secondCoder;
    this.first = first;
    this.firstName = firstName;
    this.second = second;
    this.secondName = secondName;
  }

  static <K, A, B> TwoSidedInput<K, A, B> of(
      String transform,
      PCollection<KV<K, A>> first,
      String firstName,
      PCollection<KV<K, B>> second,
      String secondName) {
    if (firstName.equals(secondName)) {
      throw new IllegalArgumentException(
          transform
              + ": both inputs are named \""
              + firstName
              + "\"; give withInputNames(...) two different names so that late dead letters"
              + " say which side they came from");
    }
    if (first.getPipeline() != second.getPipeline()) {
      throw new IllegalArgumentException(
          transform
              + ": the "
              + firstName
              + " and "
              + secondName
              + " inputs belong to different pipelines; build both from the same Pipeline");
    }
    KvCoder<K, A> firstKv = kvCoder(transform, first, firstName);
    KvCoder<K, B> secondKv = kvCoder(transform, second, secondName);
    Coder<K> keyCoder = firstKv.getKeyCoder();
    if (!keyCoder.equals(secondKv.getKeyCoder())) {
      throw new IllegalArgumentException(
          transform
              + ": both inputs must encode their keys with the same coder, since equal keys are"
              + " matched by their encoding; the "
              + firstName
              + " input uses "
              + keyCoder
              + " and the "
              + secondName
              + " input uses "
              + secondKv.getKeyCoder()
              + ". Give one of them the other's key coder with setCoder(KvCoder.of(...))");
    }
    try {
      keyCoder.verifyDeterministic();
    } catch (NonDeterministicException e) {
      throw new IllegalArgumentException(
          transform
              + ": the key coder "
              + keyCoder
              + " is not deterministic, so equal keys might not meet in the same state; key the"
              + " inputs by a type with a deterministic coder (a String, a Long, a schema row)",
          e);
    }
    return new TwoSidedInput<>(
        keyCoder,
        firstKv.getValueCoder(),
        secondKv.getValueCoder(),
        first,
        firstName,
        second,
        secondName);
  }

  /**
   * Runs the join's stateful {@code fn} over both sides and gives its pairs and late dead letters
   * their coders; {@code fn} writes pairs to {@code joinedTag} and dead letters to {@code lateTag}.
   */
  JoinResult<K, A, B> join(
      String step,
      DoFn<KV<K, RawUnionValue>, KV<K, Joined<A, B>>> fn,
      TupleTag<KV<K, Joined<A, B>>> joinedTag,
      TupleTag<DeadLetter> lateTag) {
    KvCoder<K, RawUnionValue> unionCoder =
        KvCoder.of(keyCoder, UnionCoder.of(List.of(firstCoder, secondCoder)));
    PCollection<KV<K, RawUnionValue>> taggedFirst = tag(first, FIRST, firstName, unionCoder);
    PCollection<KV<K, RawUnionValue>> taggedSecond = tag(second, SECOND, secondName, unionCoder);
    PCollectionTuple outputs =
        PCollectionList.of(taggedFirst)
            .and(taggedSecond)
            .apply("BothSides", Flatten.pCollections())
            .setCoder(unionCoder)
            .apply(step, ParDo.of(fn).withOutputTags(joinedTag, TupleTagList.of(lateTag)));
    return withCoders(outputs, joinedTag, lateTag);
  }

  /** Whether both sides are bounded, so that a join can see each key's whole input at once. */
  boolean isBounded() {
    return first.isBounded() == PCollection.IsBounded.BOUNDED
        && second.isBounded() == PCollection.IsBounded.BOUNDED;
  }

  /**
   * For bounded input: gathers each key's elements of both sides, with their timestamps, and runs
   * {@code fn} once per key over all of them. Keys are grouped in {@code buckets} buckets by the
   * hash of their encoding (the key coder is deterministic, so equal keys meet on every worker),
   * then split by key within the bucket. The runner groups as it does for any aggregation (sorting
   * and spilling in batch), with no per-key state or timers; {@code fn} writes pairs to {@code
   * joinedTag} (it has nothing to write to {@code lateTag}: on a bounded input nothing is late).
   * See {@link JoinBuckets} for what the number of buckets trades.
   *
   * <p>Each side is encoded where it is produced, before the two meet: the step after a {@code
   * Flatten} has two inputs, so a runner that fuses steps (Flink chains them) cannot fuse it with
   * either side, and every element would be encoded and decoded once more to reach it. Encoded,
   * the elements cross that step and the shuffle as byte arrays and are decoded once, by {@code
   * fn}.
   */
  JoinResult<K, A, B> joinGrouped(
      String step,
      GroupedFn<K, A, B> fn,
      TupleTag<KV<K, Joined<A, B>>> joinedTag,
      TupleTag<DeadLetter> lateTag,
      int buckets) {
    PCollectionTuple outputs =
        PCollectionList.of(bucketed(step, first, firstName, firstCoder, FIRST, buckets))
            .and(bucketed(step, second, secondName, secondCoder, SECOND, buckets))
            .apply(step + "BothSides", Flatten.pCollections())
            .setCoder(BUCKETED)
            .apply(step + "PerBucket", GroupByKey.create())
            .apply(step, ParDo.of(fn).withOutputTags(joinedTag, TupleTagList.of(lateTag)));
    return withCoders(outputs, joinedTag, lateTag);
  }

  private static final KvCoder<Integer, byte[]> BUCKETED =
      KvCoder.of(VarIntCoder.of(), ByteArrayCoder.of());

  /** One side in the global window, each element encoded with its bucket ({@link BucketFn}). */
  private <V> PCollection<KV<Integer, byte[]>> bucketed(
      String step, PCollection<KV<K, V>> side, String name, Coder<V> coder, int tag, int buckets) {
    return intoGlobalWindow(side, name)
        .apply(
            step + "Bucket" + label(name), ParDo.of(new BucketFn<>(keyCoder, coder, tag, buckets)))
        .setCoder(BUCKETED);
  }

  /**
   * Encodes each element of one side, with its side and timestamp, and gives it its key's bucket:
   * the key's encoding, the side's tag (one byte), the timestamp's milliseconds (eight bytes) and
   * the value's encoding, as {@link GroupedFn} reads them back.
   */
  private static final class BucketFn<K, V> extends DoFn<KV<K, V>, KV<Integer, byte[]>> {
    private static final long serialVersionUID = 1L;
    private final Coder<K> keyCoder;
    private final Coder<V> valueCoder;
    private final int tag;
    private final int buckets;
    private transient ElementBytes.Writer writer;

    BucketFn(Coder<K> keyCoder, Coder<V> valueCoder, int tag, int buckets) {
      this.keyCoder = keyCoder;
      this.valueCoder = valueCoder;
      this.tag = tag;
      this.buckets = buckets;
    }

    @Setup
    public void setup() {
      writer = new ElementBytes.Writer();
    }

    @ProcessElement
    public void process(
        @Element KV<K, V> element, @Timestamp Instant ts, OutputReceiver<KV<Integer, byte[]>> out)
        throws IOException {
      ElementBytes.Writer w = writer;
      w.reset();
      keyCoder.encode(element.getKey(), w);
      int bucket = Math.floorMod(w.hashOfWritten(), buckets);
      w.write(tag);
      w.writeLong(ts.getMillis());
      valueCoder.encode(element.getValue(), w);
      out.output(KV.of(bucket, w.toByteArray()));
    }
  }

  private JoinResult<K, A, B> withCoders(
      PCollectionTuple outputs,
      TupleTag<KV<K, Joined<A, B>>> joinedTag,
      TupleTag<DeadLetter> lateTag) {
    PCollection<KV<K, Joined<A, B>>> joined =
        outputs
            .get(joinedTag)
            .setCoder(KvCoder.of(keyCoder, JoinedCoder.of(firstCoder, secondCoder)));
    PCollection<DeadLetter> late =
        outputs.get(lateTag).setCoder(LateData.coder(first.getPipeline()));
    return JoinResult.of(joinedTag, joined, lateTag, late);
  }

  /**
   * A join over one key's whole input (see {@link #joinGrouped}): both sides, each sorted by
   * timestamp. Outputs carry the timestamps of the elements they join, which lie before the
   * grouped element's own (the end of the global window).
   */
  abstract static class GroupedFn<K, A, B>
      extends DoFn<KV<Integer, Iterable<byte[]>>, KV<K, Joined<A, B>>> {
    private static final long serialVersionUID = 1L;
    private final Coder<K> keyCoder;
    private final Coder<A> firstCoder;
    private final Coder<B> secondCoder;
    private transient ElementBytes.Reader reader;

    GroupedFn(TwoSidedInput<K, A, B> input) {
      this.keyCoder = input.keyCoder;
      this.firstCoder = input.firstCoder;
      this.secondCoder = input.secondCoder;
    }

    /** One key's elements within a bucket. */
    private final class Group {
      final K key;
      final List<TimestampedValue<A>> first = new ArrayList<>();
      final List<TimestampedValue<B>> second = new ArrayList<>();

      Group(K key) {
        this.key = key;
      }
    }

    @Setup
    public void setup() {
      reader = new ElementBytes.Reader();
    }

    @ProcessElement
    public void process(
        @Element KV<Integer, Iterable<byte[]>> bucket, MultiOutputReceiver out) throws Exception {
      // Equal keys by their structural value (the key itself for coders consistent with equals,
      // its encoding otherwise), as the runner's grouping by key would have it.
      Map<Object, Group> groups = new LinkedHashMap<>();
      ElementBytes.Reader r = reader;
      for (byte[] element : bucket.getValue()) {
        r.reset(element);
        K key = keyCoder.decode(r);
        Group group = groups.computeIfAbsent(keyCoder.structuralValue(key), k -> new Group(key));
        int tag = r.read();
        Instant ts = new Instant(r.readLong());
        if (tag == FIRST) {
          group.first.add(TimestampedValue.of(firstCoder.decode(r), ts));
        } else if (tag == SECOND) {
          group.second.add(TimestampedValue.of(secondCoder.decode(r), ts));
        } else {
          throw new CoderException("a joined element with side " + tag + ", neither 0 nor 1");
        }
      }
      for (Group group : groups.values()) {
        group.first.sort(BY_TIMESTAMP);
        group.second.sort(BY_TIMESTAMP);
        join(group.key, group.first, group.second, out);
      }
    }

    /** Joins one key's elements; both lists are in timestamp order. */
    abstract void join(
        K key,
        List<TimestampedValue<A>> first,
        List<TimestampedValue<B>> second,
        MultiOutputReceiver out)
        throws Exception;

    @Override
    @SuppressWarnings("deprecation") // the way to stamp outputs before the grouped input's time
    public Duration getAllowedTimestampSkew() {
      return Duration.millis(Long.MAX_VALUE);
    }
  }

  private static final Comparator<TimestampedValue<?>> BY_TIMESTAMP =
      Comparator.comparing(TimestampedValue::getTimestamp);

  static void checkName(String option, String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException(
          option + " must name the input, e.g. \"dns\"; got " + (name == null ? "null" : "\"\""));
    }
  }

  private static <K, V> KvCoder<K, V> kvCoder(
      String transform, PCollection<KV<K, V>> input, String name) {
    Coder<KV<K, V>> coder;
    try {
      coder = input.getCoder();
    } catch (IllegalStateException e) {
      throw new IllegalArgumentException(
          transform
              + ": the "
              + name
              + " input has no coder; give it one with setCoder(KvCoder.of(keyCoder, valueCoder))",
          e);
    }
    if (!(coder instanceof KvCoder)) {
      throw new IllegalArgumentException(
          transform
              + ": the "
              + name
              + " input must be coded by a KvCoder, found "
              + coder
              + "; give it one with setCoder(KvCoder.of(keyCoder, valueCoder))");
    }
    return (KvCoder<K, V>) coder;
  }

  /**
   * Tags one side and moves it to the global window with the default trigger: the joins match by
   * timestamps alone, and only in the global window does the runner never drop an element as late
   * behind the join's back (the joins dead-letter late elements themselves).
   */
  private static <K, V> PCollection<KV<K, RawUnionValue>> tag(
      PCollection<KV<K, V>> side, int tag, String name, KvCoder<K, RawUnionValue> coder) {
    PCollection<KV<K, RawUnionValue>> tagged =
        side.apply("Tag" + label(name), ParDo.of(new TagFn<K, V>(tag))).setCoder(coder);
    return intoGlobalWindow(tagged, name);
  }

  private static <T> PCollection<T> intoGlobalWindow(PCollection<T> side, String name) {
    return side.apply(
        label(name) + "IntoGlobalWindow",
        Window.<T>into(new GlobalWindows())
            .triggering(DefaultTrigger.of())
            .withAllowedLateness(Duration.ZERO)
            .discardingFiredPanes());
  }

  private static String label(String name) {
    return Character.toUpperCase(name.charAt(0)) + name.substring(1);
  }

  private static final class TagFn<K, V> extends DoFn<KV<K, V>, KV<K, RawUnionValue>> {
    private final int tag;

    TagFn(int tag) {
      this.tag = tag;
    }

    @ProcessElement
    public void process(@Element KV<K, V> element, OutputReceiver<KV<K, RawUnionValue>> out) {
      out.output(KV.of(element.getKey(), new RawUnionValue(tag, element.getValue())));
    }
  }
}
