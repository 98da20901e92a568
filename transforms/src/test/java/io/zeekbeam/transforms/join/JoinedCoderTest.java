package io.zeekbeam.transforms.join;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.DoubleCoder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.testing.CoderProperties;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.junit.jupiter.api.Test;

class JoinedCoderTest {
  private static final JoinedCoder<String, Long> CODER =
      JoinedCoder.of(StringUtf8Coder.of(), VarLongCoder.of());

  @Test
  void roundTripsBothSides() throws Exception {
    CoderProperties.coderDecodeEncodeEqual(CODER, Joined.of("CiNixT1Cjx3iztNbE2", 42L));
    CoderProperties.coderDecodeEncodeEqual(CODER, Joined.of("", Long.MIN_VALUE));
    CoderProperties.coderDecodeEncodeEqual(
        JoinedCoder.of(NullableCoder.of(StringUtf8Coder.of()), VarLongCoder.of()),
        Joined.of(null, 1L));
  }

  @Test
  void isDeterministicExactlyWhenBothSidesAre() throws Exception {
    CODER.verifyDeterministic();
    assertThrows(
        Coder.NonDeterministicException.class,
        () -> JoinedCoder.of(StringUtf8Coder.of(), DoubleCoder.of()).verifyDeterministic());
  }

  @Test
  void beamFindsItForAnyJoinedOfCodableSides() throws Exception {
    Coder<Joined<String, Long>> found =
        CoderRegistry.createDefault().getCoder(new TypeDescriptor<Joined<String, Long>>() {});
    assertEquals(CODER, found);
  }
}
