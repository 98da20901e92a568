package io.zeekbeam.transforms.analytics;

import java.util.List;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.values.KV;

/**
 * Coders of the keys the aggregating analytics group by. A group column may be null (a connection
 * with no service, an empty query), and state is kept per encoded key, so the coders must take null
 * and be deterministic: {@link NullableCoder} over {@link StringUtf8Coder} is both.
 */
final class GroupKeys {
  static final Coder<String> ONE = NullableCoder.of(StringUtf8Coder.of());
  static final Coder<KV<String, String>> TWO = KvCoder.of(ONE, ONE);
  static final Coder<List<String>> LIST = ListCoder.of(ONE);

  private GroupKeys() {}
}
