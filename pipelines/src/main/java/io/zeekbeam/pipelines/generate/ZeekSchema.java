package io.zeekbeam.pipelines.generate;

import io.zeekbeam.schemas.LogType;
import java.util.ArrayList;
import java.util.List;

/**
 * The columns of one Zeek log as Zeek declares them in its {@code #fields} and {@code #types}
 * header lines. The type decides how a value is printed: {@code time} and {@code interval} values
 * are epoch microseconds ({@code Long}), {@code count} and {@code port} are numbers, {@code bool}
 * is a {@code Boolean}, {@code set[...]} and {@code vector[...]} are lists.
 */
record ZeekSchema(LogType type, List<String> names, List<String> types) {

  /** Columns given as {@code "name type"} pairs, in {@code #fields} order. */
  static ZeekSchema of(LogType type, String... columns) {
    List<String> names = new ArrayList<>();
    List<String> types = new ArrayList<>();
    for (String c : columns) {
      int sp = c.indexOf(' ');
      names.add(c.substring(0, sp));
      types.add(c.substring(sp + 1));
    }
    return new ZeekSchema(type, List.copyOf(names), List.copyOf(types));
  }

  int size() {
    return names.size();
  }

  /** The element type of a container type, or null for a scalar type. */
  static String elementType(String type) {
    int open = type.indexOf('[');
    return open < 0 ? null : type.substring(open + 1, type.length() - 1);
  }
}
