package org.apache.beam.runners.flink.adapter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.values.KV;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.types.Value;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * zeekbeam's {@link FlinkKey} against Beam's own class of the same name, loaded from Beam's jar in
 * a class loader of its own: for every key, the same hash (so the same key groups), the same
 * equality and the same serialized bytes (so the same checkpoints).
 */
class FlinkKeyTest {
  private static final String RESOURCE = "org/apache/beam/runners/flink/adapter/FlinkKey.class";

  private static Class<?> beams;
  private static Method beamsOf;

  @BeforeAll
  static void loadBeamsClass() throws Exception {
    URL inBeamJar = null;
    for (URL url : Collections.list(FlinkKeyTest.class.getClassLoader().getResources(RESOURCE))) {
      if (url.toString().contains("beam-runners-flink")) {
        inBeamJar = url;
      }
    }
    assertNotNull(inBeamJar, "Beam's FlinkKey.class was not found in beam-runners-flink's jar");
    URL beamUrl = inBeamJar;
    ClassLoader parent = FlinkKeyTest.class.getClassLoader();
    ClassLoader beamFirst =
        new ClassLoader(parent) {
          @Override
          protected Class<?> loadClass(String name, boolean resolve)
              throws ClassNotFoundException {
            if (!name.equals(FlinkKey.class.getName())) {
              return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
              Class<?> c = findLoadedClass(name);
              if (c == null) {
                try (InputStream in = beamUrl.openStream()) {
                  byte[] bytes = in.readAllBytes();
                  c = defineClass(name, bytes, 0, bytes.length);
                } catch (IOException e) {
                  throw new ClassNotFoundException(name, e);
                }
              }
              return c;
            }
          }
        };
    beams = beamFirst.loadClass(FlinkKey.class.getName());
    beamsOf = beams.getMethod("of", ByteBuffer.class);
  }

  @Test
  void theClassLoadedIsZeekbeamsNotBeams() throws Exception {
    List<URL> found =
        Collections.list(FlinkKeyTest.class.getClassLoader().getResources(RESOURCE));
    assertTrue(found.size() >= 2, "expected both classes on the test class path: " + found);
    assertFalse(
        found.get(0).toString().contains("beam-runners-flink"),
        "Beam's FlinkKey comes first on the class path: " + found);
    assertTrue(beams != FlinkKey.class);
  }

  @Test
  void sameHashEqualityAndBytesAsBeamsForManyKeys() throws Exception {
    List<byte[]> keys = keys();
    for (byte[] key : keys) {
      FlinkKey ours = FlinkKey.of(ByteBuffer.wrap(key.clone()));
      Object theirs = beamsOf.invoke(null, ByteBuffer.wrap(key.clone()));
      assertEquals(theirs.hashCode(), ours.hashCode(), () -> "hash of " + show(key));
      assertEquals(theirs.hashCode(), ours.hashCode(), "the hash once more, from the cache");
      byte[] written = written(ours);
      assertArrayEquals(written((Value) theirs), written, () -> "bytes of " + show(key));

      FlinkKey read = new FlinkKey();
      read.read(new DataInputDeserializer(written));
      assertEquals(ours, read);
      assertEquals(ours.hashCode(), read.hashCode());
      assertArrayEquals(key, read.getSerializedKey().array());
    }
    // Equality of every pair of a sample, as Beam's class decides it.
    Random random = new Random(7);
    for (int i = 0; i < 20_000; i++) {
      byte[] a = keys.get(random.nextInt(keys.size()));
      byte[] b = random.nextBoolean() ? a.clone() : keys.get(random.nextInt(keys.size()));
      boolean expected =
          beamsOf
              .invoke(null, ByteBuffer.wrap(a.clone()))
              .equals(beamsOf.invoke(null, ByteBuffer.wrap(b.clone())));
      assertEquals(
          expected,
          FlinkKey.of(ByteBuffer.wrap(a.clone())).equals(FlinkKey.of(ByteBuffer.wrap(b.clone()))),
          () -> show(a) + " against " + show(b));
    }
  }

  @Test
  void keysMadeFromCodersMatchBeamsToo() throws Exception {
    KvCoder<String, Long> coder = KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of());
    for (int i = 0; i < 2_000; i++) {
      KV<String, Long> key = KV.of("C" + Integer.toHexString(i * 7919) + "uid", (long) i * i);
      FlinkKey ours = FlinkKey.of(key, coder);
      Object theirs = beams.getMethod("of", Object.class, org.apache.beam.sdk.coders.Coder.class)
          .invoke(null, key, coder);
      assertEquals(theirs.hashCode(), ours.hashCode());
      assertEquals(key, ours.getKey(coder));
      assertEquals(FlinkKey.of(key, coder), ours);
    }
  }

  @Test
  void aKeyReadAnewIsHashedAnew() throws Exception {
    FlinkKey first = FlinkKey.of(ByteBuffer.wrap(new byte[] {1, 2, 3}));
    FlinkKey second = FlinkKey.of(ByteBuffer.wrap(new byte[] {9, 8, 7, 6}));
    FlinkKey reused = FlinkKey.of(ByteBuffer.wrap(new byte[] {1, 2, 3}));
    assertEquals(first.hashCode(), reused.hashCode());
    reused.read(new DataInputDeserializer(written(second)));
    assertEquals(second.hashCode(), reused.hashCode());
    assertEquals(second, reused);
    assertFalse(first.equals(reused));
  }

  @Test
  void aBufferThatIsNotItsWholeArrayComparesItsRemainingBytesAsBeamsDoes() throws Exception {
    byte[] array = {5, 1, 2, 3};
    ByteBuffer tail = ByteBuffer.wrap(array);
    tail.position(1);
    ByteBuffer same = ByteBuffer.wrap(new byte[] {1, 2, 3});
    boolean expected =
        beamsOf.invoke(null, tail.duplicate()).equals(beamsOf.invoke(null, same.duplicate()));
    assertEquals(expected, FlinkKey.of(tail.duplicate()).equals(FlinkKey.of(same.duplicate())));
    assertEquals(expected, FlinkKey.of(same.duplicate()).equals(FlinkKey.of(tail.duplicate())));
    assertEquals(
        beamsOf.invoke(null, tail.duplicate()).hashCode(), FlinkKey.of(tail.duplicate()).hashCode());
  }

  /** Keys of every length up to 100 and some longer, random bytes, and Zeek-like uids. */
  private static List<byte[]> keys() {
    Random random = new Random(1);
    List<byte[]> keys = new ArrayList<>();
    for (int length = 0; length <= 100; length++) {
      for (int i = 0; i < 40; i++) {
        byte[] key = new byte[length];
        random.nextBytes(key);
        keys.add(key);
      }
    }
    for (int length : new int[] {255, 256, 1000, 4097}) {
      byte[] key = new byte[length];
      random.nextBytes(key);
      keys.add(key);
    }
    for (int i = 0; i < 1000; i++) {
      keys.add(("C" + Long.toString(random.nextLong() & Long.MAX_VALUE, 36)).getBytes());
    }
    return keys;
  }

  private static byte[] written(Value key) throws IOException {
    DataOutputSerializer out = new DataOutputSerializer(64);
    key.write(out);
    return out.getCopyOfBuffer();
  }

  private static String show(byte[] key) {
    return key.length + " bytes " + java.util.Arrays.toString(key);
  }
}
