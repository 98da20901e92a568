package io.zeekbeam.transforms.parse;

import io.zeekbeam.schemas.LogType;
import io.zeekbeam.transforms.errors.BadRecordException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Reads one Zeek ASCII (TSV) log, line by line, in file order. It is stateful because the meaning
 * of a row depends on the header before it: {@code #separator}, {@code #set_separator},
 * {@code #empty_field}, {@code #unset_field}, {@code #path}, {@code #fields} and {@code #types}. A
 * file may hold several logs one after the other (a new header after {@code #close}, or a header
 * change mid-file); each header replaces the previous one.
 */
public final class ZeekTsv {
  private String separator = "\t";
  private String setSeparator = ",";
  private String emptyField = "(empty)";
  private String unsetField = "-";
  private @Nullable String path;
  private String @Nullable [] fields;
  private @Nullable ZeekRecordType<?> recordType;
  private int[] targetIndex = new int[0];

  /** Creates a reader; {@code pathHint} is the log type to assume before any {@code #path}. */
  public ZeekTsv(@Nullable LogType pathHint) {
    this.path = pathHint == null ? null : pathHint.id();
  }

  /** Whether this line is part of a header (or a {@code #close} footer) rather than a row. */
  public static boolean isHeader(String line) {
    return line.startsWith("#");
  }

  /** The log type named by the current {@code #path}, if we analyse it. */
  public Optional<LogType> logType() {
    return LogType.ofZeekPath(path);
  }

  /** The current {@code #path}, which may name a log type we do not analyse. */
  public @Nullable String path() {
    return path;
  }

  /** Takes a header line into account. */
  public void header(String line) {
    int sp = line.indexOf(line.startsWith("#separator") ? ' ' : '\t');
    String key = sp < 0 ? line.substring(1) : line.substring(1, sp);
    String value = sp < 0 ? "" : line.substring(sp + 1);
    switch (key) {
      case "separator":
        separator = unescape(value);
        break;
      case "set_separator":
        setSeparator = unescape(value);
        break;
      case "empty_field":
        emptyField = value;
        break;
      case "unset_field":
        unsetField = value;
        break;
      case "path":
        path = value;
        recordType = null;
        break;
      case "fields":
        fields = split(value, separator);
        recordType = null;
        break;
      default:
        // #open, #close, #types and comments: #types adds nothing the record class does not say.
    }
  }

  /**
   * Parses a data row of the current log.
   *
   * @throws BadRecordException when the row does not fit the header, with the reason
   */
  @SuppressWarnings("unchecked")
  public <T> T row(String line) throws BadRecordException {
    ZeekRecordType<T> type = (ZeekRecordType<T>) currentType();
    String[] cells = split(line, separator);
    if (cells.length != targetIndex.length) {
      throw new BadRecordException(
          "TSV row has "
              + cells.length
              + " columns but #fields declares "
              + targetIndex.length);
    }
    Object[] values = type.newValues();
    for (int c = 0; c < cells.length; c++) {
      int i = targetIndex[c];
      if (i < 0) {
        continue;
      }
      String cell = cells[c];
      if (cell.equals(unsetField)) {
        continue;
      }
      if (type.isList(i)) {
        values[i] = list(type, i, cell);
      } else if (cell.equals(emptyField)) {
        values[i] = type.kind(i) == ZeekRecordType.Kind.STRING ? "" : null;
      } else {
        values[i] = type.fromText(i, unescape(cell));
      }
    }
    return type.build(values);
  }

  private ZeekRecordType<?> currentType() throws BadRecordException {
    if (recordType != null) {
      return recordType;
    }
    if (fields == null) {
      throw new BadRecordException("TSV row before any #fields header");
    }
    Optional<LogType> t = logType();
    if (t.isEmpty()) {
      throw new BadRecordException(
          path == null
              ? "TSV row of a log with no #path"
              : "TSV row of a '" + path + "' log, which zeekbeam does not read");
    }
    ZeekRecordType<?> type = ZeekRecordType.of(t.get());
    targetIndex = new int[fields.length];
    for (int c = 0; c < fields.length; c++) {
      targetIndex[c] = type.indexOf(fields[c]);
    }
    recordType = type;
    return type;
  }

  private List<Object> list(ZeekRecordType<?> type, int i, String cell) throws BadRecordException {
    if (cell.equals(emptyField)) {
      return new ArrayList<>();
    }
    String[] parts = split(cell, setSeparator);
    List<Object> out = new ArrayList<>(parts.length);
    for (String part : parts) {
      out.add(type.fromText(i, unescape(part)));
    }
    return out;
  }

  private static String[] split(String s, String sep) {
    if (sep.length() == 1) {
      char c = sep.charAt(0);
      List<String> out = new ArrayList<>();
      int start = 0;
      for (int i = 0; i < s.length(); i++) {
        if (s.charAt(i) == c) {
          out.add(s.substring(start, i));
          start = i + 1;
        }
      }
      out.add(s.substring(start));
      return out.toArray(new String[0]);
    }
    return s.split(java.util.regex.Pattern.quote(sep), -1);
  }

  /**
   * Undoes Zeek's ASCII escaping: {@code \xHH} is the byte HH (bytes are then read as UTF-8) and
   * {@code \\} a backslash. Anything else after a backslash is kept as written.
   */
  static String unescape(String s) {
    if (s.indexOf('\\') < 0) {
      return s;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
    StringBuilder out = new StringBuilder(s.length());
    int i = 0;
    while (i < s.length()) {
      char ch = s.charAt(i);
      if (ch == '\\' && i + 1 < s.length() && s.charAt(i + 1) == 'x' && isHex(s, i + 2)) {
        bytes.write(Integer.parseInt(s.substring(i + 2, i + 4), 16));
        i += 4;
        continue;
      }
      flush(bytes, out);
      if (ch == '\\' && i + 1 < s.length() && s.charAt(i + 1) == '\\') {
        out.append('\\');
        i += 2;
      } else {
        out.append(ch);
        i++;
      }
    }
    flush(bytes, out);
    return out.toString();
  }

  private static boolean isHex(String s, int at) {
    return at + 1 < s.length()
        && Character.digit(s.charAt(at), 16) >= 0
        && Character.digit(s.charAt(at + 1), 16) >= 0;
  }

  private static void flush(ByteArrayOutputStream bytes, StringBuilder out) {
    if (bytes.size() > 0) {
      out.append(new String(bytes.toByteArray(), StandardCharsets.UTF_8));
      bytes.reset();
    }
  }

  @Override
  public String toString() {
    return "ZeekTsv{path=" + path + ", fields=" + Arrays.toString(fields) + "}";
  }
}
