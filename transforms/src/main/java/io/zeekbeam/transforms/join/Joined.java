package io.zeekbeam.transforms.join;

import java.util.Objects;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * One match of a join: the left (or event) element and the right (or table) element it matched.
 * Immutable; encoded by {@link JoinedCoder} from the coders of its two sides, which Beam finds on
 * its own for a {@code Joined<L, R>} whose sides have coders.
 */
@DefaultCoder(JoinedCoder.class)
public final class Joined<L, R> {
  private final L left;
  private final R right;

  private Joined(L left, R right) {
    this.left = left;
    this.right = right;
  }

  public static <L, R> Joined<L, R> of(L left, R right) {
    return new Joined<>(left, right);
  }

  public L left() {
    return left;
  }

  public R right() {
    return right;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Joined)) {
      return false;
    }
    Joined<?, ?> that = (Joined<?, ?>) o;
    return Objects.equals(left, that.left) && Objects.equals(right, that.right);
  }

  @Override
  public int hashCode() {
    return Objects.hash(left, right);
  }

  @Override
  public String toString() {
    return "Joined{left=" + left + ", right=" + right + "}";
  }
}
