package io.zeekbeam.transforms.join;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.junit.jupiter.api.Test;

class ElementBytesTest {

  @Test
  void writesWhatTheJdkStreamsWriteAndGrowsPastItsFirstBuffer() throws IOException {
    Random random = new Random(7);
    ElementBytes.Writer writer = new ElementBytes.Writer();
    for (int size : new int[] {0, 1, 255, 256, 257, 10_000}) {
      byte[] chunk = new byte[size];
      random.nextBytes(chunk);
      long when = random.nextLong();
      ByteArrayOutputStream expected = new ByteArrayOutputStream();
      DataOutputStream data = new DataOutputStream(expected);
      data.write(chunk);
      data.write(200);
      data.writeLong(when);
      data.flush();

      writer.reset();
      writer.write(chunk, 0, chunk.length);
      writer.write(200);
      writer.writeLong(when);

      assertArrayEquals(expected.toByteArray(), writer.toByteArray(), "size " + size);
    }
  }

  @Test
  void hashesWhatWasWrittenSinceTheResetAsArraysHashCode() throws IOException {
    ElementBytes.Writer writer = new ElementBytes.Writer();
    writer.write(new byte[] {1, 2, 3}, 0, 3);
    writer.reset();
    StringUtf8Coder.of().encode("CHhAvVGS1DHFjwGM9", writer);
    byte[] key = writer.toByteArray();
    assertEquals(Arrays.hashCode(key), writer.hashOfWritten());
    writer.write(9);
    assertEquals(Arrays.hashCode(writer.toByteArray()), writer.hashOfWritten());
  }

  @Test
  void readsBackWhatWasWritten() throws IOException {
    ElementBytes.Writer writer = new ElementBytes.Writer();
    StringUtf8Coder.of().encode("key", writer);
    writer.write(1);
    writer.writeLong(-62135596800000L);
    StringUtf8Coder.of().encode("value with ünïcode", writer);
    ElementBytes.Reader reader = new ElementBytes.Reader();
    reader.reset(new byte[] {42});
    assertEquals(42, reader.read());
    assertEquals(-1, reader.read());

    reader.reset(writer.toByteArray());
    assertEquals("key", StringUtf8Coder.of().decode(reader));
    assertEquals(1, reader.read());
    assertEquals(-62135596800000L, reader.readLong());
    assertEquals("value with ünïcode", StringUtf8Coder.of().decode(reader));
    assertEquals(0, reader.available());
    assertEquals(-1, reader.read(new byte[4], 0, 4));
  }

  @Test
  void aTruncatedTimestampIsAnError() {
    ElementBytes.Reader reader = new ElementBytes.Reader();
    reader.reset(new byte[] {0, 0, 0, 1});
    assertThrows(EOFException.class, reader::readLong);
  }
}
