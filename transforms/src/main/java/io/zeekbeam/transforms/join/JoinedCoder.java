package io.zeekbeam.transforms.join;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderProvider;
import org.apache.beam.sdk.coders.CoderProviders;
import org.apache.beam.sdk.coders.StructuredCoder;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeParameter;

/** Encodes a {@link Joined} as its left element followed by its right element. */
public final class JoinedCoder<L, R> extends StructuredCoder<Joined<L, R>> {
  private static final long serialVersionUID = 1L;

  private final Coder<L> leftCoder;
  private final Coder<R> rightCoder;

  private JoinedCoder(Coder<L> leftCoder, Coder<R> rightCoder) {
    this.leftCoder = leftCoder;
    this.rightCoder = rightCoder;
  }

  public static <L, R> JoinedCoder<L, R> of(Coder<L> leftCoder, Coder<R> rightCoder) {
    return new JoinedCoder<>(leftCoder, rightCoder);
  }

  /**
   * Lets Beam's coder registry build a {@code JoinedCoder} for any {@code Joined<L, R>} whose sides
   * it can code; found through {@link org.apache.beam.sdk.coders.DefaultCoder} on {@link Joined}.
   */
  public static CoderProvider getCoderProvider() {
    return CoderProviders.fromStaticMethods(Joined.class, JoinedCoder.class);
  }

  public Coder<L> getLeftCoder() {
    return leftCoder;
  }

  public Coder<R> getRightCoder() {
    return rightCoder;
  }

  @Override
  public void encode(Joined<L, R> value, OutputStream out) throws IOException {
    leftCoder.encode(value.left(), out);
    rightCoder.encode(value.right(), out);
  }

  @Override
  public Joined<L, R> decode(InputStream in) throws IOException {
    L left = leftCoder.decode(in);
    R right = rightCoder.decode(in);
    return Joined.of(left, right);
  }

  @Override
  public List<? extends Coder<?>> getCoderArguments() {
    return List.of(leftCoder, rightCoder);
  }

  @Override
  public void verifyDeterministic() throws NonDeterministicException {
    verifyDeterministic(this, "the left coder must be deterministic", leftCoder);
    verifyDeterministic(this, "the right coder must be deterministic", rightCoder);
  }

  @Override
  public boolean consistentWithEquals() {
    return leftCoder.consistentWithEquals() && rightCoder.consistentWithEquals();
  }

  @Override
  public Object structuralValue(Joined<L, R> value) {
    if (consistentWithEquals()) {
      return value;
    }
    return Joined.of(
        leftCoder.structuralValue(value.left()), rightCoder.structuralValue(value.right()));
  }

  @Override
  public TypeDescriptor<Joined<L, R>> getEncodedTypeDescriptor() {
    return new TypeDescriptor<Joined<L, R>>() {}.where(
            new TypeParameter<L>() {}, leftCoder.getEncodedTypeDescriptor())
        .where(new TypeParameter<R>() {}, rightCoder.getEncodedTypeDescriptor());
  }
}
