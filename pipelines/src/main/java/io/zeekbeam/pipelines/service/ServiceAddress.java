package io.zeekbeam.pipelines.service;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;

/**
 * Where the service of one build of zeekbeam listens, and how a client knows it runs the same
 * build.
 *
 * <p>The socket is a Unix domain socket in a folder of the user's own, {@code
 * <java.io.tmpdir>/zeekbeam-<user>/}, which only the user may open (mode 700): no other user of the
 * machine can submit runs, which would read and write files as this user. A folder that exists with
 * another owner or wider permissions is refused, not used. The socket's name is a digest of the
 * jar's real path, so each checkout has its own service; the build's identity (the jar's path,
 * size and modification time) is checked on every connection, so that a run never goes to a
 * service that loaded another build.
 */
public final class ServiceAddress {
  private static final Set<PosixFilePermission> OWNER_ONLY =
      EnumSet.of(
          PosixFilePermission.OWNER_READ,
          PosixFilePermission.OWNER_WRITE,
          PosixFilePermission.OWNER_EXECUTE);

  final Path socket;
  final String build;

  ServiceAddress(Path socket, String build) {
    this.socket = socket;
    this.build = build;
  }

  public Path socket() {
    return socket;
  }

  /** The address of this build's service: from the jar (or classes folder) this class came from. */
  public static ServiceAddress ofThisBuild() {
    Path code = codeSource();
    String user = System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9._-]", "_");
    Path dir = Paths.get(System.getProperty("java.io.tmpdir"), "zeekbeam-" + user);
    return new ServiceAddress(dir.resolve(digest(code.toString()) + ".sock"), buildId(code));
  }

  /** The jar or classes folder this class was loaded from, as a real path where it exists. */
  static Path codeSource() {
    try {
      Path p =
          Paths.get(ServiceAddress.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return Files.exists(p) ? p.toRealPath() : p.toAbsolutePath();
    } catch (URISyntaxException | IOException | SecurityException | NullPointerException e) {
      return Paths.get("zeekbeam").toAbsolutePath();
    }
  }

  /** A build's identity: the path, and for a jar its size and modification time. */
  static String buildId(Path code) {
    try {
      if (Files.isRegularFile(code)) {
        return code + "@" + Files.size(code) + "." + Files.getLastModifiedTime(code).toMillis();
      }
    } catch (IOException e) {
      // A jar that cannot be read now is another build than the one loaded.
      return code + "@unreadable";
    }
    return code.toString();
  }

  private static String digest(String s) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /**
   * Creates the socket's folder if it is missing, owner-only, and checks that it is the user's own
   * and closed to others; throws with the reason otherwise.
   */
  static void prepareFolder(Path socket) throws IOException {
    Path dir = socket.getParent();
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      try {
        Files.createDirectories(
            dir.getParent() == null ? dir : dir.getParent()); // the temporary folder itself
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
      } catch (java.nio.file.FileAlreadyExistsException raced) {
        // Made by another process meanwhile: checked below like any existing folder.
      }
    }
    checkFolder(dir);
  }

  /** Throws unless {@code dir} is a real folder of this user's that only this user may open. */
  static void checkFolder(Path dir) throws IOException {
    PosixFileAttributes a =
        Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    String me = System.getProperty("user.name");
    if (!a.isDirectory()) {
      throw new IOException(dir + " is not a folder");
    }
    if (me != null && !a.owner().getName().equals(me)) {
      throw new IOException(dir + " belongs to " + a.owner().getName() + ", not to " + me);
    }
    if (!a.permissions().equals(OWNER_ONLY)) {
      throw new IOException(
          dir
              + " is open to other users ("
              + PosixFilePermissions.toString(a.permissions())
              + "); it must be rwx------ (chmod 700)");
    }
  }
}
