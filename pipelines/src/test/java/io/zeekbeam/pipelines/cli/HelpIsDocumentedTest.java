package io.zeekbeam.pipelines.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every command and every option that {@code zeekbeam --help} prints is documented, in the README
 * or a page under docs/. The check reads the help text, not a list, so a new command or option
 * fails it until its documentation is written.
 */
class HelpIsDocumentedTest {
  private static final Pattern OPTION = Pattern.compile("^\\s+--([A-Za-z][A-Za-z0-9]*)");
  private static final Pattern COMMAND = Pattern.compile("^  ([a-z][a-z-]*)\\s{2,}\\S");

  @Test
  void everyCommandAndOptionInHelpIsInTheDocs() throws IOException {
    String help = help();
    String docs = docs();
    Set<String> options = new TreeSet<>();
    Set<String> commands = new TreeSet<>();
    boolean inCommands = false;
    for (String line : help.split("\n")) {
      Matcher o = OPTION.matcher(line);
      if (o.find()) {
        options.add(o.group(1));
      }
      if (line.startsWith("Commands:")) {
        inCommands = true;
      } else if (line.isBlank()) {
        inCommands = false;
      } else if (inCommands) {
        Matcher c = COMMAND.matcher(line);
        if (c.find()) {
          commands.add(c.group(1));
        }
      }
    }
    assertTrue(options.size() >= 20, "options found in help: " + options);
    assertTrue(commands.contains("run") && commands.contains("generate"), commands.toString());

    List<String> undocumented = new ArrayList<>();
    for (String option : options) {
      if (!Pattern.compile("--" + option + "(?![A-Za-z0-9])").matcher(docs).find()) {
        undocumented.add("--" + option);
      }
    }
    for (String command : commands) {
      if (!command.equals("help") && !docs.contains("zeekbeam " + command)) {
        undocumented.add("zeekbeam " + command);
      }
    }
    assertEquals(List.of(), undocumented, "in --help but not in README.md or docs/*.md");
  }

  @Test
  void thePagesTheIssueAsksForExistAndLinkEachOther() throws IOException {
    Path docs = Path.of("..", "docs");
    for (String page : new String[] {"walkthrough.md", "deployment.md", "schemas.md"}) {
      assertTrue(Files.isRegularFile(docs.resolve(page)), page);
    }
    String readme = Files.readString(Path.of("..", "README.md"));
    for (String page :
        new String[] {"docs/walkthrough.md", "docs/deployment.md", "docs/schemas.md"}) {
      assertTrue(readme.contains("(" + page + ")"), "README links " + page);
    }
  }

  private static String help() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code =
        Main.run(
            new String[] {"--help"},
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    assertEquals(0, code);
    return out.toString(StandardCharsets.UTF_8);
  }

  private static String docs() throws IOException {
    StringBuilder all = new StringBuilder(Files.readString(Path.of("..", "README.md")));
    try (Stream<Path> pages = Files.list(Path.of("..", "docs"))) {
      for (Path p : (Iterable<Path>) pages.filter(p -> p.toString().endsWith(".md"))::iterator) {
        all.append('\n').append(Files.readString(p));
      }
    }
    return all.toString();
  }
}
