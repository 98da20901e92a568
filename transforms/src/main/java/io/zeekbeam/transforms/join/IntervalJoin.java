package io.zeekbeam.transforms.join;

import io.zeekbeam.schemas.DeadLetter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.InstantCoder;
import org.apache.beam.sdk.coders.NullableCoder;

import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Distribution;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.state.BagState;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.TimeDomain;
import org.apache.beam.sdk.state.Timer;
import org.apache.beam.sdk.state.TimerSpec;
import org.apache.beam.sdk.state.TimerSpecs;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;

import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.transforms.join.RawUnionValue;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;

import org.apache.beam.sdk.values.TimestampedValue;
import org.apache.beam.sdk.values.TimestampedValue.TimestampedValueCoder;
import org.apache.beam.sdk.values.TupleTag;

import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * ksqlDB's stream–stream {@code INNER JOIN ... WITHIN N}: pairs every left and right element of the
 * same key whose timestamps are at most {@code within} apart, in either order. Beam has no such
 * join built in; this one is a keyed stateful {@code DoFn} with a buffer per side and event-time
 * timers, so it runs the same over files and over Kafka.
 *
 * <pre>{@code
 * JoinResult<String, ZeekDns, ZeekConn> dnsWithConn =
 *     dnsByUid.apply(
 *         "JoinConnWithinOneMinute",
 *         IntervalJoin.<String, ZeekDns, ZeekConn>innerJoin(connByUid)
 *             .within(Duration.standardMinutes(1))
 *             .withInputNames("dns", "conn"));
 * }</pre>
 *
 * <ul>
 *   <li><b>Input:</b> the left {@code PCollection<KV<K, L>>} the join is applied to and the right
 *       {@code PCollection<KV<K, R>>} given to {@link #innerJoin}, both stamped with event time.
 *       Their windows do not matter: both are moved to the global window, because the match is
 *       decided by the timestamps alone and a window boundary must not split a pair.
 *   <li><b>Output:</b> {@link JoinResult#joined()}: one {@code KV<key, Joined<left, right>>} per
 *       left and right element of the same key with {@code |t_left − t_right| ≤ within} (both ends
 *       included), whichever arrived first; every matching pair exactly once, many-to-many. Its
 *       timestamp is the later of the two, the moment the pair became known. Global window, default
 *       trigger: window it downstream as needed.
 *   <li><b>Window:</b> none; each element is buffered for its key until the watermark passes {@code
 *       t + 2·within + allowedLateness}, the last moment at which a partner that is not late can
 *       still arrive (a partner at {@code t + within} is on time until then).
 *   <li><b>Lateness:</b> as in ksqlDB's grace period, an element is late once the watermark has
 *       passed {@code t + within + allowedLateness} (default lateness zero). A late element is not
 *       joined, since partners it should match may already be released; it goes to {@link
 *       JoinResult#late()} as a dead letter (stage {@code late-data}) saying which side it came
 *       from and how late it was. Elements within the allowed lateness are joined in full.
 * </ul>
 *
 * <p>For a key that holds elements, lateness is judged against the latest time its release timer
 * fired: an element is dead-lettered exactly when its key may already have released a partner it
 * should match, and a late element whose key has released nothing it could match is still joined,
 * in full, giving the pairs the batch run gives. When a key's buffers become empty it drops its
 * state altogether, so that state stays bounded however many keys pass (Zeek's {@code uid} is new
 * for every connection), with one timer per key and release. An element for a key that holds
 * nothing is judged against the input watermark itself: it cannot tell whether a partner was
 * released, so beyond the allowed lateness it is late.
 *
 * <p>Metrics (namespace {@value #METRICS_NAMESPACE}): counters {@value #ELEMENTS_RELEASED}, {@value
 * #KEYS_RELEASED} and {@value #LATE_ELEMENTS}, and the distribution {@value #BUFFERED_PER_KEY} of
 * the number of elements a key holds, both sides together, each time one is buffered.
 */
public final class IntervalJoin<K, L, R>
    extends PTransform<PCollection<KV<K, L>>, JoinResult<K, L, R>> {
  private static final long serialVersionUID = 1L;

  public static final String METRICS_NAMESPACE = "zeekbeam.intervalJoin";

  /** Elements dropped from a buffer once no partner that is not late can arrive any more. */
  public static final String ELEMENTS_RELEASED = "elementsReleased";

  /** Keys whose state was dropped altogether, their buffers empty. */
  public static final String KEYS_RELEASED = "keysReleased";

  /** Elements sent to {@link JoinResult#late()}. */
  public static final String LATE_ELEMENTS = "lateElements";

  /** Elements held by a key, both sides together, each time one is buffered. */
  public static final String BUFFERED_PER_KEY = "bufferedPerKey";

  private static final String NAME = "IntervalJoin";

  private final transient PCollection<KV<K, R>> right;
  private final @Nullable Duration within;
  private final Duration allowedLateness;
  private final String leftName;
  private final String rightName;
  private final SerializableFunction<? super L, String> leftText;
  private final SerializableFunction<? super R, String> rightText;
  private final int buckets;

  private IntervalJoin(
      PCollection<KV<K, R>> right,
      @Nullable Duration within,
      Duration allowedLateness,
      String leftName,
      String rightName,
      SerializableFunction<? super L, String> leftText,
      SerializableFunction<? super R, String> rightText,
      int buckets) {
    this.right = right;
    this.within = within;
    this.allowedLateness = allowedLateness;
    this.leftName = leftName;
    this.rightName = rightName;
    this.leftText = leftText;
    this.rightText = rightText;
    this.buckets = buckets;
  }

  /**
   * Joins the collection this is applied to (the left side) with {@code right}. {@link #within} is
   * required.
   */
  public static <K, L, R> IntervalJoin<K, L, R> innerJoin(PCollection<KV<K, R>> right) {
    if (right == null) {
      throw new IllegalArgumentException(
          NAME + ".innerJoin(right): right is null; pass the PCollection<KV<K, R>> to join with");
    }
    return new IntervalJoin<>(
        right,
        null,
        Duration.ZERO,
        "left",
        "right",
        String::valueOf,
        String::valueOf,
        JoinBuckets.DEFAULT);
  }

  /**
   * The largest distance between a left and a right timestamp that still joins, both ends included,
   * in either order: ksqlDB's {@code WITHIN}. Required, and positive.
   */
  public IntervalJoin<K, L, R> within(Duration within) {
    if (within == null || !within.isLongerThan(Duration.ZERO)) {
      throw new IllegalArgumentException(
          NAME
              + ".within(...) must be positive, got "
              + within
              + "; it is the largest |t_left - t_right| that still joins, e.g."
              + " within(Duration.standardMinutes(1)) for ksqlDB's WITHIN 1 MINUTE");
    }
    return new IntervalJoin<>(
        right,
        within,
        allowedLateness,
        leftName,
        rightName,
        leftText,
        rightText,
        buckets);
  }

  /**
   * How far behind the watermark, beyond {@code within}, an element may arrive and still be joined
   * in full: ksqlDB's {@code GRACE PERIOD}. Default zero. Every buffered element is kept that much
   * longer.
   */
  public IntervalJoin<K, L, R> withAllowedLateness(Duration allowedLateness) {
    if (allowedLateness == null || allowedLateness.isShorterThan(Duration.ZERO)) {
      throw new IllegalArgumentException(
          NAME
              + ".withAllowedLateness(...) must be zero or positive, got "
              + allowedLateness
              + "; use Duration.ZERO to join only elements that are on time");
    }
    return new IntervalJoin<>(
        right,
        within,
        allowedLateness,
        leftName,
        rightName,
        leftText,
        rightText,
        buckets);
  }

  /**
   * What the two inputs are called ({@code "dns"}, {@code "conn"}): the {@code input} of their late
   * dead letters, and the words of their reasons. Default {@code "left"} and {@code "right"}.
   */
  public IntervalJoin<K, L, R> withInputNames(String leftName, String rightName) {
    TwoSidedInput.checkName(NAME + ".withInputNames(leftName, ...)", leftName);
    TwoSidedInput.checkName(NAME + ".withInputNames(..., rightName)", rightName);
    return new IntervalJoin<>(
        right,
        within,
        allowedLateness,
        leftName,
        rightName,
        leftText,
        rightText,
        buckets);
  }

  /**
   * How a late element is written into the {@code raw} text of its dead letter, e.g. as the JSON it
   * was parsed from. Default {@link String#valueOf(Object)}.
   */
  public IntervalJoin<K, L, R> withLateRecordText(
      SerializableFunction<? super L, String> leftText,
      SerializableFunction<? super R, String> rightText) {
    if (leftText == null || rightText == null) {
      throw new IllegalArgumentException(
          NAME
              + ".withLateRecordText(left, right) needs both functions; pass String::valueOf for"
              + " a side with nothing better");
    }
    return new IntervalJoin<>(
        right,
        within,
        allowedLateness,
        leftName,
        rightName,
        leftText,
        rightText,
        buckets);
  }

  /**
   * On bounded input, how many groups the keys are spread over; each group is joined whole, in
   * memory. Default {@link JoinBuckets#DEFAULT}; {@link JoinBuckets#forInputBytes} gives the number
   * for an input of a given size, and {@link JoinBuckets} says what the number trades. A stream
   * (unbounded input) keeps state per key and ignores it.
   */
  public IntervalJoin<K, L, R> withBuckets(int buckets) {
    return new IntervalJoin<>(
        right,
        within,
        allowedLateness,
        leftName,
        rightName,
        leftText,
        rightText,
        JoinBuckets.check(NAME, buckets));
  }

  @Override
  public JoinResult<K, L, R> expand(PCollection<KV<K, L>> left) {
    if (within == null) {
      throw new IllegalArgumentException(
          NAME
              + ": within(Duration) is required: the largest |t_left - t_right| that still joins,"
              + " e.g. IntervalJoin.innerJoin(right).within(Duration.standardMinutes(1))");
    }
    TwoSidedInput<K, L, R> input = TwoSidedInput.of(NAME, left, leftName, right, rightName);
    TupleTag<KV<K, Joined<L, R>>> joinedTag = new TupleTag<>("joined");
    TupleTag<DeadLetter> lateTag = new TupleTag<>("late");
    if (input.isBounded()) {
      return input.joinGrouped(
          "JoinWithin",
          new GroupedJoinFn<K, L, R>(input, within, joinedTag),
          joinedTag,
          lateTag,
          buckets);
    }
    return input.join(
        "JoinWithin",
        new JoinFn<K, L, R>(input, within, allowedLateness, joinedTag, lateTag, this),
        joinedTag,
        lateTag);
  }

  /**
   * The join of a bounded input, where the whole of a key's input is at hand: every left and right
   * of the key at most {@code within} apart, stamped with the later of the two, as the stateful
   * join gives them on the same input (on a bounded input nothing is late, and nothing is released
   * before the end).
   */
  private static final class GroupedJoinFn<K, L, R> extends TwoSidedInput.GroupedFn<K, L, R> {
    private static final long serialVersionUID = 1L;
    private final long within;
    private final TupleTag<KV<K, Joined<L, R>>> joinedTag;

    GroupedJoinFn(
        TwoSidedInput<K, L, R> input, Duration within, TupleTag<KV<K, Joined<L, R>>> joinedTag) {
      super(input);
      this.within = within.getMillis();
      this.joinedTag = joinedTag;
    }

    @Override
    void join(
        K key,
        List<TimestampedValue<L>> lefts,
        List<TimestampedValue<R>> rights,
        MultiOutputReceiver out) {
      int from = 0;
      for (TimestampedValue<L> left : lefts) {
        long t = left.getTimestamp().getMillis();
        while (from < rights.size() && rights.get(from).getTimestamp().getMillis() < t - within) {
          from++;
        }
        for (int i = from; i < rights.size(); i++) {
          TimestampedValue<R> right = rights.get(i);
          if (right.getTimestamp().getMillis() > t + within) {
            break;
          }
          Instant later =
              left.getTimestamp().isAfter(right.getTimestamp())
                  ? left.getTimestamp()
                  : right.getTimestamp();
          out.get(joinedTag)
              .outputWithTimestamp(KV.of(key, Joined.of(left.getValue(), right.getValue())), later);
        }
      }
    }
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder
        .addIfNotNull(DisplayData.item("within", within).withLabel("Join window (either way)"))
        .add(DisplayData.item("allowedLateness", allowedLateness).withLabel("Allowed lateness"))
        .add(DisplayData.item("left", leftName).withLabel("Left input"))
        .add(DisplayData.item("right", rightName).withLabel("Right input"));
  }

  /**
   * Per key: a buffer per side, the one release timer (set to the earliest moment something can be
   * released), and its {@link Book}: the number of elements buffered, when that timer
   * is set for, and the latest time it fired, a lower bound of the watermark that decides what is
   * late. The three are one state cell, read once and written once per element: a state access
   * on Flink's heap backend is a hash lookup of (key, namespace), the largest cost of a streaming
   * join.
   */
  private static final class JoinFn<K, L, R>
      extends DoFn<KV<K, RawUnionValue>, KV<K, Joined<L, R>>> {
    private static final long serialVersionUID = 1L;
    private static final String LEFT_BUFFER = "leftBuffer";
    private static final String RIGHT_BUFFER = "rightBuffer";
    private static final String BOOK = "book";
    private static final String RELEASE = "release";

    @StateId(LEFT_BUFFER)
    private final StateSpec<BagState<TimestampedValue<L>>> leftBufferSpec;

    @StateId(RIGHT_BUFFER)
    private final StateSpec<BagState<TimestampedValue<R>>> rightBufferSpec;

    @StateId(BOOK)
    private final StateSpec<ValueState<Book>> bookSpec = StateSpecs.value(Book.BookCoder.INSTANCE);

    @TimerId(RELEASE)
    private final TimerSpec releaseSpec = TimerSpecs.timer(TimeDomain.EVENT_TIME);

    private final Duration within;
    private final Duration allowedLateness;
    private final TupleTag<KV<K, Joined<L, R>>> joinedTag;
    private final TupleTag<DeadLetter> lateTag;
    private final String leftName;
    private final String rightName;
    private final SerializableFunction<? super L, String> leftText;
    private final SerializableFunction<? super R, String> rightText;

    private final Counter released = Metrics.counter(METRICS_NAMESPACE, ELEMENTS_RELEASED);
    private final Counter keysReleased = Metrics.counter(METRICS_NAMESPACE, KEYS_RELEASED);
    private final Counter lateElements = Metrics.counter(METRICS_NAMESPACE, LATE_ELEMENTS);
    private final Distribution bufferedPerKey =
        Metrics.distribution(METRICS_NAMESPACE, BUFFERED_PER_KEY);

    JoinFn(
        TwoSidedInput<K, L, R> input,
        Duration within,
        Duration allowedLateness,
        TupleTag<KV<K, Joined<L, R>>> joinedTag,
        TupleTag<DeadLetter> lateTag,
        IntervalJoin<K, L, R> spec) {
      this.leftBufferSpec = StateSpecs.bag(TimestampedValueCoder.of(input.firstCoder));
      this.rightBufferSpec = StateSpecs.bag(TimestampedValueCoder.of(input.secondCoder));
      this.within = within;
      this.allowedLateness = allowedLateness;
      this.joinedTag = joinedTag;
      this.lateTag = lateTag;
      this.leftName = spec.leftName;
      this.rightName = spec.rightName;
      this.leftText = spec.leftText;
      this.rightText = spec.rightText;
    }

    /** Past this, an element is late: a partner it should match may have been released. */
    private Instant deadline(Instant ts) {
      return LateData.plusCapped(ts, within.plus(allowedLateness));
    }

    /**
     * Past this, no partner that is not late can arrive for an element any more. Rounded up to a
     * whole multiple of {@code within}: holding an element a little longer changes no result, and
     * it makes the timers of many keys fire together (one timer round per grid step instead of one
     * per element), which is what keeps the DirectRunner usable with millions of uids.
     */
    private Instant releaseTime(Instant ts) {
      return roundUp(LateData.plusCapped(ts, within.multipliedBy(2).plus(allowedLateness)));
    }

    private Instant roundUp(Instant t) {
      long grid = Math.max(1, within.getMillis());
      long m = t.getMillis();
      if (m >= BoundedWindow.TIMESTAMP_MAX_VALUE.getMillis() - grid) {
        return t;
      }
      long rounded = Math.floorDiv(m + grid - 1, grid) * grid;
      return new Instant(rounded);
    }

    private boolean matches(Instant a, Instant b) {
      long distance = Math.abs(a.getMillis() - b.getMillis());
      return distance <= within.getMillis();
    }

    @ProcessElement
    @SuppressWarnings("unchecked")
    public void process(
        @Element KV<K, RawUnionValue> element,
        @Timestamp Instant ts,
        @StateId(LEFT_BUFFER) BagState<TimestampedValue<L>> leftBuffer,
        @StateId(RIGHT_BUFFER) BagState<TimestampedValue<R>> rightBuffer,
        @StateId(BOOK) ValueState<Book> bookState,
        @TimerId(RELEASE) Timer release,
        MultiOutputReceiver out) {
      K key = element.getKey();
      RawUnionValue value = element.getValue();
      boolean isLeft = value.getUnionTag() == TwoSidedInput.FIRST;
      Book stored = bookState.read();
      Book book = Book.orEmpty(stored);
      // A key that holds elements knows how far its own releases went; one that holds nothing
      // (new, or released in full and forgotten) only has the watermark to go by.
      Instant passedAt = stored != null ? book.passed : release.getCurrentRelativeTime();
      if (passedAt != null && !deadline(ts).isAfter(passedAt)) {
        lateElements.inc();
        String side = isLeft ? leftName : rightName;
        String raw =
            isLeft ? leftText.apply((L) value.getValue()) : rightText.apply((R) value.getValue());
        out.get(lateTag)
            .output(LateData.deadLetter(side, key, raw, ts, lateReason(side, ts, passedAt)));
        return;
      }
      if (isLeft) {
        L left = (L) value.getValue();
        for (TimestampedValue<R> right : rightBuffer.read()) {
          emitIfMatch(key, left, ts, right.getValue(), right.getTimestamp(), out);
        }
        leftBuffer.add(TimestampedValue.of(left, ts));
      } else {
        R right = (R) value.getValue();
        for (TimestampedValue<L> left : leftBuffer.read()) {
          emitIfMatch(key, left.getValue(), left.getTimestamp(), right, ts, out);
        }
        rightBuffer.add(TimestampedValue.of(right, ts));
      }
      long now = book.buffered + 1;
      bufferedPerKey.update(now);
      Instant releaseTime = releaseTime(ts);
      Instant scheduled = book.releaseAt;
      if (scheduled == null || releaseTime.isBefore(scheduled)) {
        release.withNoOutputTimestamp().set(releaseTime);
        scheduled = releaseTime;
      }
      bookState.write(new Book(now, scheduled, book.passed));
    }

    private void emitIfMatch(
        K key, L left, Instant leftTs, R right, Instant rightTs, MultiOutputReceiver out) {
      if (matches(leftTs, rightTs)) {
        Instant later = leftTs.isAfter(rightTs) ? leftTs : rightTs;
        out.get(joinedTag).outputWithTimestamp(KV.of(key, Joined.of(left, right)), later);
      }
    }

    private String lateReason(String side, Instant ts, Instant passedAt) {
      return side
          + " record at "
          + ts
          + " arrived after the watermark had passed "
          + passedAt
          + ", more than "
          + LateData.describe(new Duration(ts, passedAt))
          + " behind it, beyond the "
          + LateData.describe(within.plus(allowedLateness))
          + " the join allows (within "
          + LateData.describe(within)
          + " + allowed lateness "
          + LateData.describe(allowedLateness)
          + "); records it should match may already be released, so it is not joined";
    }

    /**
     * Releases what no partner that is not late can match any more, then waits for the next
     * release; once a key holds nothing, forgets it.
     */
    @OnTimer(RELEASE)
    public void onRelease(
        OnTimerContext context,
        @StateId(LEFT_BUFFER) BagState<TimestampedValue<L>> leftBuffer,
        @StateId(RIGHT_BUFFER) BagState<TimestampedValue<R>> rightBuffer,
        @StateId(BOOK) ValueState<Book> bookState,
        @TimerId(RELEASE) Timer release) {
      Instant firedAt = context.fireTimestamp();
      List<TimestampedValue<L>> keptLeft = new ArrayList<>();
      List<TimestampedValue<R>> keptRight = new ArrayList<>();
      long releasedLeft = 0;
      long releasedRight = 0;
      Instant next = null;
      for (TimestampedValue<L> left : leftBuffer.read()) {
        Instant at = releaseTime(left.getTimestamp());
        if (at.isAfter(firedAt)) {
          keptLeft.add(left);
          next = next == null || at.isBefore(next) ? at : next;
        } else {
          releasedLeft++;
        }
      }
      for (TimestampedValue<R> right : rightBuffer.read()) {
        Instant at = releaseTime(right.getTimestamp());
        if (at.isAfter(firedAt)) {
          keptRight.add(right);
          next = next == null || at.isBefore(next) ? at : next;
        } else {
          releasedRight++;
        }
      }
      long releasedNow = releasedLeft + releasedRight;
      released.inc(releasedNow);
      if (next != null) {
        if (releasedLeft > 0) {
          rewrite(leftBuffer, keptLeft);
        }
        if (releasedRight > 0) {
          rewrite(rightBuffer, keptRight);
        }
        release.withNoOutputTimestamp().set(next);
        // The last firing is kept only by a key that still holds elements: one released in full
        // is forgotten below, without reading its book.
        Instant passed = LateData.max(firedAt, Book.orEmpty(bookState.read()).passed);
        bookState.write(new Book(keptLeft.size() + keptRight.size(), next, passed));
        return;
      }
      leftBuffer.clear();
      rightBuffer.clear();
      bookState.clear();
      keysReleased.inc();
    }

    private static <T> void rewrite(BagState<T> bag, List<T> kept) {
      bag.clear();
      for (T element : kept) {
        bag.add(element);
      }
    }
  }

  /**
   * A key's bookkeeping in the stateful join: elements buffered, when its release timer is set for
   * (null: none), and the latest time that timer fired (null: never). Immutable: Flink's heap
   * backend may still hold the previous value in a checkpoint being written.
   */
  static final class Book {
    private static final Book EMPTY = new Book(0, null, null);

    final long buffered;
    final @Nullable Instant releaseAt;
    final @Nullable Instant passed;

    Book(long buffered, @Nullable Instant releaseAt, @Nullable Instant passed) {
      this.buffered = buffered;
      this.releaseAt = releaseAt;
      this.passed = passed;
    }

    static Book orEmpty(@Nullable Book book) {
      return book == null ? EMPTY : book;
    }

    @Override
    public boolean equals(@Nullable Object o) {
      if (!(o instanceof Book)) {
        return false;
      }
      Book b = (Book) o;
      return buffered == b.buffered
          && Objects.equals(releaseAt, b.releaseAt)
          && Objects.equals(passed, b.passed);
    }

    @Override
    public int hashCode() {
      return Objects.hash(buffered, releaseAt, passed);
    }

    /** Beam's coders for each field, in order. */
    static final class BookCoder extends AtomicCoder<Book> {
      private static final long serialVersionUID = 1L;
      static final BookCoder INSTANCE = new BookCoder();
      private static final Coder<Long> COUNT = VarLongCoder.of();
      private static final Coder<@Nullable Instant> TIME = NullableCoder.of(InstantCoder.of());

      @Override
      public void encode(Book book, OutputStream out) throws IOException {
        COUNT.encode(book.buffered, out);
        TIME.encode(book.releaseAt, out);
        TIME.encode(book.passed, out);
      }

      @Override
      public Book decode(InputStream in) throws IOException {
        return new Book(COUNT.decode(in), TIME.decode(in), TIME.decode(in));
      }

      @Override
      public void verifyDeterministic() {}
    }
  }
}
