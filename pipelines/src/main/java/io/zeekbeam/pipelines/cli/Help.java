package io.zeekbeam.pipelines.cli;

import java.io.PrintStream;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;

/**
 * Prints the options of an options interface, one per line with its default, read from the
 * {@link Description} and {@link Default} annotations, so that help cannot drift from the code.
 */
final class Help {
  private Help() {}

  /** An option as shown in help. */
  static final class Option {
    final String name;
    final String type;
    final String description;
    final String defaultValue;

    Option(String name, String type, String description, String defaultValue) {
      this.name = name;
      this.type = type;
      this.description = description;
      this.defaultValue = defaultValue;
    }
  }

  /** The options declared directly by {@code iface} (not those it inherits). */
  static List<Option> optionsOf(Class<?> iface) {
    List<Option> out = new ArrayList<>();
    Method[] methods = iface.getDeclaredMethods();
    Arrays.sort(methods, Comparator.comparing(Method::getName));
    for (Method m : methods) {
      String n = m.getName();
      if (m.getParameterCount() != 0 || !(n.startsWith("get") || n.startsWith("is"))) {
        continue;
      }
      String prop = n.startsWith("get") ? n.substring(3) : n.substring(2);
      prop = Character.toLowerCase(prop.charAt(0)) + prop.substring(1);
      Description d = m.getAnnotation(Description.class);
      out.add(
          new Option(
              prop,
              m.getReturnType().getSimpleName(),
              d == null ? "" : d.value(),
              defaultOf(m)));
    }
    return out;
  }

  private static String defaultOf(Method m) {
    if (m.getAnnotation(Default.String.class) != null) {
      return m.getAnnotation(Default.String.class).value();
    }
    if (m.getAnnotation(Default.Boolean.class) != null) {
      return String.valueOf(m.getAnnotation(Default.Boolean.class).value());
    }
    if (m.getAnnotation(Default.Integer.class) != null) {
      return String.valueOf(m.getAnnotation(Default.Integer.class).value());
    }
    if (m.getAnnotation(Default.Long.class) != null) {
      return String.valueOf(m.getAnnotation(Default.Long.class).value());
    }
    if (m.getAnnotation(Default.Double.class) != null) {
      return String.valueOf(m.getAnnotation(Default.Double.class).value());
    }
    return null;
  }

  static void printGroup(PrintStream out, String title, Class<?> iface) {
    out.println("  " + title + ":");
    for (Option o : optionsOf(iface)) {
      String head = "    --" + o.name + (o.type.equals("boolean") ? "" : "=" + placeholder(o));
      out.println(head);
      out.println("        " + o.description + (o.defaultValue == null ? "" : " (default: " + o.defaultValue + ")"));
    }
  }

  private static String placeholder(Option o) {
    switch (o.type) {
      case "Integer":
      case "int":
      case "Long":
      case "long":
        return "N";
      default:
        return "VALUE";
    }
  }
}
