package io.zeekbeam.transforms.enrich;

import io.zeekbeam.transforms.parse.IpLiterals;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Writes MaxMind DB files (binary format 2.0) for test fixtures, from the public specification
 * (https://maxmind.github.io/MaxMind-DB/): no Java library writes them, and fixtures written by the
 * test itself need no licence and no download.
 *
 * <p>The file is a binary search tree over the address bits (24-, 28- or 32-bit records), 16 zero
 * bytes, the data section, and the metadata map after the marker {@code \xAB\xCD\xEFMaxMind.com}.
 * An IPv6 database holds IPv4 networks in {@code ::/96}, where MaxMind's readers look IPv4
 * addresses up. A more specific network wins over a wider one whatever the order of {@link #insert}
 * calls. Identical records are stored once; pointers are never written.
 *
 * <p>Values are {@link String} (utf8_string), {@link Double}, {@link Float}, {@link Boolean},
 * {@link Map} with string keys, {@link List}, {@code byte[]}, and the explicit integer types {@link
 * #u16}, {@link #u32}, {@link #u64}, {@link #u128} and {@link #i32}: a bare {@link Integer} or
 * {@link Long} is refused, because the reader maps each integer type to a different Java type
 * (uint16 to Integer, uint32 to Long, uint64 to BigInteger) and GeoIP2's models rely on that.
 */
public final class MmdbWriter {
  private static final byte[] METADATA_MARKER = {
    (byte) 0xAB, (byte) 0xCD, (byte) 0xEF, 'M', 'a', 'x', 'M', 'i', 'n', 'd', '.', 'c', 'o', 'm'
  };
  private static final int DATA_SECTION_SEPARATOR = 16;

  private static final int UTF8_STRING = 2;
  private static final int DOUBLE = 3;
  private static final int BYTES = 4;
  private static final int UINT16 = 5;
  private static final int UINT32 = 6;
  private static final int MAP = 7;
  private static final int INT32 = 8;
  private static final int UINT64 = 9;
  private static final int UINT128 = 10;
  private static final int ARRAY = 11;
  private static final int BOOLEAN = 14;
  private static final int FLOAT = 15;

  /** An unsigned integer of a given MaxMind DB type. */
  public static final class Unsigned {
    private final int type;
    private final BigInteger value;

    private Unsigned(int type, int maxBits, BigInteger value) {
      if (value.signum() < 0 || value.bitLength() > maxBits) {
        throw new IllegalArgumentException(value + " does not fit an unsigned " + maxBits + "-bit");
      }
      this.type = type;
      this.value = value;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Unsigned u && u.type == type && u.value.equals(value);
    }

    @Override
    public int hashCode() {
      return Objects.hash(type, value);
    }
  }

  /** A signed 32-bit integer (MaxMind DB int32). */
  public record Int32(int value) {}

  public static Unsigned u16(int value) {
    return new Unsigned(UINT16, 16, BigInteger.valueOf(value));
  }

  public static Unsigned u32(long value) {
    return new Unsigned(UINT32, 32, BigInteger.valueOf(value));
  }

  public static Unsigned u64(long value) {
    return new Unsigned(UINT64, 64, BigInteger.valueOf(value));
  }

  public static Unsigned u64(BigInteger value) {
    return new Unsigned(UINT64, 64, value);
  }

  public static Unsigned u128(BigInteger value) {
    return new Unsigned(UINT128, 128, value);
  }

  public static Int32 i32(int value) {
    return new Int32(value);
  }

  private record Network(byte[] bits, int prefix, Object record, int order) {}

  private final int ipVersion;
  private final String databaseType;
  private int recordSize = 28;
  private List<String> languages = List.of("en");
  private final Map<String, String> description = new LinkedHashMap<>();
  private long buildEpoch = 1_700_000_000L;
  private final List<Network> networks = new ArrayList<>();

  private MmdbWriter(int ipVersion, String databaseType) {
    this.ipVersion = ipVersion;
    this.databaseType = Objects.requireNonNull(databaseType, "databaseType");
    description.put("en", "zeekbeam test fixture (" + databaseType + ")");
  }

  /** An IPv6 database (IPv4 networks go into {@code ::/96}), as MaxMind ships them. */
  public static MmdbWriter ipv6(String databaseType) {
    return new MmdbWriter(6, databaseType);
  }

  /** An IPv4-only database. */
  public static MmdbWriter ipv4(String databaseType) {
    return new MmdbWriter(4, databaseType);
  }

  /** Bits per search-tree record: 24, 28 (the default) or 32. */
  public MmdbWriter recordSize(int bits) {
    if (bits != 24 && bits != 28 && bits != 32) {
      throw new IllegalArgumentException("record size must be 24, 28 or 32, not " + bits);
    }
    this.recordSize = bits;
    return this;
  }

  public MmdbWriter languages(String... codes) {
    this.languages = List.of(codes);
    return this;
  }

  public MmdbWriter description(String language, String text) {
    description.put(language, text);
    return this;
  }

  public MmdbWriter buildEpoch(long epochSeconds) {
    this.buildEpoch = epochSeconds;
    return this;
  }

  /**
   * Maps every address of {@code cidr} (e.g. {@code 81.2.69.142/31}, {@code 2001:218::/32}; a bare
   * address is a single host) to {@code record}, usually a {@link Map}.
   */
  public MmdbWriter insert(String cidr, Object record) {
    Objects.requireNonNull(record, "record");
    checkEncodable(record);
    int slash = cidr.indexOf('/');
    String address = slash < 0 ? cidr : cidr.substring(0, slash);
    if (!IpLiterals.isIpLiteral(address)) {
      throw new IllegalArgumentException("not an IP network: " + cidr);
    }
    byte[] bytes;
    try {
      bytes = InetAddress.getByName(address).getAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an IP network: " + cidr, e);
    }
    int prefix = slash < 0 ? bytes.length * 8 : Integer.parseInt(cidr.substring(slash + 1));
    if (prefix < 1 || prefix > bytes.length * 8) {
      throw new IllegalArgumentException("prefix length out of range in " + cidr);
    }
    if (ipVersion == 6 && bytes.length == 4) {
      byte[] v6 = new byte[16];
      System.arraycopy(bytes, 0, v6, 12, 4);
      bytes = v6;
      prefix += 96;
    } else if (ipVersion == 4 && bytes.length == 16) {
      throw new IllegalArgumentException("an IPv4 database cannot hold " + cidr);
    }
    networks.add(new Network(bytes, prefix, record, networks.size()));
    return this;
  }

  /** Writes the database to {@code file} and returns it. */
  public Path write(Path file) {
    try {
      Files.write(file, toBytes());
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The database as bytes. */
  public byte[] toBytes() {
    Node root = buildTree();
    List<Node> nodes = numberNodes(root);
    long nodeCount = nodes.size();

    ByteArrayOutputStream data = new ByteArrayOutputStream();
    Map<Leaf, Long> offsets = new IdentityHashMap<>();
    Map<ByteBuffer, Long> offsetsByContent = new HashMap<>();
    for (Node n : nodes) {
      for (Object child : n.children) {
        if (child instanceof Leaf leaf && !offsets.containsKey(leaf)) {
          byte[] encoded = encode(leaf.record);
          ByteBuffer key = ByteBuffer.wrap(encoded);
          Long offset = offsetsByContent.get(key);
          if (offset == null) {
            offset = (long) data.size();
            data.writeBytes(encoded);
            offsetsByContent.put(key, offset);
          }
          offsets.put(leaf, offset);
        }
      }
    }

    long maxRecord = (1L << recordSize) - 1;
    if (nodeCount + DATA_SECTION_SEPARATOR + data.size() > maxRecord) {
      throw new IllegalStateException(
          "the database does not fit " + recordSize + "-bit records; use a larger record size");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Node n : nodes) {
      long left = recordValue(n.children[0], nodeCount, offsets);
      long right = recordValue(n.children[1], nodeCount, offsets);
      writeNode(out, left, right);
    }
    out.writeBytes(new byte[DATA_SECTION_SEPARATOR]);
    out.writeBytes(data.toByteArray());
    out.writeBytes(METADATA_MARKER);
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("node_count", u32(nodeCount));
    metadata.put("record_size", u16(recordSize));
    metadata.put("ip_version", u16(ipVersion));
    metadata.put("database_type", databaseType);
    metadata.put("languages", languages);
    metadata.put("binary_format_major_version", u16(2));
    metadata.put("binary_format_minor_version", u16(0));
    metadata.put("build_epoch", u64(buildEpoch));
    metadata.put("description", description);
    out.writeBytes(encode(metadata));
    return out.toByteArray();
  }

  /** A tree node; each child is null (no data), a {@link Node} or a {@link Leaf}. */
  private static final class Node {
    final Object[] children = new Object[2];
    int index;
  }

  /** A data record at the end of a path; identity matters, so no record class. */
  private static final class Leaf {
    final Object record;

    Leaf(Object record) {
      this.record = record;
    }
  }

  private Node buildTree() {
    Node root = new Node();
    List<Network> ordered = new ArrayList<>(networks);
    // Wider networks first, so that a narrower one splits them and wins.
    ordered.sort(Comparator.comparingInt(Network::prefix).thenComparingInt(Network::order));
    for (Network net : ordered) {
      Node node = root;
      for (int i = 0; i < net.prefix - 1; i++) {
        int bit = bit(net.bits, i);
        Object child = node.children[bit];
        if (child instanceof Node next) {
          node = next;
          continue;
        }
        Node next = new Node();
        if (child instanceof Leaf leaf) {
          next.children[0] = leaf;
          next.children[1] = leaf;
        }
        node.children[bit] = next;
        node = next;
      }
      node.children[bit(net.bits, net.prefix - 1)] = new Leaf(net.record);
    }
    return root;
  }

  private static int bit(byte[] bytes, int index) {
    return (bytes[index / 8] >> (7 - index % 8)) & 1;
  }

  /** Breadth-first, so the root is node 0 as the format requires. */
  private static List<Node> numberNodes(Node root) {
    List<Node> nodes = new ArrayList<>();
    ArrayDeque<Node> queue = new ArrayDeque<>();
    queue.add(root);
    while (!queue.isEmpty()) {
      Node n = queue.poll();
      n.index = nodes.size();
      nodes.add(n);
      for (Object child : n.children) {
        if (child instanceof Node c) {
          queue.add(c);
        }
      }
    }
    return nodes;
  }

  private static long recordValue(Object child, long nodeCount, Map<Leaf, Long> offsets) {
    if (child == null) {
      return nodeCount;
    }
    if (child instanceof Node n) {
      return n.index;
    }
    return nodeCount + DATA_SECTION_SEPARATOR + offsets.get((Leaf) child);
  }

  private void writeNode(ByteArrayOutputStream out, long left, long right) {
    switch (recordSize) {
      case 24 -> {
        writeBigEndian(out, left, 3);
        writeBigEndian(out, right, 3);
      }
      case 28 -> {
        writeBigEndian(out, left & 0xFFFFFF, 3);
        out.write((int) (((left >>> 24) & 0x0F) << 4 | ((right >>> 24) & 0x0F)));
        writeBigEndian(out, right & 0xFFFFFF, 3);
      }
      default -> {
        writeBigEndian(out, left, 4);
        writeBigEndian(out, right, 4);
      }
    }
  }

  private static void writeBigEndian(ByteArrayOutputStream out, long value, int bytes) {
    for (int i = bytes - 1; i >= 0; i--) {
      out.write((int) (value >>> (8 * i)) & 0xFF);
    }
  }

  private static void checkEncodable(Object value) {
    encode(value);
  }

  /** One value in the data-section encoding. */
  static byte[] encode(Object value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    encode(out, value);
    return out.toByteArray();
  }

  private static void encode(ByteArrayOutputStream out, Object value) {
    if (value instanceof String s) {
      byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
      control(out, UTF8_STRING, utf8.length);
      out.writeBytes(utf8);
    } else if (value instanceof Double d) {
      control(out, DOUBLE, 8);
      writeBigEndian(out, Double.doubleToLongBits(d), 8);
    } else if (value instanceof Float f) {
      control(out, FLOAT, 4);
      writeBigEndian(out, Float.floatToIntBits(f) & 0xFFFFFFFFL, 4);
    } else if (value instanceof Boolean b) {
      control(out, BOOLEAN, b ? 1 : 0);
    } else if (value instanceof byte[] bytes) {
      control(out, BYTES, bytes.length);
      out.writeBytes(bytes);
    } else if (value instanceof Unsigned u) {
      byte[] magnitude = minimalBigEndian(u.value);
      control(out, u.type, magnitude.length);
      out.writeBytes(magnitude);
    } else if (value instanceof Int32 i) {
      // Negative values need all four bytes: the reader sign-extends only a 4-byte int32.
      int size = i.value() < 0 ? 4 : minimalBigEndian(BigInteger.valueOf(i.value())).length;
      control(out, INT32, size);
      writeBigEndian(out, i.value() & 0xFFFFFFFFL, size);
    } else if (value instanceof Map<?, ?> map) {
      control(out, MAP, map.size());
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (!(e.getKey() instanceof String)) {
          throw new IllegalArgumentException("map keys must be strings: " + e.getKey());
        }
        encode(out, e.getKey());
        encode(out, Objects.requireNonNull(e.getValue(), "null value for " + e.getKey()));
      }
    } else if (value instanceof List<?> list) {
      control(out, ARRAY, list.size());
      for (Object element : list) {
        encode(out, Objects.requireNonNull(element, "null array element"));
      }
    } else {
      throw new IllegalArgumentException(
          "cannot encode "
              + (value == null ? "null" : value.getClass().getName())
              + (value instanceof Integer || value instanceof Long
                  ? ": say which integer type with u16/u32/u64/u128/i32"
                  : ""));
    }
  }

  private static byte[] minimalBigEndian(BigInteger value) {
    if (value.signum() == 0) {
      return new byte[0];
    }
    byte[] b = value.toByteArray();
    return b[0] == 0 ? Arrays.copyOfRange(b, 1, b.length) : b;
  }

  /**
   * The control byte: type in the top three bits (0 and an extra byte of type - 7 for the extended
   * types), size in the low five, with 1 to 3 more size bytes for sizes of 29 and up.
   */
  private static void control(ByteArrayOutputStream out, int type, int size) {
    int typeBits = type <= 7 ? type << 5 : 0;
    int sizeBits;
    byte[] extra;
    if (size < 29) {
      sizeBits = size;
      extra = new byte[0];
    } else if (size < 29 + 256) {
      sizeBits = 29;
      extra = new byte[] {(byte) (size - 29)};
    } else if (size < 285 + 65536) {
      sizeBits = 30;
      int s = size - 285;
      extra = new byte[] {(byte) (s >>> 8), (byte) s};
    } else {
      sizeBits = 31;
      int s = size - 65821;
      extra = new byte[] {(byte) (s >>> 16), (byte) (s >>> 8), (byte) s};
    }
    out.write(typeBits | sizeBits);
    if (type > 7) {
      out.write(type - 7);
    }
    out.writeBytes(extra);
  }
}
